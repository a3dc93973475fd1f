/**
 * Typed wrapper over the Go ProfilesService binding.
 *
 * The generated models are classes with plain `string` fields; results are cast to the
 * interfaces of ./profiles.types, which spell out the values Go sends (e.g. the secret states).
 */
import {
  DeleteSecret,
  Keychain,
  List,
  Remove,
  ResetSandbox,
  RevealSecret,
  Save,
  SetSecret,
} from '../../wailsjs/go/app/ProfilesService'
import { call } from './errors'
import type { KeychainStatus, ProfileInput, ProfileView } from './profiles.types'

export type { KeychainStatus, ProfileInput, ProfileView, SecretState } from './profiles.types'

/** The name of the built-in profile that talks to wecomdev's own fake WeCom. */
export const SANDBOX = 'sandbox'

export function listProfiles(): Promise<ProfileView[]> {
  return call(() => List() as Promise<ProfileView[]>)
}

/** Adds a profile (input.originalName "") or edits the one named input.originalName. */
export function saveProfile(input: ProfileInput): Promise<ProfileView> {
  return call(() => Save(input) as Promise<ProfileView>)
}

/** Removes the profile, its secret and its cached tickets. */
export function removeProfile(name: string): Promise<void> {
  return call(() => Remove(name))
}

export function setSecret(name: string, secret: string): Promise<ProfileView> {
  return call(() => SetSecret(name, secret) as Promise<ProfileView>)
}

export function deleteSecret(name: string): Promise<ProfileView> {
  return call(() => DeleteSecret(name) as Promise<ProfileView>)
}

/** The secret in clear: call only when the user asked to reveal or copy it, and never store it. */
export function revealSecret(name: string): Promise<string> {
  return call(() => RevealSecret(name))
}

export function keychainStatus(): Promise<KeychainStatus> {
  return call(() => Keychain() as Promise<KeychainStatus>)
}

/**
 * Starts the built-in sandbox WeCom over from its demo data, for the CLI too, and clears
 * the console's join-way registry, group pool and order mapping of the sandbox profile.
 */
export function resetSandbox(): Promise<void> {
  return call(() => ResetSandbox())
}
