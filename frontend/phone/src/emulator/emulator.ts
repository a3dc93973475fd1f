// The emulator: makes a desktop browser look like WeCom's in-app browser to the JS-SDK.
// @wecom/jssdk decides it runs in WeCom from navigator.userAgent (/wxwork\/([\d.]+)/i,
// read once when the SDK loads) and talks to the client only through
// window.WeixinJSBridge.invoke(name, params, callback), after the document's
// WeixinJSBridgeReady event when the bridge is not there yet. So the emulator, loaded
// before the SDK, adds a wxwork/<version> token to the user agent and provides that bridge:
// preVerifyJSAPI (config) and agentConfig are checked by the console against the
// profile's real tickets and the real page URL; every other API is answered from the
// profile's data, after the client's own permission check against the registered
// jsApiList.

import { APP_IDENTITY_APIS, KNOWN_APIS, clientName } from './jsapis'
import { drawOverlay, entryFetch, tabStorage } from './overlay'

export const EMULATED_VERSION = '4.1.36'

export type Answer = Record<string, unknown>
export type Callback = (res: Answer) => void

export interface Finding {
  code: string
  message: { 'zh-CN': string; 'en-US': string }
  fix: { 'zh-CN': string; 'en-US': string }
  signed: string
  page: string
}

export interface Warning {
  code: string
  message: { 'zh-CN': string; 'en-US': string }
}

/** POST /__wecomdev/emulator/verify's answer. */
export interface VerifyAnswer {
  api: 'config' | 'agentConfig'
  ok: boolean
  errMsg: string
  result: Answer
  verdict?: string
  signedUrl?: string
  findings: Finding[]
  warnings: Warning[]
}

/** POST /__wecomdev/emulator/invoke's answer. */
export interface InvokeAnswer {
  api: string
  ok: boolean
  errMsg: string
  result: Answer
  note?: string
}

export type Status = 'none' | 'pending' | 'ok' | 'fail'

export interface BridgeState {
  corp: { status: Status; jsApiList: string[] }
  agent: { status: Status; jsApiList: string[] }
  /** The last verification answers, for pages and tests. */
  verifications: VerifyAnswer[]
}

export interface EmulatorOptions {
  /** The dev server's origin, like http://127.0.0.1:8787. */
  base: string
  fetch?: typeof fetch
  /** The URL config and agentConfig are verified against (by default topPageUrl's). */
  pageUrl?: () => string
  /** The page's window (the global one by default). */
  win?: Window
  /** Where the emulator says what it did (console by default). */
  log?: (level: 'info' | 'warn', message: string) => void
  lang?: string
}

export interface EmulatedBridge {
  readonly __wecomdevEmulator: true
  invoke(name: string, params?: Answer, cb?: Callback): void
  on(name: string, cb: Callback): void
  call(name: string, params?: Answer, cb?: Callback): void
  /** emit runs the listeners registered with on (menu:share:appmessage, …). */
  emit(name: string, payload?: Answer): void
  /** answer resolves what invoke passes to its callback. */
  answer(name: string, params?: Answer): Promise<Answer>
  readonly state: BridgeState
}

/** The SDK's names of the client APIs whose bridge name differs. */
const WEB_NAMES: Record<string, string> = { preVerifyJSAPI: 'config', geoLocation: 'getLocation', imagePreview: 'previewImage' }

export function webName(name: string): string {
  return WEB_NAMES[name] ?? name
}

/**
 * topPageUrl is the URL the client verifies config and agentConfig against: since 2022-08
 * WeCom verifies top.location.href for a page in an iframe (WeCom community thread
 * 0000cc49bf429828077ed497e5b400; docs/wecom-facts.md, Emulator). The emulator reads the
 * top page's href when the frame may (same origin); otherwise it takes the frame's own and
 * says so through warn, since a phone would verify the top page's URL.
 */
export function topPageUrl(win: Window, warn: (message: string) => void): string {
  let top: string | undefined
  try {
    if (win.top && win.top !== win) {
      top = win.top.location.href // a SecurityError across origins
      if (typeof top !== 'string' || !top) throw new Error('no href')
      // @wecom/jssdk signs its own frame's location.href (dist/wecom.js getHref).
      if (top !== win.location.href) {
        warn(`the page is in an iframe: WeCom verifies the top page's URL ${top}, not this frame's ${win.location.href}, so getConfigSignature / getAgentConfigSignature must sign the top page's URL`)
      }
    }
  } catch {
    warn(
      `the page is in an iframe whose top page this frame cannot read (another origin): verifying the frame's own URL ${win.location.href}, but WeCom verifies the top page's URL (top.location.href), so sign that one`,
    )
    top = undefined
  }
  return top ?? win.location.href
}

/** APIs that need no permission. */
const FREE_APIS = new Set(['checkJsApi'])

/** The fields @wecom/jssdk adds to every call (getVerifyParams): not the API's own. */
const VERIFY_FIELDS = ['appId', 'verifyAppId', 'verifySignType', 'verifyTimestamp', 'verifyNonceStr', 'verifySignature']

