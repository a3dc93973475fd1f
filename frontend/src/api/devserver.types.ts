/**
 * Types of the Go DevServerService (package app), exactly as their JSON crosses the bridge: the
 * dev server, its request log and what phones reported.
 * Times are Unix milliseconds, except a request log entry's `time` (an ISO string).
 */
import type { Finding } from './diagnose.types'
import type { Breakdown } from './sign.types'
import type { LocalizedText, TicketKind } from './tickets.types'

/** One endpoint of the running dev server, with the full URL to call. */
export interface DevEndpoint {
  /** config-signature, agent-signature, config or customers. */
  name: string
  method: string
  path: string
  /** Base URL + path + the start of the query (`?url=` / `?userId=`). */
  url: string
}

/** A domain verification file (WW_verify_….txt) the server serves at its root. */
export interface VerifyFile {
  name: string
  content: string
  /** Where the running server serves it; "" when stopped. */
  url: string
}

export interface DevServerStatus {
  running: boolean
  /** The profile it signs for ("" when stopped). */
  profile: string
  /** The address bound, e.g. 127.0.0.1:8787 ("" when stopped). */
  addr: string
  /** http://host:port a browser can open ("" when stopped). */
  baseUrl: string
  /** Where Start listens when given no address. */
  defaultAddr: string
  /** Unix ms, 0 when stopped. */
  startedAt: number
  endpoints: DevEndpoint[]
  /** What it signs for: loopback names, then the trusted domains, then the tunnel host. */
  allowedHosts: string[]
  tunnelHost: string
  verifyFiles: VerifyFile[]
  /** Requests seen since the log was last cleared (this session). */
  requests: number
  /** Requests not logged: they came faster than the log keeps. */
  dropped: number
  /** The developer's own dev server every other path is proxied to; "" when none. */
  upstream: string
  /** The WeCom client emulator is on (kept while stopped, for the next start). */
  emulate: boolean
  /** Where emulated pages count as opened unless a page's overlay says otherwise (kept while stopped). */
  entry: PageEntry
  /** The built-in test page (/__wecomdev/test/); "" when stopped. */
  testPageUrl: string
}

/** The endpoints as the request log names them (preflights get " (preflight)" appended). */
export const DEV_ENDPOINTS = [
  'config-signature',
  'agent-signature',
  'config',
  'customers',
  'verify-file',
  'index',
  'other',
  // The phone side and the proxy: a proxied path of the upstream, the test page and its
  // scripts, a page's reports, the emulator's verifications and client APIs, a chatId stored.
  'proxy',
  'phone',
  'report',
  'emulator',
  'chat',
  // OAuth: a code exchanged at /api/oauth/userinfo, the emulator's authorize page.
  'oauth-userinfo',
  'oauth-authorize',
] as const

/** The endpoints whose entries carry a `report`. */
export const REPORT_ENDPOINTS = ['report', 'emulator', 'chat'] as const

/**
 * What a report is (internal/devserver Report…): what a page reported (register …
 * step), the emulator verifying config / agentConfig (verify), a chatId stored (chat).
 */
export const REPORT_TYPES = [
  'register',
  'signature',
  'config',
  'agentConfig',
  'wx.error',
  'error',
  'unhandledrejection',
  'console',
  'invoke',
  'step',
  'verify',
  'chat',
] as const

/** Something the emulator wants known about a verification (a phone would answer otherwise, …). */
export interface ReportWarning {
  code: string
  message: LocalizedText
}

/**
 * One event of a phone page (endpoint report), one emulator verification or client API
 * call (endpoint emulator), or a chatId stored (endpoint chat). Never a credential.
 */
export interface EntryReport {
  /** One of REPORT_TYPES. */
  type: string
  /** console's level: log, info, warn, error, debug. */
  level?: string
  /** config, agentConfig, a client API, ww.register / wx.config, a test page step. */
  api?: string
  /** The call succeeded; false for errors and for events that are not calls. */
  ok: boolean
  errMsg?: string
  message?: string
  stack?: string
  /** The call's parameters (a JSON object, credentials removed). */
  params?: unknown
  /** What the emulator answered. */
  result?: unknown
  pageUrl?: string
  /** The first URL of the page's session. */
  landingUrl?: string
  /** As the page saw it (the emulator changes it). */
  userAgent?: string
  /** Unix ms on the page's clock. */
  clientTime?: number
  seq?: number
  /** Events the page dropped so far. */
  dropped?: number
  chatId?: string
  /** A signature check: what the page was given and what the console's ticket gives. */
  signature?: string
  expectedSignature?: string
  /** One of VERDICT_CODES. */
  verdict?: string
  /** The URL the page's signature is over, when found. */
  signedUrl?: string
  findings?: Finding[]
  warnings?: ReportWarning[]
  explanation?: LocalizedText | null
  note?: string
}

