// The reporter: what a page's JS-SDK set-up did (ww.register / wx.config / wx.agentConfig
// with their parameters and answers, wx.error), its errors and its console, sent in small
// batches to the console's POST /__wecomdev/report. It never throws into the page, keeps
// a bounded queue, and never sends anything that looks like a credential.
import { clip, describe, maskText, sanitize } from '../shared/redact'

export type ReportType =
  | 'register'
  | 'signature'
  | 'config'
  | 'agentConfig'
  | 'wx.error'
  | 'error'
  | 'unhandledrejection'
  | 'console'
  | 'invoke'
  | 'step'

export type Level = 'log' | 'info' | 'warn' | 'error' | 'debug'

/** One event, as POST /__wecomdev/report takes it (a JSON array of these). */
export interface ReportEvent {
  type: ReportType
  level?: Level
  api?: string
  ok?: boolean
  errMsg?: string
  message?: string
  stack?: string
  params?: Record<string, unknown>
  pageUrl?: string
  landingUrl?: string
  userAgent?: string
  time?: number
  seq?: number
  dropped?: number
}

export interface SendResult {
  ok: boolean
  /** The server asked to wait (429). */
  retryAfterMs?: number
  /** The server refused the batch itself (4xx other than 429): do not send it again. */
  refused?: boolean
}

/** Sends one batch; final: the page is going away (use sendBeacon). */
export type Send = (url: string, body: string, final: boolean) => Promise<SendResult>

export interface ReporterOptions {
  endpoint: string
  send?: Send
  maxQueue?: number
  batchSize?: number
  flushMs?: number
  maxBatchBytes?: number
  /** Console events kept per minute, beyond which they are counted as dropped. */
  consolePerMinute?: number
  now?: () => number
  page?: () => { url: string; landingUrl: string; userAgent: string }
  schedule?: (fn: () => void, ms: number) => unknown
}

export interface Reporter {
  report(ev: ReportEvent): void
  flush(final?: boolean): Promise<void>
  readonly queued: number
  readonly dropped: number
}

const TYPES = new Set<string>(['register', 'signature', 'config', 'agentConfig', 'wx.error', 'error', 'unhandledrejection', 'console', 'invoke', 'step'])
const LEVELS = new Set<string>(['log', 'info', 'warn', 'error', 'debug'])
const MAX_PARAMS_BYTES = 3500

/** The server's limits, so that no event makes it refuse a whole batch. */
export function normalizeEvent(ev: ReportEvent): ReportEvent {
  const out: ReportEvent = { type: TYPES.has(ev.type) ? ev.type : 'console' }
  if (ev.level && LEVELS.has(ev.level)) out.level = ev.level
  if (ev.api) out.api = String(ev.api).replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 64)
  if (ev.ok !== undefined) out.ok = !!ev.ok
  if (ev.errMsg != null) out.errMsg = clip(maskText(String(ev.errMsg)), 500)
  if (ev.message != null) out.message = clip(maskText(String(ev.message)), 2000)
  if (ev.stack != null) out.stack = clip(maskText(String(ev.stack)), 4000)
  if (ev.params && typeof ev.params === 'object') {
    const p = sanitize(ev.params) as Record<string, unknown>
    const json = JSON.stringify(p)
    out.params = json.length <= MAX_PARAMS_BYTES ? p : { truncated: true, keys: Object.keys(p).slice(0, 30) }
  }
  for (const k of ['pageUrl', 'landingUrl'] as const) {
    if (ev[k] != null) out[k] = clip(maskText(String(ev[k])), 2048)
  }
  if (ev.userAgent != null) out.userAgent = clip(String(ev.userAgent), 512)
  for (const k of ['time', 'seq', 'dropped'] as const) {
    const v = ev[k]
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = Math.trunc(v)
  }
  return out
}

/** defaultSend posts with fetch (keepalive), or with sendBeacon when the page goes away. */
export const defaultSend: Send = async (url, body, final) => {
  if (final && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') {
    // sendBeacon cannot send application/json without a preflight; the server takes text/plain.
    if (navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return { ok: true }
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
    keepalive: body.length < 60_000,
    credentials: 'omit',
  })
  if (res.status === 429) {
    const s = Number(res.headers.get('Retry-After'))
    return { ok: false, retryAfterMs: (Number.isFinite(s) && s > 0 ? s : 30) * 1000 }
  }
  return { ok: res.ok, refused: res.status >= 400 && res.status < 500 }
}

