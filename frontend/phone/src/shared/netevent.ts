// The network event's shape: one home for the phone reporter (reporter/network.ts builds it
// and POSTs it to /__wecomdev/network) and the console GUI (src/api/network.ts reads it back
// from Go, which adds `received`). Types only: nothing here reaches the phone's bundle.
// Go's side of the same shape: internal/devserver/network.go (NetEvent).

export type NetKind = 'fetch' | 'xhr' | 'beacon' | 'ws' | 'resource'

/** Why a body is not (all) there. */
export type BodyNote = 'binary' | 'truncated' | 'off' | 'unread'

/** A WebSocket's counts while it lives, and how it ended. */
export interface WSStats {
  state: 'open' | 'closed' | 'error'
  sent: number
  received: number
  sentBytes: number
  receivedBytes: number
  closeCode?: number
  closeReason?: string
}

/** One request as the capture reports it (POST /__wecomdev/network's events), masked. */
export interface NetEvent {
  id: string
  kind: NetKind
  method: string
  url: string
  /** HTTP status; 0 when there is none (a network error, a beacon, a failed resource). */
  status: number
  statusText?: string
  error?: string
  /** Unix ms on the page's clock when the request started. */
  start: number
  /** ms from start to the response's headers (time to first byte). */
  ttfb?: number
  /** ms from start to the end of the response (or of the socket). */
  duration?: number
  reqHeaders?: Record<string, string>
  resHeaders?: Record<string, string>
  reqBody?: string
  resBody?: string
  /** Body sizes in bytes when known. */
  reqSize?: number
  resSize?: number
  reqBodyNote?: BodyNote
  resBodyNote?: BodyNote
  mime?: string
  /** The console's own endpoint (/api/jssdk/*, /__wecomdev/*): it is in the request log too. */
  console?: boolean
  /**
   * The request's number in the dev server's request log (the X-Wecomdev-Log header of a
   * console endpoint's answer, RequestEntry.seq): the console links the event to that log entry.
   */
  logId?: number
  /** The element of a failed resource load, like <img src="…">. */
  element?: string
  ws?: WSStats
}
