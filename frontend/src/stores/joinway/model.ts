/**
 * What the Join-way area's store works with, apart from the store itself: its tabs, the
 * field limits, the config and entry helpers and the shapes of its state.
 */
import type { AppError } from '@/api/errors'
import type { BatchItem, JoinWayConfig, JoinWayEntry, PoolView } from '@/api/joinway'

/** The tabs of the Join-way area, in order. */
export const JOINWAY_TABS = ['groups', 'registry', 'pool', 'mapping', 'batch'] as const
export type JoinWayTab = (typeof JOINWAY_TABS)[number]

/** Field limits (internal/joinway config.go, reference §3a and §4a). */
export const LIMITS = {
  chats: 5,
  state: 30,
  /** Longer remarks are truncated by WeCom, not refused. */
  remark: 30,
  roomBaseName: 40,
  owners: 100,
  groupPage: 1000,
  batch: 1000,
  label: 64,
} as const

/** Characters as WeCom counts them (UTF-8 characters, not UTF-16 units). */
export function runeCount(s: string): number {
  return [...s].length
}

/** Items of a comma, space or line separated list: trimmed, without blanks and repeats. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean))]
}

/** A new join way's config, as Go's DefaultConfig: the QR-code scene, auto-create on, mark_source on. */
export function blankConfig(): JoinWayConfig {
  return { scene: 2, remark: '', autoCreateRoom: true, roomBaseName: '', roomBaseId: 0, chatIds: [], state: '', markSource: true }
}

export function cloneConfig(c: JoinWayConfig): JoinWayConfig {
  return { ...c, chatIds: [...c.chatIds] }
}

function normalizeConfig(c: Partial<JoinWayConfig> | null | undefined): JoinWayConfig {
  const b = blankConfig()
  if (!c || typeof c !== 'object') return b
  return {
    scene: Number(c.scene) || b.scene,
    remark: c.remark ?? '',
    autoCreateRoom: c.autoCreateRoom === true,
    roomBaseName: c.roomBaseName ?? '',
    roomBaseId: Number(c.roomBaseId) || 0,
    chatIds: Array.isArray(c.chatIds) ? c.chatIds : [],
    state: c.state ?? '',
    markSource: c.markSource !== false,
  }
}

export function normalizeEntry(e: JoinWayEntry): JoinWayEntry {
  return { ...e, config: normalizeConfig(e.config), qrUrl: e.qrUrl ?? '', joinLink: e.joinLink ?? '', configId: e.configId ?? '' }
}

export function normalizePool(v: PoolView | null | undefined, profile: string): PoolView {
  const st = v?.status
  return {
    groups: Array.isArray(v?.groups) ? v.groups : [],
    status: { profile: st?.profile || profile, free: st?.free ?? 0, used: st?.used ?? 0, threshold: st?.threshold ?? 0, low: st?.low === true },
  }
}

/** The registry rows that hold a state (an abandoned one gave it up). */
export const HOLDS_STATE = ['pending', 'created', 'ready']

/** The images of a registry row: WeCom's QR image and the rendering with the state under it. */
export interface RowImages {
  wecom: string
  code: string
  wecomError: AppError | null
  codeError: AppError | null
  loading: boolean
}

/** JOINWAY_STATE_IN_USE: the config that has the state, when the registry knows it. */
export interface StateInUse {
  error: AppError
  state: string
  configId: string
  entryId: number | null
}

/** A batch of test codes as the events tell it. */
export interface BatchState {
  id: string
  profile: string
  running: boolean
  done: number
  total: number
  failed: number
  /** The latest code made. */
  item: BatchItem | null
  /** Every code so far, in order. */
  items: BatchItem[]
  finished: boolean
  /** Why it stopped early (cancelled, a failure). */
  error: AppError | null
  /** The zip, once written. */
  path: string
}

export function idleBatch(): BatchState {
  return { id: '', profile: '', running: false, done: 0, total: 0, failed: 0, item: null, items: [], finished: false, error: null, path: '' }
}

/** The states of a batch: prefix + number (count from start), or one per line. */
export interface BatchInput {
  mode: 'range' | 'list'
  prefix: string
  count: number
  start: number
  lines: string
}

/** The states pasted one per line: trimmed, blanks dropped (repeats are Go's to refuse). */
export function statesFromLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The group-list filter as the form holds it. */
export interface GroupFilter {
  statusFilter: number
  /** Userids separated by commas, spaces or lines (≤ 100). */
  owners: string
  limit: number
}
