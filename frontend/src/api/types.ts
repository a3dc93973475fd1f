/**
 * Types of the Go services of the profile, ticket and signature areas, exactly
 * as their JSON crosses the bridge (package app: ProfilesService,
 * TicketsService, SignService). Times are Unix milliseconds.
 */

/** Where a profile's corp secret comes from. */
export type SecretState = 'stored' | 'missing' | 'env' | 'builtin' | 'unknown'
export const SECRET_STATES: readonly SecretState[] = ['stored', 'missing', 'env', 'builtin', 'unknown']

export interface ProfileView {
  name: string
  corpId: string
  agentId: number
  apiBase: string
  trustedDomains: string[]
  sandbox: boolean
  secret: SecretState
  createdAt: number
  updatedAt: number
}

/** Add when `originalName` is "", else edit the profile of that name (rename allowed). */
export interface ProfileInput {
  originalName: string
  name: string
  corpId: string
  agentId: number
  apiBase: string
  trustedDomains: string[]
}

/** `error` is "KEYCHAIN_UNAVAILABLE: …how to fix it…" or "". */
export interface KeychainStatus {
  available: boolean
  error: string
}

/** token = access_token, corp = corp jsapi_ticket (wx.config), agent = app ticket (wx.agentConfig). */
export type CredentialKind = 'token' | 'corp' | 'agent'
export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['token', 'corp', 'agent']

export type CredentialState = 'valid' | 'expired' | 'none'

export interface Credential {
  kind: CredentialKind
  masked: string
  fetchedAt: number
  expiresAt: number
  state: CredentialState
}

export interface BudgetCount {
  used: number
  limit: number
  warn: boolean
}

/** One text in both UI languages. */
export interface LocalizedText {
  'zh-CN': string
  'en-US': string
}

export interface Explanation {
  code: number
  cause: LocalizedText
  fix: LocalizedText
  /** WeCom's error-code page. */
  doc: string
}

export interface TicketError {
  kind: string
  code: string
  wecomCode: number
  message: string
  at: number
  retryAt: number
  explanation: Explanation | null
}

export type TicketKind = 'corp' | 'agent'

export interface TicketHistoryEntry {
  kind: TicketKind
  masked: string
  fetchedAt: number
  expiresAt: number
}

export interface TicketStatus {
  profile: string
  /** Always three, in the order token, corp, agent. */
  credentials: Credential[]
  budget: { corp: BudgetCount; app: BudgetCount }
  lastError: TicketError | null
  history: TicketHistoryEntry[]
  /** "" or why the cache could not be saved to the keychain. */
  persistError: string
}

export interface SignWarning {
  code: string
  detail: string
}

export interface Breakdown {
  kind: TicketKind
  url: string
  signedUrl: string
  timestamp: string
  nonceStr: string
  ticketMasked: string
  signStringMasked: string
  signature: string
  warnings: SignWarning[]
}

export interface SignResult {
  profile: string
  corpId: string
  agentId: number
  url: string
  timestamp: string
  nonceStr: string
  /** Signed with the corp ticket: wx.config / ww.register getConfigSignature. */
  config: Breakdown
  /** Signed with the app ticket: wx.agentConfig / ww.register getAgentConfigSignature. */
  agent: Breakdown
  /** A ready-to-paste ww.register({...}) snippet. */
  register: string
}

/** Warning codes of internal/jssdk (Check / Explain); each has a `sign.warnings.<CODE>` message. */
export const WARNING_CODES = [
  'URL_EMPTY',
  'URL_NO_SCHEME',
  'URL_NOT_HTTP',
  'URL_HAS_HASH',
  'URL_ENCODED',
  'URL_DOUBLE_ENCODED',
  'URL_HTML_ESCAPED',
  'URL_WHITESPACE',
  'URL_LOCALHOST',
  'URL_IP_HOST',
  'URL_TOO_LONG',
  'TIMESTAMP_NOT_SECONDS',
  'NONCE_EMPTY',
  'NONCE_INVALID',
  'TICKET_IN_INPUT',
] as const