/** A customer group the test page created, with the label (customer / order number) given to it. */
export interface ChatLabel {
  chatId: string
  label: string
  profile: string
  /** ISO 8601. */
  createdAt: string
}

/** Why the server signed (loopback / trusted domain / tunnel) or refused. */
export const DEV_DECISIONS = ['loopback', 'trusted domain', 'tunnel', 'host refused', 'origin refused'] as const

/** The WeCom (or WeChat) client a User-Agent names; "" is a plain browser. */
export type DevClient = 'wxwork' | 'wxworklocal' | 'wechat' | ''
export const DEV_CLIENTS: readonly DevClient[] = ['wxwork', 'wxworklocal', 'wechat', '']

export interface ClientInfo {
  client?: DevClient
  version?: string
  platform?: 'iOS' | 'Android' | 'Windows' | 'Mac' | 'Linux' | ''
}

/** One signature given to a client. */
export interface EntrySignature {
  kind: TicketKind
  ticketMasked: string
  signature: string
}

/** One request to the dev server, as the log keeps it (never a secret; tickets masked). */
export interface RequestEntry {
  id: number
  /** ISO 8601. */
  time: string
  profile: string
  /** The client's IP address. */
  client: string
  userAgent: string
  app: ClientInfo
  method: string
  path: string
  /** One of DEV_ENDPOINTS, possibly with " (preflight)". */
  endpoint: string
  origin?: string
  /** The page URL asked for (customers: the query, mobile masked). */
  url: string
  host?: string
  allowed: boolean
  /** One of DEV_DECISIONS. */
  decision?: string
  timestamp?: string
  nonceStr?: string
  signatures?: EntrySignature[]
  customers?: number
  cached?: boolean
  /** HTTP status. */
  status: number
  /** The error code the client got. */
  code?: string
  /** What the client was told. */
  message?: string
  /** message in Chinese, for the common refusals (host, origin, no scheme); the HTTP answer stays English. */
  messageZhCN?: string
  /** The whole reason, for the console only. */
  error?: string
  durationUs: number
  /**
   * Under a flood the log keeps a run of identical requests as one entry, the first of
   * them: how many it stands for (absent for one request), and the last one's time.
   */
  count?: number
  lastTime?: string
  /** The request's number (its answer's X-Wecomdev-Log; a network event's logId); seqLast: the greatest of a flood's row. */
  seq?: number
  seqLast?: number
  /** What a page reported, or what the emulator did (endpoints report, emulator, chat). */
  report?: EntryReport
  /** Who an OAuth step was for and what went wrong (endpoints oauth-userinfo, oauth-authorize); never the code. */
  oauth?: EntryOAuth
}

/** An OAuth step of the request log (Go: devserver.OAuthStep). */
export interface EntryOAuth {
  userid?: string
  openid?: string
  externalUserId?: string
  detail?: boolean
  emulated?: boolean
  scope?: string
  /** OAUTH_CODE_REUSED (the double redirect, 40029, with the first use), OAUTH_CODE_INVALID, OAUTH_REDIRECT_UNTRUSTED. */
  finding?: {
    code: string
    wecom?: number
    message: { 'zh-CN': string; 'en-US': string }
    fix: { 'zh-CN': string; 'en-US': string }
    firstUse?: { time: string; client: string; userid?: string; openid?: string }
  }
}

/** Selects log entries; zero values select everything. */
export interface RequestsFilter {
  profile: string
  /** A substring of the URL, path or client. */
  text: string
  /** One of DEV_ENDPOINTS, or "". */
  endpoint: string
  /** Status ≥ 400 only. */
  failed: boolean
  /** Paging: entries older than this id (0: the newest). */
  beforeId: number
  /** Default 200, at most 1000. */
  limit: number
}

/** Payload of `devserver:requests`: what was logged since the last one. */
export interface RequestsEvent {
  /** Newest last, at most 100. */
  entries: RequestEntry[]
  /** Entries of this batch not sent (a flood); they are in the log. */
  more: number
  dropped: number
  total: number
  /** Why the request log cannot be written (disk full, …), once per spell of failures; the entries still come but are not kept. */
  storeError?: string
}

/** One logged request with its signatures explained. */
export interface RequestDetail {
  entry: RequestEntry
  breakdowns: Breakdown[]
}

/**
 * Where the emulated page was opened: getContext().entry (@wecom/jssdk's EntryType), and
 * the customer (external_userid) and group (chat_id) it stands for; "" = the emulator's
 * default pick (the signed-in member's first customer; the group opened last, else the first).
 */
export interface PageEntry {
  entry: string
  contact?: string
  chat?: string
}

/** The signed-in member's customers and groups an entry can stand for (any other id may be typed). */
export interface EntryChoices {
  member: string
  customers: string[]
  groups: string[]
}
