/**
 * Typed wrapper over the network part of the Go DevServerService binding: the phone
 * pages' network sessions as reporter.js captured them (app/network.go), eruda, reload /
 * navigate, HAR export. Results are cast to the interfaces below, which spell out what Go
 * sends (internal/devserver/network.go, netenv.go).
 */
import {
  ClearNetwork,
  ExportHAR,
  NavigatePage,
  Network,
  NetworkSession,
  ReloadPage,
  SetBodyLimit,
  SetEruda,
} from '../../wailsjs/go/app/DevServerService'
import type { ClientInfo } from './devserver.types'
import { call } from './errors'

export type NetKind = 'fetch' | 'xhr' | 'beacon' | 'ws' | 'resource'

export interface WSStats {
  state: 'open' | 'closed' | 'error'
  sent: number
  received: number
  sentBytes: number
  receivedBytes: number
  closeCode?: number
  closeReason?: string
}

/** One request of a page, masked by the reporter and again by Go. */
export interface NetEvent {
  id: string
  kind: NetKind
  method: string
  url: string
  status: number
  statusText?: string
  error?: string
  /** Unix ms on the page's clock. */
  start: number
  ttfb?: number
  duration?: number
  reqHeaders?: Record<string, string>
  resHeaders?: Record<string, string>
  reqBody?: string
  resBody?: string
  reqSize?: number
  resSize?: number
  reqBodyNote?: 'binary' | 'truncated' | 'off' | 'unread'
  resBodyNote?: 'binary' | 'truncated' | 'off' | 'unread'
  mime?: string
  console?: boolean
  /** The console endpoint's request number in the request log (RequestEntry.seq). */
  logId?: number
  element?: string
  ws?: WSStats
  received: string
}

export interface PageEnv {
  url: string
  landingUrl: string
  title?: string
  userAgent: string
  app: ClientInfo
  dark: boolean
  sdk: { kind: 'wecom-jssdk' | 'jweixin' | 'jwxwork' | 'none'; version?: string; src?: string }
  screen?: { width: number; height: number; dpr?: number }
  viewport?: { width: number; height: number }
  colorScheme?: 'dark' | 'light'
  storage: { local?: Record<string, string>; session?: Record<string, string>; cookies?: Record<string, string> }
}

export interface NetSessionSummary {
  id: string
  client: string
  started: string
  updated: string
  env?: PageEnv
  count: number
  failed: number
  dropped: number
  live: boolean
}

export interface NetSession {
  id: string
  client: string
  started: string
  updated: string
  env?: PageEnv
  dropped: number
  events: NetEvent[]
}

export interface NetworkState {
  sessions: NetSessionSummary[]
  eruda: boolean
  bodyLimit: number
}

/** The payload of Events.networkUpdate. */
export interface NetworkUpdateEvent {
  session: string
  client: string
  env?: PageEnv
  events: NetEvent[]
  dropped: number
  /** More arrived than the event carries: ask for the session again. */
  cut: boolean
}

export function networkState(): Promise<NetworkState> {
  return call(() => Network() as unknown as Promise<NetworkState>)
}

/** One session with its requests; REQUEST_NOT_FOUND once it was dropped or cleared. */
export function networkSession(id: string): Promise<NetSession> {
  return call(() => NetworkSession(id) as unknown as Promise<NetSession>)
}

export function clearNetwork(): Promise<void> {
  return call(() => ClearNetwork())
}

export function setEruda(on: boolean): Promise<NetworkState> {
  return call(() => SetEruda(on) as unknown as Promise<NetworkState>)
}

export function setBodyLimit(bytes: number): Promise<NetworkState> {
  return call(() => SetBodyLimit(bytes) as unknown as Promise<NetworkState>)
}

/** Reloads the session's page ("" every connected page); false when none is connected. */
export function reloadPage(id: string): Promise<boolean> {
  return call(() => ReloadPage(id))
}

/** Sends the page to an http(s) URL; false when none is connected; URL_INVALID otherwise. */
export function navigatePage(id: string, url: string): Promise<boolean> {
  return call(() => NavigatePage(id, url))
}

/** Writes the session ("" all) as HAR 1.2 into Downloads; the file's path. */
export function exportHAR(id: string): Promise<string> {
  return call(() => ExportHAR(id))
}
