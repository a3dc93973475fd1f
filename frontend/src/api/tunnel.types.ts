/**
 * Types of the Go TunnelService (package app), exactly as their JSON crosses the bridge: the
 * tunnel and the reach verdict.
 * Times are Unix milliseconds unless a field says otherwise.
 */
import type { LocalizedText } from './tickets.types'

/** The tunnel's state, as Go's tunnel.Status says it. */
export type TunnelState = 'connecting' | 'up' | 'down' | 'error'

/** Go's tunnel.Status. */
export interface TunnelStatus {
  /** ssh, ngrok, cmd or lan ("" when none runs). */
  provider: string
  state: TunnelState
  /** Where the phone reaches the dev server (when up). */
  publicUrl?: string
  /** Every such URL (LAN: one per address); publicUrl first. */
  urls?: string[]
  /** Why it is down or in error, or a note. */
  reason?: string
  /** RFC 3339 time of the change. */
  at: string
  /** Connection attempts since it was last up (1 on the first). */
  attempt: number
}

/** An SSH server key the user has to accept (or not) before the tunnel connects. */
export interface TunnelHostKey {
  host: string
  keyType: string
  /** SHA256:… as ssh-keygen -lf prints it. */
  fingerprint: string
  /** The known_hosts file the key is added to. */
  knownHosts: string
}

/** What works from a phone through the public URL. */
export type ReachLevel = 'page-and-signing' | 'signing-only' | 'nothing'

/** Go's reach.Verdict. */
export interface ReachVerdict {
  host: string
  level: ReachLevel
  reasons: LocalizedText[]
  /** The origin to allow on the signing endpoints; "" when none is needed. */
  corsOrigin: string
  /** ww.register for a deployed page, signatures fetched from the public URL, its comments in each language; empty when nothing works. */
  snippet: LocalizedText
  /** A trusted domain that WeCom has not verified yet: serve WW_verify_….txt. */
  needsVerifyFile: boolean
}

/** Go's app.TunnelView: the tunnel as the UI shows it (also the tunnel:status payload). */
export interface TunnelView {
  running: boolean
  spec: string
  status: TunnelStatus
  /** The last lines of the provider's output (the command's, ssh's log…). */
  output: string[]
  hostKey: TunnelHostKey | null
  reach: ReachVerdict | null
  /** SSH: the nginx server block for the public domain ("" otherwise). */
  nginx: string
  /** SSH: the sshd settings the remote forward needs ("" otherwise). */
  sshd: string
}

/** What Start takes: the spec and the options that do not fit in it. */
export interface TunnelInput {
  spec: string
  identity: string
  knownHosts: string
  publicUrl: string
  publicUrlPattern: string
}
