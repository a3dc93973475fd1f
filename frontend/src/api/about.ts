/** Typed wrapper over the Go AboutService binding. */
import { Info } from '../../wailsjs/go/app/AboutService'
import type { buildinfo } from '../../wailsjs/go/models'
import { call } from './errors'

export type BuildInfo = buildinfo.Info

export function getBuildInfo(): Promise<BuildInfo> {
  return call(() => Info())
}
