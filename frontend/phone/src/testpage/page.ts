// The test page's logic that needs no DOM and no SDK: the playground's APIs and their
// default parameters, the simulated mistakes, the signing calls.

/** The client APIs of the playground, with parameters to start from. */
export const PLAYGROUND: Record<string, Record<string, unknown>> = {
  getContext: {},
  selectExternalContact: { filterType: 0 },
  getCurExternalContact: {},
  getCurExternalChat: {},
  openEnterpriseChat: { groupName: 'wecomdev 测试群', userIds: ['zhangsan', 'lisi'], externalUserIds: [] },
  selectEnterpriseContact: { fromDepartmentId: -1, mode: 'multi', type: ['department', 'user'] },
  openUserProfile: { type: 1, userid: 'zhangsan' },
  openExistedChatWithMsg: { chatId: '', msg: { msgtype: 'text', text: { content: 'hello from wecomdev' } } },
  sendChatMessage: { msgtype: 'text', text: { content: 'hello from wecomdev' } },
  scanQRCode: { needResult: true, scanType: ['qrCode', 'barCode'] },
  getLocation: { type: 'wgs84' },
  chooseImage: { count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] },
  previewImage: { current: 'https://wwcdn.weixin.qq.com/node/wework/images/wecom-logo.png', urls: ['https://wwcdn.weixin.qq.com/node/wework/images/wecom-logo.png'] },
  shareAppMessage: { title: 'wecomdev', desc: 'JS-SDK test page', link: '', imgUrl: '' },
  shareWechatMessage: { title: 'wecomdev', desc: 'JS-SDK test page', link: '', imgUrl: '' },
  checkJsApi: { jsApiList: ['getContext', 'openEnterpriseChat', 'selectExternalContact'] },
  closeWindow: {},
}

/** What the page registers: every API it calls (the SDK maps the names to the client's). */
export const JS_API_LIST = Object.keys(PLAYGROUND)

export const MISTAKES = ['none', 'trailing-slash', 'hash', 'corp-ticket-for-agent', 'app-ticket-for-config', 'wrong-corpid'] as const
export type Mistake = (typeof MISTAKES)[number]

export function mistakeOf(search: string): Mistake {
  const m = new URLSearchParams(search).get('mistake') ?? 'none'
  return (MISTAKES as readonly string[]).includes(m) ? (m as Mistake) : 'none'
}

