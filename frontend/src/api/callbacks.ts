/**
 * Typed wrapper over the Go CallbacksService binding: the callback URL to paste, the
 * Token / EncodingAESKey (kept in the OS keychain; GenerateKeys shows new ones once), the
 * callbacks the dev server received, and the sandbox's simulated joins.
 */
import { ClearEvents, Events, GenerateKeys, SetKeys, Setup, SimulateJoin } from '../../wailsjs/go/app/CallbacksService'
import { call } from './errors'
import type { CallbackRecord, CallbackSetup, GeneratedKeys, SimulatedJoin } from './callbacks.types'

export type { CallbackEventFields, CallbackRecord, CallbackSetup, Delivery, GeneratedKeys, JoinWayJoin, SimulatedJoin } from './callbacks.types'

/** Error codes of this service (besides the common ones); each is translated as errors.<code>. */
export const CALLBACK_KEYS_MISSING = 'CALLBACK_KEYS_MISSING'
export const NOT_SANDBOX = 'NOT_SANDBOX'

/** The callback log's size the area asks for (the log keeps 500 per profile). */
export const EVENTS_SHOWN = 200

export function callbackSetup(profile: string): Promise<CallbackSetup> {
  return call(() => Setup(profile) as unknown as Promise<CallbackSetup>)
}

/** Stores the Token and EncodingAESKey pasted from the admin console (SECRET_INVALID when not valid). */
export function setCallbackKeys(profile: string, token: string, aesKey: string): Promise<CallbackSetup> {
  return call(() => SetKeys(profile, token, aesKey) as unknown as Promise<CallbackSetup>)
}

/** Makes, stores and returns new keys once, to be pasted into the admin console. */
export function generateCallbackKeys(profile: string): Promise<GeneratedKeys> {
  return call(() => GenerateKeys(profile) as unknown as Promise<GeneratedKeys>)
}

export function callbackEvents(profile: string, limit = EVENTS_SHOWN): Promise<CallbackRecord[]> {
  return call(() => Events(profile, limit) as unknown as Promise<CallbackRecord[]>)
}

export function clearCallbackEvents(profile: string): Promise<void> {
  return call(() => ClearEvents(profile))
}

/** A sandbox customer scans the join way of state; the event goes to the running dev server. */
export function simulateJoin(profile: string, state: string, twice: boolean): Promise<SimulatedJoin> {
  return call(() => SimulateJoin(profile, state, twice) as unknown as Promise<SimulatedJoin>)
}
