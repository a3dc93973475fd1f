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

function parseTime(iso: string): Date | null {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d
}

/** The local time of day of an ISO time with milliseconds, "14:03:07.042"; "—" when unreadable. */
export function formatClock(iso: string, locale: string): string {
  const d = parseTime(iso)
  if (!d) return '—'
  const hms = d.toLocaleTimeString(locale, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return `${hms}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** An ISO time as local date and time with milliseconds; "—" when unreadable. */
export function formatDateTime(iso: string, locale: string): string {
  const d = parseTime(iso)
  if (!d) return '—'
  return `${d.toLocaleString(locale, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** A duration in microseconds as "0.42 ms", "3.1 ms", "250 ms" or "2.5 s". */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '—'
  const ms = us / 1000
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 10) return `${ms.toFixed(1)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(1)} s`
}

/**
 * A Unix-ms time relative to now, in the locale's words: "3 minutes ago", "in 2 hours",
 * "3分钟前", "2小时后". "—" for none (0).
 */
export function formatRelative(ms: number, now: number, locale: string): string {
  if (!ms || !Number.isFinite(ms)) return '—'
  const seconds = Math.round((ms - now) / 1000)
  const abs = Math.abs(seconds)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.trunc(seconds / 60), 'minute')
  if (abs < 86_400) return rtf.format(Math.trunc(seconds / 3600), 'hour')
  return rtf.format(Math.trunc(seconds / 86_400), 'day')
}

/** An ISO time (Go's time.Time) as local date and time, "—" when absent or unreadable. */
export function formatIso(iso: string, locale: string): string {
  const d = parseTime(iso)
  return d ? formatTime(d.getTime(), locale) : '—'
}

/** Unix seconds (WeCom's times) as local date and time, "—" for none. */
export function formatUnix(seconds: number, locale: string): string {
  return seconds > 0 ? formatTime(seconds * 1000, locale) : '—'
}
