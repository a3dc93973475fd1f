/**
 * Types of the Go JoinWayService (package app), exactly as their JSON crosses the bridge: join
 * ways, the pool, the mappings, the batch and the groups.
 * Times of this service are ISO 8601 strings (Go's time.Time), absent when zero.
 */

import type { JoinWayJoin } from './callbacks.types'

/** Join-way scenes: 1 the mini-program plugin, 2 the QR code (the default). */
export const JOINWAY_SCENES = [2, 1] as const

/** A join way as the user edits it: the whole config (update_join_way overwrites every field). */
export interface JoinWayConfig {
  /** 1 mini-program plugin, 2 QR code. */
  scene: number
  /** WeCom keeps the first 30 characters. */
  remark: string
  autoCreateRoom: boolean
  /** At most 40 characters; only when autoCreateRoom. */
  roomBaseName: string
  roomBaseId: number
  /** 1–5 customer groups. */
  chatIds: string[]
  /** At most 30 characters: the channel members join with. */
  state: string
  markSource: boolean
}

/** Something WeCom accepts but changes or ignores (REMARK_TRUNCATED, ROOM_NAME_UNUSED, NO_QR_CODE). */
export interface JoinWayWarning {
  code: string
  message: string
}

/** Warning codes of internal/joinway Validate; each has a `joinway.warnings.<CODE>` message. */
export const JOINWAY_WARNING_CODES = ['REMARK_TRUNCATED', 'ROOM_NAME_UNUSED', 'NO_QR_CODE'] as const

/** pending: add_join_way was sent and no answer stored (a possible orphan at WeCom). */
export const JOINWAY_STATUSES = ['pending', 'abandoned', 'created', 'ready'] as const
export type JoinWayStatus = (typeof JOINWAY_STATUSES)[number]

/** One join way of the console's registry (WeCom cannot list them). */
export interface JoinWayEntry {
  id: number
  profile: string
  configId: string
  status: JoinWayStatus | string
  config: JoinWayConfig
  qrUrl: string
  /** The link the QR image encodes, when it could be read. */
  joinLink: string
  hasImage: boolean
  imageError?: string
  lastError?: string
  intentAt: string
  createdAt?: string
  updatedAt?: string
  /** The last get_join_way. */
  readAt?: string
  /** Who joined by this state, as callbacks told (newest first); null from calls other than List. */
  joins?: JoinWayJoin[] | null
}

/** What Create and Update return. */
export interface JoinWayResult {
  entry: JoinWayEntry
  /** No add_join_way was made: the registry had this state with these chats. */
  reused: boolean
  warnings: JoinWayWarning[]
}

/** The buffer pool's counts; low = it has groups and free < threshold. Also the `joinway:pool` payload. */
export interface PoolStatus {
  profile: string
  free: number
  used: number
  threshold: number
  low: boolean
}

/** One group of the pool; label is set while a customer or order holds it. */
export interface PoolGroup {
  chatId: string
  name: string
  addedAt: string
  free: boolean
  label?: string
  configId?: string
  takenAt?: string
}

export interface PoolView {
  groups: PoolGroup[]
  status: PoolStatus
}

/** Where a mapping comes from: a pool take, the phone test page (openEnterpriseChat), or by hand. */
export const MAPPING_SOURCES = ['pool', 'test-page', 'manual'] as const

/** One customer/order ↔ chat_id ↔ config_id row. */
export interface JoinWayMapping {
  label: string
  chatId: string
  configId: string
  source: string
  inPool: boolean
  createdAt: string
}

export interface TakeResult {
  mapping: JoinWayMapping
  entry: JoinWayEntry
  /** The label held a group already. */
  reused: boolean
  pool: PoolStatus
}

/** One state of a batch of test codes. */
export interface BatchItem {
  state: string
  entryId?: number
  configId?: string
  qrUrl?: string
  joinLink?: string
  reused: boolean
  error?: string
}

/** Payload of `joinway:batch`: after each code, and once more when the batch ends. */
export interface BatchEvent {
  id: string
  profile: string
  done: number
  total: number
  item?: BatchItem
  finished: boolean
  failed: number
  /** "CODE: message" when the batch stopped early. */
  error?: string
  /** The zip (a PNG per state with the state under it, and manifest.csv), once written. */
  path?: string
}

/** The owner-status filter of groupchat/list: 0 all, 1 owner resigned, 2 being inherited, 3 inherited. */
export const GROUP_STATUS_FILTERS = [0, 1, 2, 3] as const

export interface GroupQuery {
  statusFilter: number
  owners: string[]
  cursor: string
  limit: number
}

/** One row of groupchat/list (WeCom's field names). */
export interface GroupRef {
  chat_id: string
  /** 0 owner normal, 1 resigned, 2 being inherited, 3 inherited. */
  status: number
}

export interface GroupPage {
  groups: GroupRef[]
  /** "" after the last page. */
  nextCursor: string
}

/** A member of a customer group (groupchat/get, WeCom's field names; times in Unix seconds). */
export interface GroupMember {
  userid: string
  /** 1 a member of the corp, 2 a customer (external contact). */
  type: number
  unionid?: string
  join_time: number
  /** 1 invited, 2 invite link, 3 scanned the group QR code. */
  join_scene: number
  invitor?: { userid: string }
  group_nickname?: string
  name?: string
  /** The join way's state the member joined with. */
  state?: string
}

export interface GroupChat {
  chat_id: string
  name: string
  owner: string
  /** Unix seconds. */
  create_time: number
  notice: string
  member_list: GroupMember[]
  admin_list: { userid: string }[]
  member_version: string
}
