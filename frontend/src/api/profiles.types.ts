/**
 * Types of the Go ProfilesService (package app), exactly as their JSON crosses the bridge: a
 * profile and the keychain.
 * Times are Unix milliseconds unless a field says otherwise.
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
