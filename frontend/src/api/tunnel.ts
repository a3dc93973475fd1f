/**
 * Typed wrapper over the Go TunnelService binding: the tunnel that brings the phone to
 * the dev server, its secrets (kept in the OS keychain only) and QR codes.
 */
import { AcceptHostKey, QRCode, SaveQRCode, SetSecret, Start, Status, Stop } from '../../wailsjs/go/app/TunnelService'
import type { app } from '../../wailsjs/go/models'
import { call } from './errors'
import type { TunnelInput, TunnelView } from './tunnel.types'

export type { ReachLevel, ReachVerdict, TunnelHostKey, TunnelInput, TunnelState, TunnelStatus, TunnelView } from './tunnel.types'

/** Error codes of this service (besides the common ones); each is translated as errors.<code>. */
export const TUNNEL_INVALID = 'TUNNEL_INVALID'
export const DEVSERVER_STOPPED = 'DEVSERVER_STOPPED'
export const QR_INVALID = 'QR_INVALID'
export const HOSTKEY_NONE = 'HOSTKEY_NONE'

/** The secrets a tunnel may need; SetSecret stores them in the OS keychain. */
export const TUNNEL_SECRETS = ['ssh-passphrase', 'ssh-password', 'ngrok-authtoken'] as const
export type TunnelSecret = (typeof TUNNEL_SECRETS)[number]

export function tunnelStatus(): Promise<TunnelView> {
  return call(() => Status() as unknown as Promise<TunnelView>)
}

/** Starts the tunnel to the running dev server (DEVSERVER_STOPPED otherwise; TUNNEL_INVALID for a bad spec). */
export function startTunnel(input: TunnelInput): Promise<TunnelView> {
  return call(() => Start(input as app.TunnelInput) as unknown as Promise<TunnelView>)
}

export function stopTunnel(): Promise<TunnelView> {
  return call(() => Stop() as unknown as Promise<TunnelView>)
}

/** Trusts the unknown SSH host key shown (by its fingerprint) and connects again. */
export function acceptHostKey(fingerprint: string): Promise<TunnelView> {
  return call(() => AcceptHostKey(fingerprint) as unknown as Promise<TunnelView>)
}

/** Stores a tunnel secret in the OS keychain; it never comes back. */
export function setTunnelSecret(item: TunnelSecret, value: string): Promise<void> {
  return call(() => SetSecret(item, value))
}

/** A PNG QR code of text as a data: URL. */
export function qrCode(text: string, size: number): Promise<string> {
  return call(() => QRCode(text, size))
}

/** Saves the QR code of text as a PNG (in Downloads); returns the path. */
export function saveQrCode(text: string, size: number): Promise<string> {
  return call(() => SaveQRCode(text, size))
}
