/**
 * Event names emitted by Go. Defined once in Go and mirrored here: keep both
 * lists identical.
 */
export const Events = {
  /** Payload: settings.Snapshot, after every successful change. */
  settingsChanged: 'settings:changed',
  /** Payload: TicketStatus of one profile, after credentials or the budget changed. */
  ticketsChanged: 'tickets:changed',
} as const

export type EventName = (typeof Events)[keyof typeof Events]
