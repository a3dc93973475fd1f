// The network capture: every fetch, XMLHttpRequest, navigator.sendBeacon and WebSocket the
// page makes, and the resources (script, img, link…) that failed to load. Each hook is
// wrapped: a failure of the capture never reaches the page, the page's own call runs
// exactly as it would (same arguments, same `this`, the very promise fetch returned), and
// a page that replaces fetch or XMLHttpRequest itself, before or after, keeps working.
// Everything is masked here (netmask.ts) before it is handed to emit.
import { clip, maskText } from '../shared/redact'
import { maskBody, maskHeaders, maskURL } from './netmask'
import type { BodyNote, NetEvent, NetKind } from '../shared/netevent'

export interface CaptureOptions {
  emit: (ev: NetEvent) => void
  /** Bytes of a text body kept; 0: no bodies at all. */
  bodyLimit: () => number
  /** The reporter's own channel (never captured) or the console's endpoint (marked). */
  own: (url: string) => 'channel' | 'console' | ''
  now?: () => number
  clock?: () => number
}

type AnyFn = (...args: any[]) => any
type Win = Window & typeof globalThis

export function safe<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined // never into the page
  }
}

const TEXT_TYPE = /^(text\/|application\/([\w.+-]*json|[\w.+-]*xml|javascript|ecmascript|x-www-form-urlencoded|graphql)|image\/svg\+xml)/i

/** isTextType: a body of this Content-Type is read as text ("" counts as text). */
export function isTextType(ct: string | null | undefined): boolean {
  return !ct || TEXT_TYPE.test(ct.trim())
}

const enc = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null
export function byteLength(s: string): number {
  return enc ? enc.encode(s).length : s.length
}

/** cutBody keeps limit bytes' worth of text (by characters, close enough), masked. */
function cutBody(text: string, limit: number, ct: string): { body?: string; note?: BodyNote } {
  if (limit <= 0) return { note: 'off' }
  if (text.length > limit) return { body: maskText(text.slice(0, limit)), note: 'truncated' }
  return { body: maskBody(text, ct) }
}