function defaultPage() {
  return { url: location.href, landingUrl: landingUrl(), userAgent: navigator.userAgent }
}

const LANDING_KEY = 'wecomdev.landingUrl'

/** landingUrl is the first URL of the page's session (sessionStorage), the current one if none. */
export function landingUrl(): string {
  try {
    const v = sessionStorage.getItem(LANDING_KEY)
    if (v) return v
    sessionStorage.setItem(LANDING_KEY, location.href)
  } catch {
    // storage refused (private mode): the current URL stands in
  }
  return location.href
}

export function createReporter(opts: ReporterOptions): Reporter {
  const send = opts.send ?? defaultSend
  const maxQueue = opts.maxQueue ?? 200
  const batchSize = opts.batchSize ?? 20
  const flushMs = opts.flushMs ?? 1000
  const maxBatchBytes = opts.maxBatchBytes ?? 60_000
  const consolePerMinute = opts.consolePerMinute ?? 120
  const now = opts.now ?? Date.now
  const page = opts.page ?? defaultPage
  const schedule = opts.schedule ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))

  const queue: ReportEvent[] = []
  let seq = 0
  let dropped = 0
  let reportedDropped = 0
  let sending = false
  let timer: unknown = null
  let pausedUntil = 0
  let failures = 0
  let consoleWindow = 0
  let consoleCount = 0

  function later(ms: number) {
    if (timer !== null) return
    timer = schedule(() => {
      timer = null
      void flush()
    }, Math.max(0, ms))
  }

  function report(ev: ReportEvent) {
    try {
      if (ev.type === 'console') {
        const t = now()
        if (t - consoleWindow >= 60_000) {
          consoleWindow = t
          consoleCount = 0
        }
        if (++consoleCount > consolePerMinute) {
          dropped++
          return
        }
      }
      if (queue.length >= maxQueue) {
        dropped++ // the first events of a failure matter most: the newest are dropped
        return
      }
      const p = page()
      const e = normalizeEvent({ pageUrl: p.url, landingUrl: p.landingUrl, userAgent: p.userAgent, ...ev, time: now(), seq: ++seq })
      queue.push(e)
      later(queue.length >= batchSize ? 0 : flushMs)
    } catch {
      dropped++
    }
  }

  // take removes the next batch: at most batchSize events and maxBatchBytes of JSON.
  function take(): ReportEvent[] {
    const batch: ReportEvent[] = []
    let bytes = 2
    while (queue.length > 0 && batch.length < batchSize) {
      const size = JSON.stringify(queue[0]).length + 1
      if (batch.length > 0 && bytes + size > maxBatchBytes) break
      batch.push(queue.shift()!)
      bytes += size
    }
    if (batch.length > 0 && dropped > reportedDropped) {
      batch[0] = { ...batch[0], dropped }
      reportedDropped = dropped
    }
    return batch
  }

  function putBack(batch: ReportEvent[]) {
    const room = Math.max(0, maxQueue - queue.length)
    dropped += batch.length - Math.min(room, batch.length)
    queue.unshift(...batch.slice(0, room))
  }

  async function flush(final = false): Promise<void> {
    try {
      if (sending && !final) return
      if (!final && now() < pausedUntil) {
        later(pausedUntil - now())
        return
      }
      sending = true
      while (queue.length > 0) {
        const batch = take()
        let res: SendResult
        try {
          res = await send(opts.endpoint, JSON.stringify(batch), final)
        } catch {
          res = { ok: false }
        }
        if (res.ok) {
          failures = 0
          continue
        }
        if (res.retryAfterMs) {
          pausedUntil = now() + res.retryAfterMs
          putBack(batch)
          later(res.retryAfterMs)
        } else if (res.refused || final || ++failures > 3) {
          dropped += batch.length
        } else {
          putBack(batch)
          later(1000 * 2 ** failures)
        }
        break
      }
    } catch {
      // never into the page
    } finally {
      sending = false
    }
  }

  return {
    report,
    flush,
    get queued() {
      return queue.length
    },
    get dropped() {
      return dropped
    },
  }
}

