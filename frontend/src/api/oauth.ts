/**
 * Typed wrapper over the OAuth (网页授权) methods of the Go DiagnoseService: build a
 * profile's authorize URL and check a pasted one (package internal/oauth).
 */
import { OAuthBuild, OAuthCheck } from '../../wailsjs/go/app/DiagnoseService'
import type { app } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Finding } from './diagnose.types'

/** The scopes of a self-built app (WeCom doc 91022). */
export const OAUTH_SCOPES = ['snsapi_base', 'snsapi_privateinfo'] as const
export type OAuthScope = (typeof OAUTH_SCOPES)[number]

/** Finding codes of the checker (internal/oauth FindingCodes), in Go's order. */
export const OAUTH_FINDING_CODES = [
  'OAUTH_NOT_A_URL',
  'OAUTH_ENDPOINT',
  'OAUTH_APPID',
  'OAUTH_REDIRECT_MISSING',
  'OAUTH_REDIRECT_NOT_ENCODED',
  'OAUTH_REDIRECT_DOUBLE_ENCODED',
  'OAUTH_REDIRECT_INVALID',
  'OAUTH_REDIRECT_HASH',
  'OAUTH_REDIRECT_AMPERSAND',
  'OAUTH_REDIRECT_UNTRUSTED',
  'OAUTH_NO_TRUSTED_DOMAINS',
  'OAUTH_RESPONSE_TYPE',
  'OAUTH_SCOPE',
  'OAUTH_SCOPE_WECHAT',
  'OAUTH_STATE',
  'OAUTH_AGENTID_MISSING',
  'OAUTH_AGENTID_INVALID',
  'OAUTH_AGENTID_MISMATCH',
  'OAUTH_WECHAT_REDIRECT',
  'OAUTH_PARAM_REPEATED',
] as const

/** What the builder takes besides the profile (app.OAuthInput). */
export interface OAuthInput {
  /** The page WeCom sends the member back to, not encoded. */
  redirect: string
  scope: OAuthScope
  /** At most 128 bytes of a-z, A-Z, 0-9; may be "". */
  state: string
}

/** An authorize URL and what the checker says of it (app.OAuthResult). */
export interface OAuthResult {
  /** The URL built; "" for a check. */
  url: string
  /** No finding is an error. */
  ok: boolean
  /** Each with severity "error" or "warn" and its evidence. */
  findings: Finding[]
}

/** Builds the profile's authorize URL and checks it; PROFILE_NOT_FOUND for an unknown profile. */
export function buildOAuthURL(profile: string, input: OAuthInput): Promise<OAuthResult> {
  return call(() => OAuthBuild(profile, input as app.OAuthInput) as unknown as Promise<OAuthResult>)
}

/** Checks a pasted authorize URL, against the profile when it is not "". */
export function checkOAuthURL(profile: string, url: string): Promise<OAuthResult> {
  return call(() => OAuthCheck(profile, url) as unknown as Promise<OAuthResult>)
}