/** A request body as text, or why not. */
export function requestBody(body: unknown, limit: number, ct = ''): { body?: string; size?: number; note?: BodyNote } {
  if (body == null) return {}
  if (typeof body === 'string') return { ...cutBody(body, limit, ct), size: byteLength(body) }
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) {
    const s = body.toString()
    return { ...cutBody(s, limit, 'application/x-www-form-urlencoded'), size: s.length }
  }
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const parts: string[] = []
    body.forEach((v, k) => parts.push(typeof v === 'string' ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${encodeURIComponent(k)}=[file ${(v as File).name || ''} ${(v as Blob).size} B]`))
    return { ...cutBody(parts.join('&'), limit, 'application/x-www-form-urlencoded') }
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) return { size: body.size, note: 'binary' }
  if (body instanceof ArrayBuffer) return { size: body.byteLength, note: 'binary' }
  if (ArrayBuffer.isView(body)) return { size: body.byteLength, note: 'binary' }
  return { note: 'unread' } // a stream: reading it would take it from the page
}

/** headersOf reads Headers, [k, v][] or a plain object. */
export function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!h) return out
  if (typeof Headers !== 'undefined' && h instanceof Headers) {
    h.forEach((v, k) => (out[k] = v))
  } else if (Array.isArray(h)) {
    for (const [k, v] of h) out[String(k).toLowerCase()] = String(v)
  } else if (typeof h === 'object') {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) out[k.toLowerCase()] = String(v)
  }
  return out
}

/** parseRawHeaders reads getAllResponseHeaders()' text. */
export function parseRawHeaders(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of raw.split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i <= 0) continue
    const k = line.slice(0, i).trim().toLowerCase()
    const v = line.slice(i + 1).trim()
    out[k] = out[k] ? `${out[k]}, ${v}` : v
  }
  return out
}

/** readLimited reads at most limit bytes of a (cloned) response as text. */
export async function readLimited(res: Response, limit: number): Promise<{ text: string; size: number; truncated: boolean }> {
  const body = res.body as ReadableStream<Uint8Array> | null
  if (!body || typeof body.getReader !== 'function') {
    const t = await res.text()
    return { text: t.slice(0, limit), size: byteLength(t), truncated: t.length > limit }
  }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let kept = 0
  let truncated = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (kept < limit) {
      const part = value.byteLength > limit - kept ? value.subarray(0, limit - kept) : value
      chunks.push(part)
      kept += part.byteLength
    }
    if (size > limit) {
      truncated = true
      void reader.cancel().catch(() => undefined)
      break
    }
  }
  const all = new Uint8Array(kept)
  let o = 0
  for (const c of chunks) {
    all.set(c, o)
    o += c.byteLength
  }
  return { text: new TextDecoder().decode(all), size, truncated }
}

let counter = 0
function nextID(): string {
  return (++counter).toString(36)
}

function absolute(win: Win, url: string): string {
  try {
    return new URL(url, win.location.href).href
  } catch {
    return url
  }
}

/** wsSize is a WebSocket message's size in bytes. */
export function wsSize(data: unknown): number {
  if (typeof data === 'string') return byteLength(data)
  if (data instanceof ArrayBuffer) return data.byteLength
  if (ArrayBuffer.isView(data)) return data.byteLength
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size
  return 0
}

/**
 * installNetwork hooks fetch, XMLHttpRequest, sendBeacon, WebSocket and the failed
 * resource loads of win. It returns what it replaced, so the reporter can send with the
 * page's original fetch, and a function that puts them back.
 */
export function installNetwork(win: Win, o: CaptureOptions): { fetch?: typeof fetch; beacon?: AnyFn; restore: () => void } {
  const now = o.now ?? Date.now
  const clock = o.clock ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()))
  const undo: Array<() => void> = []
  const emit = (ev: NetEvent) => safe(() => o.emit(ev))
  const kindOf = (url: string) => safe(() => o.own(url)) ?? ''
  const base = (kind: NetKind, method: string, url: string): NetEvent => {
    const own = kindOf(url)
    const ev: NetEvent = { id: nextID(), kind, method: method.toUpperCase(), url: clip(maskURL(url), 2048), status: 0, start: now() }
    if (own === 'console') ev.console = true
    return ev
  }
  const out: { fetch?: typeof fetch; beacon?: AnyFn; restore: () => void } = { restore: () => undo.forEach((f) => safe(f)) }

  // ---- fetch ----
  safe(() => {
    const orig = win.fetch
    if (typeof orig !== 'function') return
    out.fetch = orig
    const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      let ev: NetEvent | undefined
      let t0 = 0
      safe(() => {
        const req = typeof Request !== 'undefined' && input instanceof Request ? input : undefined
        const url = absolute(win, req ? req.url : String(input))
        if (kindOf(url) === 'channel') return
        ev = base('fetch', init?.method ?? req?.method ?? 'GET', url)
        t0 = clock()
        const h = { ...headersOf(req?.headers), ...headersOf(init?.headers) }
        ev.reqHeaders = maskHeaders(h)
        if (init?.body != null) {
          const b = requestBody(init.body, o.bodyLimit(), h['content-type'])
          ev.reqBody = b.body
          ev.reqSize = b.size
          ev.reqBodyNote = b.note
        } else if (req && req.body != null) {
          ev.reqBodyNote = 'unread'
        }
      })
      const p = (orig as AnyFn).apply(this, arguments as unknown as unknown[]) as Promise<Response>
      if (!ev) return p
      const e = ev
      safe(() =>
        p.then(
          (res) => safe(() => fetchDone(e, t0, res)),
          (err) =>
            safe(() => {
              e.duration = Math.round(clock() - t0)
              e.error = clip(maskText(String((err as Error)?.name === 'AbortError' ? 'aborted' : ((err as Error)?.message ?? err))), 300)
              emit(e)
            }),
        ),
      )
      return p
    }
    const fetchDone = (e: NetEvent, t0: number, res: Response) => {
      e.ttfb = Math.round(clock() - t0)
      e.status = res.status
      e.statusText = res.statusText || undefined
      const rh = headersOf(res.headers)
      e.resHeaders = maskHeaders(rh)
      const ct = rh['content-type'] ?? ''
      e.mime = ct.split(';')[0] || undefined
      const len = Number(rh['content-length'])
      if (Number.isFinite(len) && rh['content-length'] !== undefined) e.resSize = len
      const limit = o.bodyLimit()
      if (limit <= 0 || !isTextType(ct) || res.type === 'opaque' || !res.body) {
        e.resBodyNote = limit <= 0 ? 'off' : isTextType(ct) ? undefined : 'binary'
        e.duration = e.ttfb
        emit(e)
        return
      }
      let copy: Response
      try {
        copy = res.clone()
      } catch {
        e.resBodyNote = 'unread'
        e.duration = e.ttfb
        emit(e)
        return
      }
      readLimited(copy, limit).then(
        (r) => {
          e.duration = Math.round(clock() - t0)
          e.resSize = r.size
          e.resBody = r.truncated ? maskText(r.text) : maskBody(r.text, ct)
          if (r.truncated) e.resBodyNote = 'truncated'
          emit(e)
        },
        () => {
          e.duration = Math.round(clock() - t0)
          e.resBodyNote = 'unread'
          emit(e)
        },
      )
    }
    win.fetch = wrapped as typeof fetch
    undo.push(() => {
      if (win.fetch === (wrapped as unknown)) win.fetch = orig
    })
  })

  // ---- XMLHttpRequest (its prototype: a page's own subclass or wrapper still works) ----
  safe(() => {
    const X = win.XMLHttpRequest
    if (typeof X !== 'function') return
    const proto = X.prototype
    const state = new WeakMap<XMLHttpRequest, { method: string; url: string; headers: Record<string, string> }>()
    const open = proto.open
    const setHeader = proto.setRequestHeader
    const send = proto.send
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
      safe(() => state.set(this, { method: String(method), url: absolute(win, String(url)), headers: {} }))
      return (open as AnyFn).apply(this, arguments as unknown as unknown[])
    } as typeof proto.open
    proto.setRequestHeader = function (this: XMLHttpRequest, k: string, v: string) {
      safe(() => {
        const s = state.get(this)
        if (s) s.headers[String(k).toLowerCase()] = String(v)
      })
      return (setHeader as AnyFn).apply(this, arguments as unknown as unknown[])
    }
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      safe(() => {
        const s = state.get(this)
        if (!s || kindOf(s.url) === 'channel') return
        const e = base('xhr', s.method, s.url)
        const t0 = clock()
        e.reqHeaders = maskHeaders(s.headers)
        if (body != null) {
          const b = requestBody(body, o.bodyLimit(), s.headers['content-type'])
          e.reqBody = b.body
          e.reqSize = b.size
          e.reqBodyNote = b.note
        }
        let failure = ''
        const xhr = this
        xhr.addEventListener('readystatechange', () =>
          safe(() => {
            if (xhr.readyState === 2 && e.ttfb === undefined) e.ttfb = Math.round(clock() - t0)
          }),
        )
        for (const name of ['error', 'abort', 'timeout'] as const) xhr.addEventListener(name, () => (failure = name === 'error' ? 'network error' : name === 'abort' ? 'aborted' : 'timed out'))
        xhr.addEventListener('loadend', () =>
          safe(() => {
            e.duration = Math.round(clock() - t0)
            e.status = xhr.status
            e.statusText = xhr.statusText || undefined
            if (failure) e.error = failure
            const rh = parseRawHeaders(xhr.getAllResponseHeaders() || '')
            e.resHeaders = maskHeaders(rh)
            const ct = rh['content-type'] ?? ''
            e.mime = ct.split(';')[0] || undefined
            const limit = o.bodyLimit()
            const rt = xhr.responseType
            if (rt === '' || rt === 'text' || rt === 'json') {
              const text = rt === 'json' ? safe(() => JSON.stringify(xhr.response)) ?? '' : xhr.responseText
              e.resSize = byteLength(text)
              const b = cutBody(text, limit, ct || (rt === 'json' ? 'application/json' : ''))
              e.resBody = b.body
              e.resBodyNote = b.note
            } else {
              e.resSize = wsSize(xhr.response) || undefined
              e.resBodyNote = 'binary'
            }
            emit(e)
          }),
        )
      })
      return (send as AnyFn).apply(this, arguments as unknown as unknown[])
    }
    undo.push(() => {
      proto.open = open
      proto.setRequestHeader = setHeader
      proto.send = send
    })
  })

  // ---- navigator.sendBeacon ----
  safe(() => {
    const nav = win.navigator as Navigator & { sendBeacon?: AnyFn }
    const orig = nav.sendBeacon
    if (typeof orig !== 'function') return
    out.beacon = orig
    const wrapped = function (this: unknown, url: string | URL, data?: BodyInit | null) {
      const queued = orig.apply(this, arguments as unknown as unknown[])
      safe(() => {
        const u = absolute(win, String(url))
        if (kindOf(u) === 'channel') return
        const e = base('beacon', 'POST', u)
        const ct = typeof Blob !== 'undefined' && data instanceof Blob ? data.type : 'text/plain'
        const b = requestBody(data, o.bodyLimit(), ct)
        e.reqBody = b.body
        e.reqSize = b.size
        e.reqBodyNote = b.note
        // a beacon has no answer the page can see: whether the browser queued it is all there is
        e.statusText = queued ? 'queued' : undefined
        if (!queued) e.error = 'the browser refused to queue the beacon'
        e.duration = 0
        emit(e)
      })
      return queued
    }
    nav.sendBeacon = wrapped
    undo.push(() => {
      if (nav.sendBeacon === wrapped) nav.sendBeacon = orig
    })
  })

  // ---- WebSocket: a Proxy keeps instanceof, the constants and a page's subclass ----
  safe(() => {
    const WS = win.WebSocket
    if (typeof WS !== 'function' || typeof Proxy !== 'function') return
    const counts = new WeakMap<WebSocket, NonNullable<NetEvent['ws']>>()
    const origSend = WS.prototype.send
    WS.prototype.send = function (this: WebSocket, data: unknown) {
      const r = (origSend as AnyFn).apply(this, arguments as unknown as unknown[])
      safe(() => {
        const c = counts.get(this)
        if (c) {
          c.sent++
          c.sentBytes += wsSize(data)
        }
      })
      return r
    }
    const P = new Proxy(WS, {
      construct(target, args, newTarget) {
        const ws = Reflect.construct(target, args, newTarget) as WebSocket
        safe(() => {
          const url = String(args[0])
          if (kindOf(url) === 'channel') return
          const e = base('ws', 'GET', url)
          const t0 = clock()
          const c: NonNullable<NetEvent['ws']> = { state: 'open', sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 }
          counts.set(ws, c)
          let errored = false
          ws.addEventListener('open', () =>
            safe(() => {
              e.ttfb = Math.round(clock() - t0)
              e.status = 101
              e.ws = { ...c }
              emit({ ...e })
            }),
          )
          ws.addEventListener('message', (m: MessageEvent) =>
            safe(() => {
              c.received++
              c.receivedBytes += wsSize(m.data)
            }),
          )
          ws.addEventListener('error', () => (errored = true))
          ws.addEventListener('close', (ce: CloseEvent) =>
            safe(() => {
              e.duration = Math.round(clock() - t0)
              if (e.status !== 101) e.error = 'the connection failed'
              c.state = errored && e.status !== 101 ? 'error' : 'closed'
              c.closeCode = ce.code
              c.closeReason = ce.reason ? clip(maskText(ce.reason), 200) : undefined
              e.ws = { ...c }
              emit({ ...e })
            }),
          )
        })
        return ws
      },
    })
    win.WebSocket = P
    undo.push(() => {
      if (win.WebSocket === P) win.WebSocket = WS
      WS.prototype.send = origSend
    })
  })

  // ---- failed resource loads (capture phase: error events of elements do not bubble) ----
  safe(() => {
    const onError = (ev: Event) =>
      safe(() => {
        const t = ev.target as (Element & { src?: string; href?: string; currentSrc?: string }) | null
        if (!t || (t as unknown) === win || !('tagName' in t) || ev instanceof ErrorEvent) return
        const tag = t.tagName.toLowerCase()
        const url = t.currentSrc || t.src || t.href || ''
        if (!url) return
        const e = base('resource', 'GET', absolute(win, url))
        e.error = 'failed to load'
        e.element = clip(maskText(`<${tag}${t.id ? ` id="${t.id}"` : ''} ${t.href && !t.src ? 'href' : 'src'}="${maskURL(url)}">`), 300)
        e.duration = 0
        emit(e)
      })
    win.addEventListener('error', onError, true)
    undo.push(() => win.removeEventListener('error', onError, true))
  })

  return out
}