// ---- hooks into the page ----

type Callback = (res: Record<string, unknown>) => void
interface Bridge {
  invoke: (name: string, params?: Record<string, unknown>, cb?: Callback) => unknown
  __wecomdevHooked?: boolean
  __wecomdevEmulator?: boolean
}
type AnyFn = (...args: any[]) => unknown
type Win = Window & typeof globalThis & { WeixinJSBridge?: Bridge; __wecomdevReporter?: unknown }

/** errMsgOf reads a client answer's message (errMsg, else err_msg). */
export function errMsgOf(res: unknown): string {
  if (!res || typeof res !== 'object') return ''
  const r = res as Record<string, unknown>
  return String(r.errMsg ?? r.err_msg ?? r.errmsg ?? '')
}

/** isOk: the answer's keyword is ok (or yes), as the SDK decides. */
export function isOk(errMsg: string): boolean {
  const k = errMsg.slice(errMsg.indexOf(':') + 1)
  return k === 'ok' || k === 'yes'
}

/** The signature inputs of a preVerifyJSAPI / agentConfig call, as the server checks them. */
export function configParams(name: string, p: Record<string, unknown> = {}): Record<string, unknown> {
  if (name === 'agentConfig') {
    return { corpId: p.corpid ?? p.corpId, agentId: p.agentid ?? p.agentId, timestamp: p.timestamp, nonceStr: p.nonceStr, signature: p.signature, jsApiList: p.jsApiList }
  }
  return {
    appId: p.verifyAppId ?? p.appId,
    timestamp: p.verifyTimestamp ?? p.timestamp,
    nonceStr: p.verifyNonceStr ?? p.nonceStr,
    signature: p.verifySignature ?? p.signature,
    jsApiList: p.verifyJsApiList ?? p.jsApiList,
  }
}

export interface InstallOptions {
  console?: boolean
  errors?: boolean
  bridge?: boolean
  globals?: boolean
}

/**
 * install hooks the reporter into the page. Every hook is wrapped so that a failure of
 * the reporter never reaches the page. It returns a function that removes the event
 * listeners (the console and SDK wrappers stay).
 */
export function installReporter(win: Win, r: Reporter, o: InstallOptions = {}): () => void {
  const undo: Array<() => void> = []
  const on = (target: EventTarget, name: string, fn: EventListener, capture = false) => {
    target.addEventListener(name, fn, capture)
    undo.push(() => target.removeEventListener(name, fn, capture))
  }
  const safe = (fn: () => void) => {
    try {
      fn()
    } catch {
      // never into the page
    }
  }
  let bridgeHooked = false
  let emulated = false

  if (o.console !== false) safe(() => hookConsole(win, r))
  if (o.errors !== false) {
    on(
      win,
      'error',
      (ev) =>
        safe(() => {
          if (ev instanceof ErrorEvent) {
            r.report({
              type: 'error',
              message: ev.message || describe(ev.error),
              stack: (ev.error as Error | undefined)?.stack,
              params: { source: ev.filename, line: ev.lineno, column: ev.colno },
            })
            return
          }
          const t = ev.target as (Element & { src?: string; href?: string }) | null
          if (t && t !== (win as unknown) && 'tagName' in t) {
            r.report({ type: 'error', message: `failed to load <${t.tagName.toLowerCase()}> ${t.src || t.href || ''}`.trim() })
          }
        }),
      true,
    )
    on(win, 'unhandledrejection', (ev) =>
      safe(() => {
        const reason = (ev as PromiseRejectionEvent).reason
        r.report({ type: 'unhandledrejection', message: describe(reason), stack: (reason as Error | undefined)?.stack })
      }),
    )
  }
  on(win, 'pagehide', () => void r.flush(true))
  on(win.document, 'visibilitychange', () => {
    if (win.document.visibilityState === 'hidden') void r.flush(true)
  })

  const hookBridge = () =>
    safe(() => {
      const b = win.WeixinJSBridge
      if (!b || b.__wecomdevHooked) return
      if (b.__wecomdevEmulator) {
        emulated = true // the emulator's own verifications are in the console's log already
        return
      }
      const orig = b.invoke
      b.invoke = function (this: unknown, name: string, params?: Record<string, unknown>, cb?: Callback) {
        if (name !== 'preVerifyJSAPI' && name !== 'agentConfig') return orig.call(this, name, params, cb)
        const wrapped: Callback = (res) => {
          safe(() => {
            const msg = errMsgOf(res)
            const ok = isOk(msg)
            const detail = res && (res.err_msg !== msg ? res.err_msg : undefined)
            r.report({
              type: name === 'agentConfig' ? 'agentConfig' : 'config',
              api: name === 'agentConfig' ? 'agentConfig' : 'config',
              ok,
              errMsg: msg,
              message: [detail, res?.err_Info, res?.hint].filter((x) => x != null && x !== '').map(String).join(' ') || undefined,
              params: configParams(name, params),
            })
          })
          if (typeof cb === 'function') cb(res)
        }
        return orig.call(this, name, params, wrapped)
      }
      b.__wecomdevHooked = true
      bridgeHooked = true
    })
  if (o.bridge !== false) {
    hookBridge()
    on(win.document, 'WeixinJSBridgeReady', hookBridge, true)
  }
  if (o.globals !== false) {
    safe(() => watchGlobal(win, 'ww', (ww) => wrapWW(ww, r, () => bridgeHooked || emulated)))
    safe(() => watchGlobal(win, 'wx', (wx) => wrapWX(wx, r, () => bridgeHooked || emulated)))
  }
  return () => undo.forEach((f) => safe(f))
}

