// The page's environment, sent with its network session: the user agent (the console parses
// it), which JS-SDK the page loaded and from where, the landing and current URLs, screen and
// viewport, the colour scheme, and the storage keys with their values masked.
import { clip, mask, maskText } from '../shared/redact'
import { maskURL, secretName } from './netmask'

export interface SDKInfo {
  /** wecom-jssdk (@wecom/jssdk, ww), jweixin (wx from jweixin-*.js), jwxwork (jwxwork-*.js), none */
  kind: 'wecom-jssdk' | 'jweixin' | 'jwxwork' | 'none'
  version?: string
  /** The script it came from ("" when bundled into the page's own code). */
  src?: string
}

export interface PageEnv {
  url: string
  landingUrl: string
  title?: string
  userAgent: string
  sdk: SDKInfo
  screen?: { width: number; height: number; dpr: number }
  viewport?: { width: number; height: number }
  colorScheme?: 'dark' | 'light'
  storage: { local: Record<string, string>; session: Record<string, string>; cookies: Record<string, string> }
}

type Win = Window & typeof globalThis & { ww?: { SDK_VERSION?: string }; wx?: unknown; jWeixin?: unknown }

const MAX_KEYS = 50

/** storageValue: the first and last two characters of a value (ab…yz), whatever its key says. */
function storageValue(k: string, v: string): string {
  if (secretName(k) || v.length > 24) return mask(v)
  return clip(maskText(v), 64)
}

function storageOf(s: Storage | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!s) return out
  for (let i = 0; i < s.length && i < MAX_KEYS; i++) {
    const k = s.key(i)
    if (k == null) continue
    out[clip(k, 100)] = storageValue(k, s.getItem(k) ?? '')
  }
  return out
}

export function cookiesOf(cookie: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of cookie.split(';').slice(0, MAX_KEYS)) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const k = part.slice(0, i).trim()
    out[clip(k, 100)] = mask(part.slice(i + 1).trim())
  }
  return out
}

/** sdkOf finds the JS-SDK: a script whose name says which, else the globals it set. */
export function sdkOf(win: Win): SDKInfo {
  const srcs = Array.from(win.document.scripts ?? [], (s) => s.src).filter(Boolean)
  for (const src of srcs) {
    let m = /jwxwork-(\d+(?:\.\d+)*)\.js/i.exec(src)
    if (m) return { kind: 'jwxwork', version: m[1], src: maskURL(src) }
    m = /jweixin-(\d+(?:\.\d+)*)\.js/i.exec(src)
    if (m) return { kind: 'jweixin', version: m[1], src: maskURL(src) }
    m = /@wecom\/jssdk(?:@([\d.]+))?/i.exec(src)
    if (m) return { kind: 'wecom-jssdk', version: m[1] ?? win.ww?.SDK_VERSION, src: maskURL(src) }
  }
  if (win.ww && typeof win.ww === 'object' && win.ww.SDK_VERSION) return { kind: 'wecom-jssdk', version: String(win.ww.SDK_VERSION), src: '' }
  if (win.jWeixin || win.wx) return { kind: 'jweixin', src: '' }
  return { kind: 'none' }
}

export function pageEnv(win: Win, landingUrl: string): PageEnv {
  const get = <T>(fn: () => T, dflt: T): T => {
    try {
      return fn()
    } catch {
      return dflt
    }
  }
  return {
    url: maskURL(win.location.href),
    landingUrl: maskURL(landingUrl),
    title: get(() => clip(win.document.title, 200), undefined),
    userAgent: clip(win.navigator.userAgent, 512),
    sdk: get(() => sdkOf(win), { kind: 'none' } as SDKInfo),
    screen: get(() => ({ width: win.screen.width, height: win.screen.height, dpr: win.devicePixelRatio || 1 }), undefined),
    viewport: get(() => ({ width: win.innerWidth, height: win.innerHeight }), undefined),
    colorScheme: get(() => (win.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'), undefined),
    storage: {
      local: get(() => storageOf(win.localStorage), {}),
      session: get(() => storageOf(win.sessionStorage), {}),
      cookies: get(() => cookiesOf(win.document.cookie), {}),
    },
  }
}
