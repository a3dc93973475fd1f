// What the phone-side scripts send to the console never holds a credential. They never
// see one anyway (tickets stay in Go), but a page may log or pass anything.

/** Parameter names that hold a credential; their values are never sent. */
const CREDENTIAL_KEY = /^(jsapi_?ticket|ticket|access_?token|corp_?secret|secret|suite_?(access_?)?token|suite_?ticket|password)$/i

/** A long run of base64url characters: a ticket, a token, a secret (a 40-hex signature is kept). */
const TOKEN = /[A-Za-z0-9_-]{43,}/g

/** A sign string or query pair that quotes a ticket or token. */
const PAIR = /\b(jsapi_ticket|access_token|corpsecret|ticket)=([^&\s"']+)/gi

export function mask(value: string): string {
  return value.length <= 6 ? '…' : `${value.slice(0, 2)}…${value.slice(-2)}`
}

/** maskText masks everything in s that looks like a credential. */
export function maskText(s: string): string {
  return s
    .replace(PAIR, (_m, k: string, v: string) => `${k}=${mask(v)}`)
    .replace(TOKEN, (m) => (/^[0-9a-f]{40}$/i.test(m) ? m : mask(m)))
}

/** clip cuts s to n characters (code points), marking the cut. */
export function clip(s: string, n: number): string {
  if (s.length <= n) return s
  const cps = Array.from(s)
  return cps.length <= n ? s : `${cps.slice(0, n).join('')}…`
}

/**
 * sanitize returns a JSON-safe copy of v: credential keys and functions dropped, strings
 * masked and cut, depth and breadth bounded, cycles broken.
 */
export function sanitize(v: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (v == null || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v)
  if (typeof v === 'string') return clip(maskText(v), 1000)
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'function') return `[function ${(v as { name?: string }).name || ''}]`.trim()
  if (typeof v !== 'object') return String(v)
  if (seen.has(v as object)) return '[cycle]'
  if (depth >= 5) return '[…]'
  seen.add(v as object)
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => sanitize(x, depth + 1, seen))
  if (v instanceof Error) return { name: v.name, message: clip(maskText(v.message), 1000) }
  const out: Record<string, unknown> = {}
  let n = 0
  for (const k of Object.keys(v as object)) {
    if (n++ >= 50) break
    const x = (v as Record<string, unknown>)[k]
    if (typeof x === 'function') continue
    out[k] = CREDENTIAL_KEY.test(k) ? '(removed)' : sanitize(x, depth + 1, seen)
  }
  return out
}

/** describe turns anything a page logs or throws into one line of text. */
export function describe(v: unknown): string {
  try {
    if (typeof v === 'string') return v
    if (v instanceof Error) return `${v.name}: ${v.message}`
    if (v && typeof v === 'object') {
      const o = v as { errMsg?: unknown; message?: unknown }
      if (typeof o.errMsg === 'string') return o.errMsg
      return JSON.stringify(sanitize(v))
    }
    return String(v)
  } catch {
    return '[unprintable]'
  }
}
