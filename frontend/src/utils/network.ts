/**
 * The Network tab's logic, kept out of the components: filtering, what stands out, sizes,
 * status classes, and copy as cURL.
 */
import type { NetEvent } from '@/api/network'

export type StatusFilter = '' | 'failed' | '2xx' | '3xx' | '4xx' | '5xx'

export interface NetFilter {
  kind: '' | NetEvent['kind']
  status: StatusFilter
  text: string
}

/** Failed: a network error, a failed resource, or a 4xx / 5xx answer. */
export function isFailed(e: NetEvent): boolean {
  return !!e.error || e.status >= 400
}

/** The console's JS-SDK signing endpoints (/api/jssdk/*). */
export function isJSSDK(e: NetEvent): boolean {
  try {
    return new URL(e.url).pathname.startsWith('/api/jssdk/')
  } catch {
    return e.url.includes('/api/jssdk/')
  }
}

/**
 * What stands out in the list: a failed call to the console's /api/jssdk/* (the page's
 * signatures will fail with it), and every failed request of the page's own API.
 */
export function standout(e: NetEvent): 'jssdk' | 'failed' | '' {
  if (!isFailed(e)) return ''
  return isJSSDK(e) ? 'jssdk' : 'failed'
}

export function matches(e: NetEvent, f: NetFilter): boolean {
  if (f.kind && e.kind !== f.kind) return false
  switch (f.status) {
    case 'failed':
      if (!isFailed(e)) return false
      break
    case '2xx':
    case '3xx':
    case '4xx':
    case '5xx':
      if (Math.floor(e.status / 100) !== Number(f.status[0])) return false
      break
  }
  const q = f.text.trim().toLowerCase()
  if (!q) return true
  return [e.url, e.method, String(e.status), e.error ?? '', e.mime ?? ''].some((s) => s.toLowerCase().includes(q))
}

/** A size in bytes as people read it. */
export function formatSize(n: number | undefined): string {
  if (n == null || n <= 0) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** ms as people read it. */
export function formatMs(ms: number | undefined): string {
  if (ms == null) return '—'
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`
}

/** The tag colour of a status. */
export function statusTone(e: NetEvent): 'success' | 'info' | 'warning' | 'error' | 'default' {
  if (e.error) return 'error'
  if (e.status >= 500) return 'error'
  if (e.status >= 400) return 'warning'
  if (e.status >= 300) return 'info'
  if (e.status >= 200) return 'success'
  return 'default'
}

/** The path and query of a URL (the host goes to its own column). */
export function shortURL(url: string): { host: string; path: string } {
  try {
    const u = new URL(url)
    let path = `${u.pathname}${u.search}` || '/'
    try {
      path = decodeURI(path) // the masks' … and non-ASCII as the page wrote them
    } catch {
      // keep it encoded
    }
    return { host: u.host, path }
  } catch {
    return { host: '', path: url }
  }
}

/** shellQuote wraps s in single quotes for a POSIX shell. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** Headers the browser sets itself: a cURL copy leaves them out. */
const BROWSER_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding'])

/**
 * curlOf is the request as a cURL command line. Masked values stay masked (ab…yz): the
 * console never had the real ones; replace them before running it.
 */
export function curlOf(e: NetEvent): string {
  if (e.kind === 'ws' || e.kind === 'resource') return `curl ${shellQuote(e.url)}`
  const lines = [`curl ${shellQuote(e.url)}`]
  const method = e.method.toUpperCase()
  if (method !== 'GET' && !(method === 'POST' && e.reqBody)) lines.push(`-X ${method}`)
  for (const [k, v] of Object.entries(e.reqHeaders ?? {})) {
    if (!BROWSER_HEADERS.has(k)) lines.push(`-H ${shellQuote(`${k}: ${v}`)}`)
  }
  if (e.reqBody) lines.push(`--data-raw ${shellQuote(e.reqBody)}`)
  return lines.join(' \\\n  ')
}

/** mergeEvents puts new events into a list by id (a WebSocket's close replaces its open), bounded to the newest max. */
export function mergeEvents(list: NetEvent[], add: NetEvent[], max = 500): NetEvent[] {
  const out = list.slice()
  const index = new Map(out.map((e, i) => [e.id, i]))
  for (const e of add) {
    const i = index.get(e.id)
    if (i === undefined) {
      index.set(e.id, out.length)
      out.push(e)
    } else {
      out[i] = e
    }
  }
  return out.length > max ? out.slice(out.length - max) : out
}
