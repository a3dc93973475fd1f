/**
 * Typed wrapper over the Go DevServerService binding: the phone-facing dev
 * server (signing endpoints, domain verification files) and its request log.
 *
 * The generated models are classes with plain `string` fields; results are cast to the
 * interfaces of ./devserver.types, which spell out the values Go sends.
 */
import {
  ChatLabels,
  ClearRequests,
  DeleteVerifyFile,
  EntryChoices as GoEntryChoices,
  Request,
  Requests,
  SaveVerifyFile,
  SetEmulator,
  SetEntry,
  Start,
  Status,
  Stop,
} from '../../wailsjs/go/app/DevServerService'
import type { devserver } from '../../wailsjs/go/models'
import { call } from './errors'
import type { ChatLabel, DevServerStatus, EntryChoices, RequestDetail, RequestEntry, RequestsFilter } from './devserver.types'

export type {
  ChatLabel,
  ClientInfo,
  DevEndpoint,
  PageEntry,
  DevServerStatus,
  EntryChoices,
  EntryReport,
  EntrySignature,
  RequestDetail,
  RequestEntry,
  RequestsEvent,
  RequestsFilter,
  ReportWarning,
  VerifyFile,
} from './devserver.types'

/** Error codes of this service (besides the common ones); each is translated as errors.<code>. */
export const LISTEN_FAILED = 'LISTEN_FAILED'
export const VERIFY_FILE_INVALID = 'VERIFY_FILE_INVALID'
export const REQUEST_NOT_FOUND = 'REQUEST_NOT_FOUND'
export const UPSTREAM_INVALID = 'UPSTREAM_INVALID'
export const ENTRY_INVALID = 'ENTRY_INVALID'

/**
 * The entries the emulator offers, the default (the workbench) first: Go's
 * devserver.Entries, from @wecom/jssdk 2.4.4's EntryType (types/index.d.ts:4364).
 */
export const ENTRIES = ['normal', 'contact_profile', 'single_chat_tools', 'group_chat_tools', 'chat_attachment', 'single_kf_tools'] as const

/** The server, running or not. */
export function devServerStatus(): Promise<DevServerStatus> {
  return call(() => Status() as Promise<DevServerStatus>)
}

/**
 * Runs the server for the profile on addr ("" → the default); a running one is restarted.
 * With an upstream (the developer's dev server, like http://localhost:5173; "" for none),
 * every other path is proxied to it; a bad one rejects with UPSTREAM_INVALID.
 */
export function startDevServer(profile: string, addr: string, upstream: string): Promise<DevServerStatus> {
  return call(() => Start(profile, addr, upstream) as Promise<DevServerStatus>)
}

/**
 * Turns the WeCom client emulator on or off, now if the server runs and for its next
 * start. It answers the profile's member and customer data to whoever reaches the server.
 */
export function setEmulator(on: boolean): Promise<DevServerStatus> {
  return call(() => SetEmulator(on) as Promise<DevServerStatus>)
}

/**
 * Sets where emulated pages count as opened (now if the server runs, and for its next
 * start) and the customer / group that entry stands for ("" = the default pick); a bad
 * one rejects with ENTRY_INVALID.
 */
export function setEntry(entry: string, contact: string, chat: string): Promise<DevServerStatus> {
  return call(() => SetEntry(entry, contact, chat) as Promise<DevServerStatus>)
}

/** The signed-in member's customers and groups (none while the server is stopped). */
export function entryChoices(): Promise<EntryChoices> {
  return call(() => GoEntryChoices() as unknown as Promise<EntryChoices>)
}

/** The chatId ↔ label pairs the test page's create-customer-group flow stored for the profile, newest first. */
export function chatLabels(profile: string): Promise<ChatLabel[]> {
  return call(() => ChatLabels(profile) as unknown as Promise<ChatLabel[]>)
}

export function stopDevServer(): Promise<DevServerStatus> {
  return call(() => Stop() as Promise<DevServerStatus>)
}

/** Stores a verification file (name and content of WeCom's WW_verify_….txt). */
export function saveVerifyFile(name: string, content: string): Promise<DevServerStatus> {
  return call(() => SaveVerifyFile(name, content) as Promise<DevServerStatus>)
}

export function deleteVerifyFile(name: string): Promise<DevServerStatus> {
  return call(() => DeleteVerifyFile(name) as Promise<DevServerStatus>)
}

/** Logged requests that match, newest first. */
export function listRequests(filter: RequestsFilter): Promise<RequestEntry[]> {
  return call(() => Requests(filter as devserver.Filter) as unknown as Promise<RequestEntry[]>)
}

/** One logged request with its signatures explained; REQUEST_NOT_FOUND once it left the log. */
export function requestDetail(id: number): Promise<RequestDetail> {
  return call(() => Request(id) as unknown as Promise<RequestDetail>)
}

/** Empties the request log (and its counters). */
export function clearRequests(): Promise<DevServerStatus> {
  return call(() => ClearRequests() as Promise<DevServerStatus>)
}
