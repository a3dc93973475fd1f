/**
 * Event names emitted by Go. Defined once in Go and mirrored here: keep both
 * lists identical.
 */
export const Events = {
  /** Payload: settings.Snapshot, after every successful change. */
  settingsChanged: 'settings:changed',
  /** Payload: TicketStatus of one profile, after credentials or the budget changed. */
  ticketsChanged: 'tickets:changed',
  /** Payload: DevServerStatus, after start, stop and every change. */
  devServerStatus: 'devserver:status',
  /** Payload: RequestsEvent, the requests logged since the last one (newest last). */
  devServerRequests: 'devserver:requests',
  /** Payload: TunnelView, after every change of the tunnel. */
  tunnelStatus: 'tunnel:status',
  /** Payload: PoolStatus of one profile's buffer pool after every change; low = build more groups. */
  joinWayPool: 'joinway:pool',
  /** Payload: BatchEvent, after each code of a batch of test codes and when it ends. */
  joinWayBatch: 'joinway:batch',
  /** Payload: NetworkUpdateEvent, a page's captured requests after every batch the reporter sent. */
  networkUpdate: 'network:update',
} as const

export type EventName = (typeof Events)[keyof typeof Events]
