/**
 * Typed wrapper over the Go TicketsService binding.
 *
 * The generated models are classes with plain `string` fields; results are cast to the
 * interfaces of ./tickets.types, which spell out the values Go sends (e.g. the secret states).
 */
import { Explain, Fetch, Refresh, Status } from '../../wailsjs/go/app/TicketsService'
import { call } from './errors'
import type { CredentialKind, Explanation, TicketStatus } from './tickets.types'

export type { Credential, CredentialKind, Explanation, TicketStatus } from './tickets.types'

/** What Go has cached for the profile; no network. */
export function ticketStatus(profile: string): Promise<TicketStatus> {
  return call(() => Status(profile) as Promise<TicketStatus>)
}

/** Fetches whatever is missing or expired. */
export function fetchTickets(profile: string): Promise<TicketStatus> {
  return call(() => Fetch(profile) as Promise<TicketStatus>)
}

/** Fetches one credential even though it is valid; rejects with BUDGET_CONFIRM unless confirm. */
export function refreshTicket(profile: string, kind: CredentialKind, confirm: boolean): Promise<TicketStatus> {
  return call(() => Refresh(profile, kind, confirm) as Promise<TicketStatus>)
}

/** Cause and fix of a WeCom error code, in both UI languages. */
export function explainCode(code: number): Promise<Explanation> {
  return call(() => Explain(code) as Promise<Explanation>)
}
