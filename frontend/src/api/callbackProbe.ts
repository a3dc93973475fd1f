/**
 * Typed wrapper over the Go CallbackProbeService binding: play WeCom (the signed,
 * encrypted GET verification and one POSTed event) against the developer's callback URL.
 */
import { Probe } from '../../wailsjs/go/app/CallbackProbeService'
import { call } from './errors'
import type { ProbeReport } from './callbackProbe.types'

export type { ProbeCheck, ProbeCheckCode, ProbeReport, ProbeRequest, ProbeStatus } from './callbackProbe.types'
export { PROBE_CHECKS } from './callbackProbe.types'

/**
 * Probes url with the profile's callback keys. receiveId '' is the profile's corpid (a
 * corp's own app). Rejects with URL_INVALID, SECRET_MISSING (no callback keys),
 * PROFILE_NOT_FOUND or KEYCHAIN_*; what the server does wrong is in the report.
 */
export function probeCallback(profile: string, url: string, receiveId = ''): Promise<ProbeReport> {
  return call(() => Probe(profile, url, receiveId) as unknown as Promise<ProbeReport>)
}
