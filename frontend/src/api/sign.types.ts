/**
 * Types of the Go SignService (package app), exactly as their JSON crosses the bridge: a
 * signature and its breakdown.
 * Times are Unix milliseconds unless a field says otherwise.
 */
import type { TicketKind } from './tickets.types'

export interface SignWarning {
  code: string
  /** Go's detail in English, quoting the offending fragment; detailZh is the same in zh-CN. */
  detail: string
  detailZh?: string
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
