/**
 * Client-side checks of a profile, mirroring the Go ProfilesService so the form
 * can say what is wrong before the round trip. Go checks again and stays the
 * authority (PROFILE_INVALID).
 */
import type { ProfileInput } from '@/api/profiles.types'

export type ProfileField = 'name' | 'corpId' | 'agentId' | 'apiBase' | 'trustedDomains'

/** Field → i18n key under `profiles.rules`. */
export type ProfileProblems = Partial<Record<ProfileField, string>>

// The patterns of internal/profiles (Normalize).
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const CORP_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/
const HOST_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/
export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com'

/** The form's values; agentId is text until it is checked. */
export interface ProfileDraft {
  originalName: string
  name: string
  corpId: string
  agentId: string
  apiBase: string
  trustedDomains: string[]
}

export function emptyDraft(): ProfileDraft {
  return { originalName: '', name: '', corpId: '', agentId: '', apiBase: DEFAULT_API_BASE, trustedDomains: [] }
}

export function isPositiveInteger(text: string): boolean {
  if (!/^\d+$/.test(text.trim())) return false
  const n = Number(text.trim())
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647
}

/**
 * A trusted domain is a lower-case host with an optional port, never an IP address
 * (WeCom wants an ICP-filed domain). A pasted URL is reduced to its host:
 * "https://A.example.com/path" → "a.example.com". Returns "" when that is not a host.
 */
export function normalizeDomain(raw: string): string {
  let s = raw.trim().toLowerCase()
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
  s = s.replace(/[/?#].*$/, '')
  if (!HOST_PATTERN.test(s) || IPV4.test(s)) return ''
  return s
}

/**
 * Plain http only to a loopback host (127.0.0.0/8, ::1, localhost): gettoken sends the
 * corp secret in its query. Mirrors wecom.ValidateBaseURL.
 */
function secureOrLoopback(apiBase: string): boolean {
  const m = /^http:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(apiBase)
  if (!m) return true
  const host = m[1].toLowerCase()
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

export function checkProfile(d: ProfileDraft): ProfileProblems {
  const p: ProfileProblems = {}
  if (!NAME_PATTERN.test(d.name.trim())) p.name = 'name'
  if (!CORP_ID_PATTERN.test(d.corpId.trim())) p.corpId = 'corpId'
  if (!isPositiveInteger(d.agentId)) p.agentId = 'agentId'
  if (!/^https?:\/\/[^\s/?#@]+[^\s?#]*$/i.test(d.apiBase.trim()) || !secureOrLoopback(d.apiBase.trim())) p.apiBase = 'apiBase'
  if (d.trustedDomains.some((x) => normalizeDomain(x) !== x)) p.trustedDomains = 'trustedDomains'
  return p
}

export function toInput(d: ProfileDraft): ProfileInput {
  return {
    originalName: d.originalName,
    name: d.name.trim(),
    corpId: d.corpId.trim(),
    agentId: Number(d.agentId.trim()),
    apiBase: d.apiBase.trim().replace(/\/+$/, ''),
    trustedDomains: [...d.trustedDomains],
  }
}