const LEVEL_LIST: Level[] = ['log', 'info', 'warn', 'error', 'debug']

function hookConsole(win: Win, r: Reporter) {
  const con = win.console as unknown as Record<string, AnyFn>
  let busy = false
  for (const level of LEVEL_LIST) {
    const orig = con[level]
    if (typeof orig !== 'function') continue
    con[level] = function (this: unknown, ...args: unknown[]) {
      const out = orig.apply(this, args)
      if (!busy) {
        busy = true
        try {
          r.report({ type: 'console', level, message: args.map(describe).join(' ') })
        } catch {
          // never into the page
        } finally {
          busy = false
        }
      }
      return out
    }
  }
}

/**
 * watchGlobal calls wrap with the value of window[name] now and whenever a script sets it
 * (the SDK's `var ww = …` or `window.wx = …`), keeping what wrap returns.
 */
export function watchGlobal(win: Win, name: 'ww' | 'wx', wrap: (v: Record<string, unknown>) => void) {
  const w = win as unknown as Record<string, unknown>
  const apply = (v: unknown) => {
    if (v && typeof v === 'object') {
      try {
        wrap(v as Record<string, unknown>)
      } catch {
        // never into the page
      }
    }
  }
  if (w[name] !== undefined) {
    apply(w[name])
    return
  }
  const d = Object.getOwnPropertyDescriptor(win, name)
  if (d && !d.configurable) return
  let value: unknown
  Object.defineProperty(win, name, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (v) => {
      value = v
      apply(v)
    },
  })
}

type SigResult = { timestamp?: unknown; nonceStr?: unknown; signature?: unknown } | undefined

/** wrapWW reports ww.register's options, the signature callbacks' answers and (when the bridge is not hooked) the outcomes. */
export function wrapWW(ww: Record<string, unknown>, r: Reporter, outcomesSeen: () => boolean) {
  const register = ww.register
  if (typeof register !== 'function' || (register as { __wecomdev?: boolean }).__wecomdev) return
  const wrapped = function (this: unknown, options: Record<string, unknown>) {
    let opts = options
    try {
      opts = wrapRegisterOptions(options, r, outcomesSeen)
    } catch {
      opts = options
    }
    return (register as AnyFn).call(this, opts)
  }
  ;(wrapped as { __wecomdev?: boolean }).__wecomdev = true
  ww.register = wrapped
}