function text(t: { 'zh-CN': string; 'en-US': string } | undefined, lang: string): string {
  if (!t) return ''
  return lang.toLowerCase().startsWith('zh') ? t['zh-CN'] : t['en-US']
}

export function createBridge(o: EmulatorOptions): EmulatedBridge {
  const f = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const lang = o.lang ?? (typeof navigator !== 'undefined' ? navigator.language : 'en-US')
  const log =
    o.log ??
    ((level: 'info' | 'warn', message: string) => {
      console[level](`[wecomdev emulator] ${message}`)
    })
  let frameWarned = false
  const pageUrl =
    o.pageUrl ??
    (() =>
      topPageUrl(o.win ?? window, (m) => {
        if (!frameWarned) log('warn', m)
        frameWarned = true
      }))
  const state: BridgeState = {
    corp: { status: 'none', jsApiList: [] },
    agent: { status: 'none', jsApiList: [] },
    verifications: [],
  }
  const listeners = new Map<string, Callback[]>()

  async function post<T>(path: string, body: unknown): Promise<T> {
    const res = await f(new URL(path, o.base).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
    let data: unknown = null
    try {
      data = await res.json()
    } catch {
      data = null
    }
    if (!res.ok) {
      const d = (data ?? {}) as { code?: string; message?: string }
      throw new Error(d.code ? `${d.code}: ${d.message ?? ''}` : `HTTP ${res.status}`)
    }
    return data as T
  }

  function list(v: unknown): string[] {
    if (Array.isArray(v)) return v.map(String)
    if (typeof v === 'string' && v) return v.split(/[;,]/)
    return []
  }

  /**
   * permission is the client's check of an API against what config (the corp identity) and
   * agentConfig (the app identity) registered; null when the call may go on. An API the
   * SDK does not have goes on too: the console answers it "function not exist".
   */
  function permission(name: string): Answer | null {
    if (FREE_APIS.has(name) || !KNOWN_APIS.has(name)) return null
    const { corp, agent } = state
    if (corp.status !== 'ok' && agent.status !== 'ok') {
      // Doc 96912 lists "<api>:the permission value is offline verifying".
      const msg = 'the permission value is offline verifying'
      return { errMsg: `${webName(name)}:${msg}`, err_msg: `${name}:${msg}` }
    }
    const listed = (l: string[]) => l.includes(clientName(name)) || l.includes(name)
    const inCorp = corp.status === 'ok' && listed(corp.jsApiList)
    const inAgent = agent.status === 'ok' && listed(agent.jsApiList)
    // APIs the SDK's types mark 「本接口必须使用应用身份进行注册」 need agentConfig (jsapis.ts).
    if (APP_IDENTITY_APIS.has(name) ? inAgent : inCorp || inAgent) return null
    // What the client sends: errmsg "fail_no permission", err_msg "<api>:fail_no permission",
    // no errMsg, so that @wecom/jssdk's formatErrMsg makes it "<api>:no permission" as on a
    // phone (juejin.cn/post/7359076801254653992; dist/wecom.js formatErrMsg; client-fidelity.md §1 #4).
    return { errmsg: 'fail_no permission', err_msg: `${name}:fail_no permission` }
  }

  async function verify(name: 'preVerifyJSAPI' | 'agentConfig', p: Answer): Promise<Answer> {
    const api = name === 'agentConfig' ? 'agentConfig' : 'config'
    const slot = api === 'config' ? state.corp : state.agent
    const params =
      api === 'config'
        ? {
            appId: p.verifyAppId ?? p.appId,
            timestamp: p.verifyTimestamp ?? p.timestamp,
            nonceStr: p.verifyNonceStr ?? p.nonceStr,
            signature: p.verifySignature ?? p.signature,
            jsApiList: list(p.verifyJsApiList ?? p.jsApiList),
            openTagList: list(p.verifyOpenTagList ?? p.openTagList),
          }
        : {
            corpId: p.corpid ?? p.corpId,
            agentId: p.agentid ?? p.agentId,
            timestamp: p.timestamp,
            nonceStr: p.nonceStr,
            signature: p.signature,
            jsApiList: list(p.jsApiList),
          }
    slot.status = 'pending'
    try {
      const a = await post<VerifyAnswer>('/__wecomdev/emulator/verify', { api, pageUrl: pageUrl(), params })
      state.verifications.push(a)
      slot.status = a.ok ? 'ok' : 'fail'
      slot.jsApiList = a.ok ? params.jsApiList : []
      for (const w of a.warnings ?? []) log('warn', `${api}: ${w.code}: ${text(w.message, lang)}`)
      if (!a.ok) {
        const codes = (a.findings ?? []).map((x) => `${x.code}: ${text(x.message, lang)}`).join(' | ')
        log('warn', `${a.errMsg}${a.verdict ? ` (${a.verdict}${a.signedUrl ? `, signed ${a.signedUrl}` : ''})` : ''}${codes ? ` — ${codes}` : ''}`)
      }
      return a.result ?? { errMsg: a.errMsg }
    } catch (err) {
      slot.status = 'fail'
      log('warn', `${api} could not be verified: ${(err as Error).message}`)
      return { errMsg: `${api}:fail`, err_msg: `${api}:fail wecomdev emulator: ${(err as Error).message}` }
    }
  }

  async function answer(name: string, params: Answer = {}): Promise<Answer> {
    try {
      if (name === 'preVerifyJSAPI' || name === 'agentConfig') return await verify(name, params)
      const web = webName(name)
      const denied = permission(name)
      if (denied) {
        const app = APP_IDENTITY_APIS.has(name)
        log(
          'warn',
          `${web}: ${String(denied.err_msg).slice(name.length + 1)} — list it in jsApiList${app ? ' and register with getAgentConfigSignature: it needs the app identity (agentConfig), config alone does not grant it' : ''}`,
        )
        return denied
      }
      const own: Answer = {}
      for (const [k, v] of Object.entries(params ?? {})) if (!VERIFY_FIELDS.includes(k)) own[k] = v
      try {
        const a = await post<InvokeAnswer>('/__wecomdev/emulator/invoke', { api: name, params: own })
        if (a.note) log('info', `${web}: ${a.note}`)
        return a.result ?? { errMsg: a.errMsg }
      } catch (err) {
        log('warn', `${web} could not be emulated: ${(err as Error).message}`)
        return { errMsg: `${web}:fail`, err_msg: `${name}:fail wecomdev emulator: ${(err as Error).message}` }
      }
    } catch {
      return { errMsg: `${webName(name)}:fail`, err_msg: `${name}:fail` }
    }
  }

  const bridge: EmulatedBridge = {
    __wecomdevEmulator: true,
    invoke(name, params, cb) {
      void answer(String(name), params && typeof params === 'object' ? params : {}).then((res) => {
        // As a client does, the callback runs on its own: what it throws is the page's error.
        if (typeof cb === 'function') setTimeout(() => cb(res), 0)
      })
    },
    on(name, cb) {
      if (typeof cb !== 'function') return
      const l = listeners.get(name) ?? []
      l.push(cb)
      listeners.set(name, l)
    },
    call(name, params, cb) {
      bridge.invoke(name, params ?? {}, cb)
    },
    emit(name, payload = {}) {
      for (const cb of listeners.get(name) ?? []) setTimeout(() => cb(payload), 0)
    },
    answer,
    state,
  }
  return bridge
}

/** emulatedUserAgent adds WeCom's tokens to a browser's user agent. */
export function emulatedUserAgent(ua: string, lang: string, dark: boolean): string {
  return `${ua} wxwork/${EMULATED_VERSION} MicroMessenger/7.0.1 Language/${lang.toLowerCase().startsWith('zh') ? 'zh' : 'en'} ColorScheme/${dark ? 'Dark' : 'Light'}`
}

type Win = Window &
  typeof globalThis & {
    WeixinJSBridge?: unknown
    __wecomdevEmulator?: { version: string; state: BridgeState; bridge: EmulatedBridge }
  }

/**
 * installEmulator puts the emulated client into a page. It stays out of a real client
 * (WeCom or WeChat: a wxwork/ or MicroMessenger/ user agent, or a bridge already there)
 * and returns null there.
 */
export function installEmulator(win: Win, o: EmulatorOptions): EmulatedBridge | null {
  if (win.__wecomdevEmulator) return win.__wecomdevEmulator.bridge
  const nav = win.navigator
  if (/wxwork\/|MicroMessenger\//i.test(nav.userAgent) || win.WeixinJSBridge) {
    console.info('[wecomdev emulator] a real WeCom / WeChat client is here: the emulator stays off')
    return null
  }
  const dark = typeof win.matchMedia === 'function' && win.matchMedia('(prefers-color-scheme: dark)').matches
  const ua = emulatedUserAgent(nav.userAgent, nav.language || 'zh-CN', dark)
  Object.defineProperty(nav, 'userAgent', { configurable: true, get: () => ua })
  // Each invoke carries the tab's entry (overlay.ts).
  const store = tabStorage(win)
  const send = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => win.fetch(input, init))
  const bridge = createBridge({ lang: nav.language, win, ...o, fetch: entryFetch(send, store) })
  win.WeixinJSBridge = bridge
  win.__wecomdevEmulator = { version: EMULATED_VERSION, state: bridge.state, bridge }
  // The SDK sees the bridge when it loads; pages that wait for the event get it too.
  setTimeout(() => win.document.dispatchEvent(new Event('WeixinJSBridgeReady')), 0)
  // The overlay shows the entry and lets the developer pick one for the tab (overlay.ts).
  const overlay = () => drawOverlay(win, { base: o.base, fetch: send, store, version: EMULATED_VERSION })
  if (win.document.body) overlay()
  else win.document.addEventListener('DOMContentLoaded', overlay, { once: true })
  return bridge
}
