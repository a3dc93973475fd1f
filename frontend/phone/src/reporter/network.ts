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
  /** How long the capture waits for the page to read a body (default 2 s); unread after. */
  bodyWaitMs?: number
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

/**
 * idleQueue runs work after the page's own: queued functions run together when the page is
 * idle (requestIdleCallback, at most 500 ms late) or, without it, in a task of their own.
 */
export function idleQueue(win: Win): (fn: () => void) => void {
  const q: Array<() => void> = []
  const ric = (win as Partial<Win>).requestIdleCallback
  const drain = () => {
    const n = q.length
    for (const fn of q.splice(0, n)) safe(fn)
  }
  return (fn) => {
    q.push(fn)
    if (q.length > 1) return
    if (typeof ric !== 'function' || safe(() => ric.call(win, drain, { timeout: 500 })) === undefined) setTimeout(drain, 0)
  }
}

/** The response header the dev server answers its own endpoints with: the request's number in the request log. */
export const LOG_HEADER = 'x-wecomdev-log'

/** linkLog notes which request-log entry a console endpoint's answer is (its header). */
function linkLog(e: NetEvent, rh: Record<string, string>) {
  const v = rh[LOG_HEADER]
  if (e.console && v && /^\d{1,16}$/.test(v)) e.logId = Number(v)
}

/** What the page's own read of a body gave: its text (none when it was not read as text), when, and its size. */
interface BodyRead {
  text?: string
  size?: number
  at?: number
}

const decodeHead = (buf: ArrayBuffer | ArrayBufferView, limit: number): string => {
  const bytes = ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : new Uint8Array(buf)
  return new TextDecoder().decode(bytes.subarray(0, limit + 4)) // a few bytes over: the caller sees it is longer
}

type BodyMethod = 'text' | 'json' | 'arrayBuffer' | 'bytes' | 'blob'

/**
 * hookBodies learns the text of a response's body from the page's own read of it, never
 * from a clone (a teed body made every res.text() of the page ~3 ms slower in Chromium,
 * issue 19): Response.prototype's text, json, arrayBuffer, bytes and blob hand the page
 * exactly what the browser's method gives, and for a response being watched keep the text.
 * A watched body the page does not read within waitMs, or reads another way (its body
 * stream, formData), is reported unread. Nothing is read that the page did not read.
 */