function wrapRegisterOptions(options: Record<string, unknown>, r: Reporter, outcomesSeen: () => boolean) {
  if (!options || typeof options !== 'object') return options
  r.report({
    type: 'register',
    api: 'ww.register',
    params: {
      corpId: options.corpId,
      agentId: options.agentId,
      jsApiList: options.jsApiList,
      openTagList: options.openTagList,
      getConfigSignature: typeof options.getConfigSignature === 'function',
      getAgentConfigSignature: typeof options.getAgentConfigSignature === 'function',
    },
  })
  const opts: Record<string, unknown> = { ...options }
  const last: Record<'config' | 'agentConfig', SigResult> = { config: undefined, agentConfig: undefined }
  for (const [key, api] of [
    ['getConfigSignature', 'config'],
    ['getAgentConfigSignature', 'agentConfig'],
  ] as const) {
    const fn = options[key]
    if (typeof fn !== 'function') continue
    opts[key] = async function (this: unknown, url: string) {
      try {
        const res = (await (fn as AnyFn).call(this, url)) as SigResult
        last[api] = res
        r.report({ type: 'signature', api, ok: true, params: { url, timestamp: res?.timestamp, nonceStr: res?.nonceStr, signature: res?.signature } })
        return res
      } catch (err) {
        r.report({ type: 'signature', api, ok: false, message: describe(err), params: { url } })
        throw err
      }
    }
  }
  for (const [prefix, api] of [
    ['onConfig', 'config'],
    ['onAgentConfig', 'agentConfig'],
  ] as const) {
    for (const outcome of ['Success', 'Fail'] as const) {
      const key = prefix + outcome
      const fn = options[key]
      opts[key] = (res: unknown) => {
        try {
          if (!outcomesSeen()) {
            const msg = errMsgOf(res) || describe(res)
            const s = last[api]
            r.report({
              type: api,
              api,
              ok: outcome === 'Success',
              errMsg: msg,
              params:
                api === 'config'
                  ? { appId: options.corpId, timestamp: s?.timestamp, nonceStr: s?.nonceStr, signature: s?.signature }
                  : { corpId: options.corpId, agentId: options.agentId, timestamp: s?.timestamp, nonceStr: s?.nonceStr, signature: s?.signature },
            })
          }
        } catch {
          // never into the page
        }
        if (typeof fn === 'function') return (fn as AnyFn)(res)
      }
    }
  }
  return opts
}

/** wrapWX reports wx.config / wx.agentConfig's parameters and wx.error's answers. */
export function wrapWX(wx: Record<string, unknown>, r: Reporter, outcomesSeen: () => boolean) {
  const wrapFn = (name: string, make: (orig: AnyFn) => AnyFn) => {
    const orig = wx[name]
    if (typeof orig !== 'function' || (orig as { __wecomdev?: boolean }).__wecomdev) return
    const w = make(orig as AnyFn)
    ;(w as { __wecomdev?: boolean }).__wecomdev = true
    wx[name] = w
  }
  wrapFn('config', (orig) =>
    function (this: unknown, params: Record<string, unknown>) {
      try {
        r.report({ type: 'register', api: 'wx.config', params: { ...(params || {}) } })
      } catch {
        // never into the page
      }
      return orig.call(this, params)
    },
  )
  wrapFn('agentConfig', (orig) =>
    function (this: unknown, params: Record<string, unknown>) {
      let p = params
      try {
        r.report({ type: 'register', api: 'wx.agentConfig', params: { ...(params || {}) } })
        p = { ...params }
        for (const outcome of ['success', 'fail'] as const) {
          const fn = params?.[outcome]
          p[outcome] = (res: unknown) => {
            try {
              if (!outcomesSeen()) {
                r.report({ type: 'agentConfig', api: 'agentConfig', ok: outcome === 'success', errMsg: errMsgOf(res), params: configParams('agentConfig', params) })
              }
            } catch {
              // never into the page
            }
            if (typeof fn === 'function') return (fn as AnyFn)(res)
          }
        }
      } catch {
        p = params
      }
      return orig.call(this, p)
    },
  )
  wrapFn('error', (orig) =>
    function (this: unknown, cb: unknown) {
      const wrapped = (res: unknown) => {
        try {
          r.report({ type: 'wx.error', ok: false, errMsg: errMsgOf(res), message: describe(res) })
        } catch {
          // never into the page
        }
        if (typeof cb === 'function') return (cb as AnyFn)(res)
      }
      return orig.call(this, wrapped)
    },
  )
}
