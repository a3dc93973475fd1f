// The test page's OAuth (网页授权) login: it builds the authorize URL, reads the code WeCom
// sends back, exchanges it once at the dev server's /api/oauth/userinfo and takes code and
// state out of the address bar. WeCom's rules: docs/wecom-facts.md, "OAuth (网页授权)".
//
// Where the authorize page is: on a phone, WeCom's (https://open.weixin.qq.com, doc 91022);
// with the emulator, the dev server's own origin, which answers the same path and
// parameters for the emulator's signed-in member.

/** WeCom's authorize page origin (doc 91022). */
export const WECOM_OAUTH_BASE = 'https://open.weixin.qq.com'

/** Where the page keeps the state it sent, to check the one that comes back. */
export const STATE_KEY = 'wecomdev.oauth.state'

export interface AuthorizeParams {
  corpId: string
  agentId: number
  /** The page to come back to (without code, state and hash). */
  redirect: string
  state: string
  scope?: 'snsapi_base' | 'snsapi_privateinfo'
}

/**
 * authorizeURL is the authorize URL under base: appid = the corpId, redirect_uri
 * URL-encoded once, response_type=code, the scope, state, agentid, and #wechat_redirect
 * last (doc 91022).
 */
export function authorizeURL(base: string, p: AuthorizeParams): string {
  const q = [
    `appid=${encodeURIComponent(p.corpId)}`,
    `redirect_uri=${encodeURIComponent(p.redirect)}`,
    'response_type=code',
    `scope=${p.scope ?? 'snsapi_base'}`,
    `state=${encodeURIComponent(p.state)}`,
    `agentid=${p.agentId}`,
  ]
  return `${base.replace(/\/+$/, '')}/connect/oauth2/authorize?${q.join('&')}#wechat_redirect`
}

/** oauthBase: the dev server's origin under the emulator, WeCom's on a phone. */
export function oauthBase(emulated: boolean, origin: string): string {
  return emulated ? origin : WECOM_OAUTH_BASE
}

/** newState is 16 characters of [a-zA-Z0-9] (doc 91022: state ≤ 128 bytes of them). */
export function newState(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(random(16), (b) => abc[b % abc.length]).join('')
}

/** codeOf reads the code and state WeCom appended to the page URL; null without a code. */
export function codeOf(href: string): { code: string; state: string } | null {
  const u = new URL(href)
  const code = u.searchParams.get('code')
  return code ? { code, state: u.searchParams.get('state') ?? '' } : null
}

/** withoutCode is the page URL without code, state and the hash: the redirect_uri, and
 * what history.replaceState leaves in the address bar after the exchange. */
export function withoutCode(href: string, keepHash = false): string {
  const u = new URL(href)
  u.searchParams.delete('code')
  u.searchParams.delete('state')
  if (!keepHash) u.hash = ''
  return u.href
}

/** Who the exchange says is on the page; detail fields for snsapi_privateinfo. */
export interface OAuthUser {
  userid?: string
  openid?: string
  external_userid?: string
  [field: string]: string | undefined
}

/** The dev server's finding about a refused exchange (40029 reused / invalid, 50001). */
export interface OAuthFinding {
  code: string
  wecom?: number
  message: { 'zh-CN': string; 'en-US': string }
  fix: { 'zh-CN': string; 'en-US': string }
  firstUse?: { time: string; client: string; userid?: string }
}

/** OAuthError is a refused exchange: the console's code and, when it has one, its finding. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly finding?: OAuthFinding,
  ) {
    super(message)
  }
}

/** exchange trades the code at the dev server (once: a second try is WeCom's 40029). */
export async function exchange(code: string, f: typeof fetch = fetch, base = ''): Promise<OAuthUser> {
  const res = await f(`${base}/api/oauth/userinfo?code=${encodeURIComponent(code)}`, { credentials: 'omit' })
  let body: Record<string, unknown> = {}
  try {
    body = (await res.json()) as Record<string, unknown>
  } catch {
    body = {}
  }
  if (!res.ok) {
    throw new OAuthError(String(body.code ?? `HTTP_${res.status}`), String(body.message ?? `HTTP ${res.status}`), body.finding as OAuthFinding | undefined)
  }
  return body as OAuthUser
}

/** describe is a one-line summary of who the exchange found. */
export function describe(u: OAuthUser): string {
  if (u.userid) return `userid: ${u.userid}`
  return `openid: ${u.openid ?? '?'}${u.external_userid ? `\nexternal_userid: ${u.external_userid}` : ''}`
}
