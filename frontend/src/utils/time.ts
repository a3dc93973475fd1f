/** Time to live as text: "1:59:58" above an hour, "4:07" below, "0:00" when over. */
export function formatTTL(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0:00'
  const total = Math.floor(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A Unix-ms time as local date and time, "—" for none (0). */
export function formatTime(ms: number, locale: string): string {
  if (!ms) return '—'
  return new Date(ms).toLocaleString(locale, { hour12: false })
}
