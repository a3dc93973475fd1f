/**
 * Typed wrapper over the Go SignService binding.
 *
 * The generated models are classes with plain `string` fields; results are cast to the
 * interfaces of ./sign.types, which spell out the values Go sends (e.g. the secret states).
 */
import { Sign } from '../../wailsjs/go/app/SignService'
import { call } from './errors'
import type { SignResult } from './sign.types'

export type { Breakdown, SignResult, SignWarning } from './sign.types'

/** Signs url with the profile's corp ticket and app ticket (fetching them when needed). */
export function sign(profile: string, url: string): Promise<SignResult> {
  return call(() => Sign(profile, url) as Promise<SignResult>)
}