function hookBodies(R: typeof Response | undefined, waitMs: number, undo: Array<() => void>, clock: () => number) {
  const pending = new Map<Response, { done: (r: BodyRead) => void; limit: number; until: number }>()
  let sweeping = false
  const sweep = () => {
    sweeping = false
    const t = Date.now()
    for (const [res, w] of pending) {
      if (w.until <= t) {
        pending.delete(res)
        w.done({})
      }
    }
    if (pending.size > 0) schedule()
  }
  const schedule = () => {
    if (sweeping) return
    sweeping = true
    setTimeout(sweep, waitMs)
  }
  const proto = R?.prototype as (Record<BodyMethod, AnyFn | undefined> & object) | undefined
  if (!proto) return (_res: Response, _limit: number): Promise<BodyRead> | undefined => undefined
  const text = proto.text
  const keep = (p: Promise<unknown>, w: { done: (r: BodyRead) => void; limit: number }, read: (v: unknown) => BodyRead | Promise<BodyRead>) => {
    p.then(
      (v) => {
        const at = clock()
        Promise.resolve(safe(() => read(v)) ?? {}).then((r) => w.done({ ...r, at }), () => w.done({}))
      },
      () => w.done({}),
    )
  }
  const patch = (m: BodyMethod, watchedCall: (native: AnyFn, self: Response, w: { done: (r: BodyRead) => void; limit: number }) => unknown) => {
    const native = proto[m]
    if (typeof native !== 'function') return
    proto[m] = function (this: Response) {
      const w = pending.get(this)
      if (!w) return native.apply(this, arguments as unknown as unknown[])
      pending.delete(this)
      return watchedCall(native, this, w)
    }
    undo.push(() => (proto[m] = native))
  }
  const bin = (w: { limit: number }) => (v: unknown) => ({ text: decodeHead(v as ArrayBuffer, w.limit), size: (v as ArrayBuffer).byteLength })
  patch('text', (native, self, w) => {
    const p = native.call(self) as Promise<string>
    keep(p, w, (t) => ({ text: t as string }))
    return p
  })
  // json: the browser's text, parsed as json() would (JSON.parse throws the same SyntaxError)
  if (typeof text === 'function') {
    patch('json', (_native, self, w) => {
      const p = text.call(self) as Promise<string>
      keep(p, w, (t) => ({ text: t as string }))
      return p.then((t) => JSON.parse(t) as unknown)
    })
  }
  patch('arrayBuffer', (native, self, w) => {
    const p = native.call(self) as Promise<ArrayBuffer>
    keep(p, w, bin(w))
    return p
  })
  patch('bytes', (native, self, w) => {
    const p = native.call(self) as Promise<Uint8Array>
    keep(p, w, bin(w))
    return p
  })
  patch('blob', (native, self, w) => {
    const p = native.call(self) as Promise<Blob>
    keep(p, w, (b) => (b as Blob).slice(0, w.limit + 4).text().then((t) => ({ text: t, size: (b as Blob).size })))
    return p
  })
  /** watch: the text the page will read of res's body (up to about limit), or undefined when it is not read. */
  return (res: Response, limit: number): Promise<BodyRead> | undefined =>
    new Promise<BodyRead>((done) => {
      pending.set(res, { done, limit, until: Date.now() + waitMs })
      schedule()
    })
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
  const later = idleQueue(win)
  const watchBody =
    safe(() => hookBodies(win.Response ?? (typeof Response !== 'undefined' ? Response : undefined), o.bodyWaitMs ?? 2000, undo, clock)) ??
    (() => undefined)
  /**
   * timingOf: ms from t0 to the response's first byte and to its end, by the browser's
   * Resource Timing for the (unmasked) URL: our own .then runs when the page's thread gets
   * to it, later than the answer came when the page is busy. None when the clock is not
   * performance.now's or the entry is not there (then the capture's own times stand).
   */
  const timingOf = (url: string, t0: number): { ttfb?: number; end: number } | undefined =>
    safe(() => {
      if (o.clock || typeof win.performance?.getEntriesByName !== 'function') return undefined
      const all = win.performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[]
      for (let i = all.length - 1; i >= 0; i--) {
        const x = all[i]
        if (Math.abs(x.startTime - t0) < 2 && x.responseEnd > 0) {
          // responseStart is 0 for another origin without Timing-Allow-Origin
          return { ttfb: x.responseStart > 0 ? Math.round(x.responseStart - t0) : undefined, end: Math.round(x.responseEnd - t0) }
        }
      }
      return undefined
    })

  // ---- fetch ----
  // On the page's critical path the wrapper only notes the clock and hands the very promise
  // back; when the answer comes (before the page's own .then, which is attached later) it
  // notes the time to first byte and, for a text body, tees it with clone(), which must
  // happen before the page reads it. Everything else (the URL, the headers, masking, the
  // request body, reading the copy) waits until the page is idle (later()).
  safe(() => {
    const orig = win.fetch
    if (typeof orig !== 'function') return
    out.fetch = orig
    const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      let t0 = 0
      let start = 0
      safe(() => {
        t0 = clock()
        start = now()
      })
      const p = (orig as AnyFn).apply(this, arguments as unknown as unknown[]) as Promise<Response>
      safe(() =>
        p.then(
          (res) => safe(() => fetchAnswered(input, init, start, t0, res)),
          (err) => {
            const d = safe(() => Math.round(clock() - t0))
            later(() => {
              const e = fetchEvent(input, init, start)
              if (!e) return
              e.duration = d
              e.error = clip(maskText(String((err as Error)?.name === 'AbortError' ? 'aborted' : ((err as Error)?.message ?? err))), 300)
              emit(e)
            })
          },
        ),
      )
      return p
    }
    /** fetchEvent describes the request (masked), or nothing for the reporter's own channel. */
    const urlOf = (input: RequestInfo | URL) => absolute(win, typeof Request !== 'undefined' && input instanceof Request ? input.url : String(input))
    const fetchEvent = (input: RequestInfo | URL, init: RequestInit | undefined, start: number): NetEvent | undefined => {
      const req = typeof Request !== 'undefined' && input instanceof Request ? input : undefined
      const url = urlOf(input)
      if (kindOf(url) === 'channel') return undefined
      const ev = base('fetch', init?.method ?? req?.method ?? 'GET', url)
      ev.start = start
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
      return ev
    }
    const fetchAnswered = (input: RequestInfo | URL, init: RequestInit | undefined, start: number, t0: number, res: Response) => {
      const ttfb = Math.round(clock() - t0)
      const ct = res.headers.get('content-type') ?? ''
      const limit = o.bodyLimit()
      // The body is taken from the page's own read (hookBodies), never from a clone: a
      // teed body made every res.text() of the page ~3 ms slower in Chromium (issue 19).
      let note: BodyNote | undefined
      let body: Promise<BodyRead> | undefined
      if (limit <= 0) note = 'off'
      else if (!isTextType(ct)) note = 'binary'
      else if (res.type !== 'opaque' && !(body = watchBody(res, limit))) note = 'unread'
      later(() => {
        const e = fetchEvent(input, init, start)
        if (!e) return
        const rt = timingOf(urlOf(input), t0)
        e.ttfb = rt?.ttfb ?? (rt ? Math.min(ttfb, rt.end) : ttfb)
        e.status = res.status
        e.statusText = res.statusText || undefined
        const rh = headersOf(res.headers)
        e.resHeaders = maskHeaders(rh)
        e.mime = ct.split(';')[0] || undefined
        const len = Number(rh['content-length'])
        if (Number.isFinite(len) && rh['content-length'] !== undefined) e.resSize = len
        linkLog(e, rh)
        e.resBodyNote = note
        if (!body) {
          e.duration = Math.max(e.ttfb, rt?.end ?? ttfb)
          emit(e)
          return
        }
        void body.then((r) =>
          later(() => {
            e.duration = Math.max(e.ttfb ?? 0, rt?.end ?? (r.at === undefined ? ttfb : Math.round(r.at - t0)))
            if (r.text === undefined) {
              e.resBodyNote = 'unread'
            } else {
              const text = r.text.length > limit ? r.text.slice(0, limit) : r.text
              e.resSize = r.size ?? byteLength(r.text) // bytes after decoding, as the page got them
              e.resBody = r.text.length > limit ? maskText(text) : maskBody(text, ct)
              if (r.text.length > limit) e.resBodyNote = 'truncated'
            }
            emit(e)
          }),
        )
      })
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
            // what the XHR holds now; the rest (masking, sizes) when the page is idle
            e.duration = Math.round(clock() - t0)
            e.status = xhr.status
            e.statusText = xhr.statusText || undefined
            if (failure) e.error = failure
            const raw = xhr.getAllResponseHeaders() || ''
            const rt = xhr.responseType
            const response: unknown = xhr.response
            const text = rt === '' || rt === 'text' ? xhr.responseText : undefined
            later(() => {
              const rh = parseRawHeaders(raw)
              e.resHeaders = maskHeaders(rh)
              const ct = rh['content-type'] ?? ''
              e.mime = ct.split(';')[0] || undefined
              linkLog(e, rh)
              const limit = o.bodyLimit()
              if (rt === '' || rt === 'text' || rt === 'json') {
                const t = rt === 'json' ? safe(() => JSON.stringify(response)) ?? '' : text ?? ''
                e.resSize = byteLength(t)
                const b = cutBody(t, limit, ct || (rt === 'json' ? 'application/json' : ''))
                e.resBody = b.body
                e.resBodyNote = b.note
              } else {
                e.resSize = wsSize(response) || undefined
                e.resBodyNote = 'binary'
              }
              emit(e)
            })
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
