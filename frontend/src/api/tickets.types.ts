/**
 * Types of the Go TicketsService (package app), exactly as their JSON crosses the bridge: the
 * cached credentials (access token, corp and app tickets), their budget and history.
 * Times are Unix milliseconds unless a field says otherwise.
 */

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