/** toggleSlash adds a trailing slash to the URL's path, or removes the one it has. */
export function toggleSlash(url: string): string {
  const q = url.search(/[?#]/)
  const head = q < 0 ? url : url.slice(0, q)
  const tail = q < 0 ? '' : url.slice(q)
  const path = head.replace(/^[a-z]+:\/\/[^/]*/i, '')
  if (path === '' || path === '/') return (path === '' ? `${head}/` : head.slice(0, -1)) + tail
  return (head.endsWith('/') ? head.slice(0, -1) : `${head}/`) + tail
}

export type Kind = 'config' | 'agent'

/**
 * signedURL is the URL a signature callback asks for: the SDK's (location.href without
 * the hash), or a mistaken one.
 */
export function signedURL(sdkURL: string, mistake: Mistake, href: string): string {
  switch (mistake) {
    case 'trailing-slash':
      return toggleSlash(sdkURL)
    case 'hash':
      return href
    default:
      return sdkURL
  }
}

/**
 * corpIdOf is the corpId the page registers with: the profile's, or for the wrong-corpid
 * mistake the same id with its last character changed (a typo, or another corp's id pasted).
 */
export function corpIdOf(corpId: string, mistake: Mistake): string {
  if (mistake !== 'wrong-corpid' || corpId === '') return corpId
  const last = corpId.slice(-1)
  return corpId.slice(0, -1) + (last === '0' ? '1' : '0')
}

/** endpointOf is the console's signing endpoint a callback calls (the mistake may swap it). */
export function endpointOf(kind: Kind, mistake: Mistake): string {
  const corp = '/api/jssdk/config-signature'
  const agent = '/api/jssdk/agent-signature'
  if (kind === 'agent') return mistake === 'corp-ticket-for-agent' ? corp : agent
  return mistake === 'app-ticket-for-config' ? agent : corp
}

export interface Signature {
  timestamp: string
  nonceStr: string
  signature: string
}

/** ApiError is a refusal of the console: its code and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function json<T>(res: Response): Promise<T> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string }
    throw new ApiError(b.code ?? `HTTP_${res.status}`, b.message ?? `HTTP ${res.status}`)
  }
  return body as T
}

/** sign asks the console for a signature of url. */
export async function sign(kind: Kind, url: string, mistake: Mistake, f: typeof fetch = fetch): Promise<Signature> {
  return json<Signature>(await f(`${endpointOf(kind, mistake)}?url=${encodeURIComponent(url)}`, { credentials: 'omit' }))
}

export interface PhoneConfig {
  profile: string
  corpId: string
  agentId: number
  emulate: boolean
  emulatorUserId?: string
}

export async function loadConfig(f: typeof fetch = fetch): Promise<PhoneConfig> {
  return json<PhoneConfig>(await f('/__wecomdev/config.json', { credentials: 'omit' }))
}

export async function lookupCustomers(userId: string, mobile: string, f: typeof fetch = fetch): Promise<string[]> {
  let q = `userId=${encodeURIComponent(userId)}`
  if (mobile) q += `&mobile=${encodeURIComponent(mobile)}`
  const body = await json<{ externalUserIds: string[] }>(await f(`/api/customers?${q}`, { credentials: 'omit' }))
  return body.externalUserIds ?? []
}

export interface ChatLabel {
  chatId: string
  label: string
  profile: string
  createdAt: string
}

export async function storeChat(chatId: string, label: string, f: typeof fetch = fetch): Promise<ChatLabel> {
  return json<ChatLabel>(
    await f('/__wecomdev/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ chatId, label }),
      credentials: 'omit',
    }),
  )
}

/** splitIds reads "a, b;c" as ["a", "b", "c"]. */
export function splitIds(s: string): string[] {
  return s
    .split(/[\s,;，；]+/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** errText is what the page shows for a failure: the client's errMsg, or the error's message. */
export function errText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errMsg?: unknown; err_msg?: unknown; message?: unknown }
    // err_msg says more only on a failure (the client's cause); on success it is the same
    // ok under the client's name (geoLocation:ok for getLocation:ok).
    if (typeof e.errMsg === 'string') return typeof e.err_msg === 'string' && e.err_msg !== e.errMsg && !/:ok$/.test(e.errMsg) ? `${e.errMsg} (${e.err_msg})` : e.errMsg
    if (typeof e.message === 'string') return e.message
  }
  return String(err)
}

/** What the emulator's console found for one config / agentConfig verification. */
export interface Verification {
  api: string
  errMsg: string
  verdict?: string
  signedUrl?: string
  findings: Array<{ code: string; message: Record<string, string> }>
  warnings: Array<{ code: string; message: Record<string, string> }>
}

/**
 * The lines of a step's detail for a verification, the real cause first: the verdict, its
 * findings and the warnings that explain a failure (corpId, domain, agentId…), and last
 * the loopback notes — they say the emulator let a loopback page pass, which is never why
 * it failed.
 */
export function verificationLines(v: Verification, lang: string): string[] {
  const lines: string[] = []
  if (v.verdict && v.verdict !== 'OK') lines.push(`${v.verdict}${v.signedUrl ? `: ${v.signedUrl}` : ''}`)
  const notes = [...(v.findings ?? []), ...(v.warnings ?? [])]
  for (const n of [...notes.filter((n) => !LOOPBACK_NOTES.has(n.code)), ...notes.filter((n) => LOOPBACK_NOTES.has(n.code))]) {
    lines.push(`${n.code}: ${n.message[lang] ?? ''}`)
  }
  return lines
}

/** The notes that say a loopback page passes in the emulator only: never a failure's cause. */
const LOOPBACK_NOTES = new Set(['LOOPBACK', 'URL_LOCALHOST'])
