/**
 * Typed wrapper over the Go JoinWayService binding: customer groups, the registry of the
 * join ways (「加入群聊」) the console made, their QR codes, the buffer pool of empty
 * groups, the customer/order ↔ group mapping and batches of test codes.
 */
import {
  BatchCancel,
  BatchStart,
  BatchStates,
  Code,
  Create,
  Defaults,
  Delete,
  Forget,
  Group,
  Groups,
  Image,
  LinkCode,
  List,
  Map as MapChat,
  OpenSavedFolder,
  Mappings,
  Pool,
  PoolAdd,
  PoolRelease,
  PoolRemove,
  PoolTake,
  Read,
  SaveImage,
  SetThreshold,
  Unmap,
  Update,
  Validate,
} from '../../wailsjs/go/app/JoinWayService'
import type { app, joinway } from '../../wailsjs/go/models'
import { call } from './errors'
import type {
  GroupChat,
  GroupPage,
  GroupQuery,
  JoinWayConfig,
  JoinWayEntry,
  JoinWayMapping,
  JoinWayResult,
  JoinWayWarning,
  PoolStatus,
  PoolView,
  TakeResult,
} from './joinway.types'

export type {
  BatchEvent,
  BatchItem,
  GroupChat,
  GroupMember,
  GroupPage,
  GroupQuery,
  GroupRef,
  JoinWayConfig,
  JoinWayEntry,
  JoinWayMapping,
  JoinWayResult,
  JoinWayStatus,
  JoinWayWarning,
  PoolGroup,
  PoolStatus,
  PoolView,
  TakeResult,
} from './joinway.types'

/** Error codes of this service (besides WECOM_<n> and the common ones); each is translated as errors.<code>. */
export const JOINWAY_INVALID = 'JOINWAY_INVALID'
export const JOINWAY_POSSIBLE_ORPHAN = 'JOINWAY_POSSIBLE_ORPHAN'
export const JOINWAY_STATE_IN_USE = 'JOINWAY_STATE_IN_USE'
export const JOINWAY_OUTCOME_UNKNOWN = 'JOINWAY_OUTCOME_UNKNOWN'
export const JOINWAY_NOT_FOUND = 'JOINWAY_NOT_FOUND'
export const POOL_EMPTY = 'POOL_EMPTY'
export const BATCH_RUNNING = 'BATCH_RUNNING'
export const JOINWAY_ERROR_CODES = [
  JOINWAY_INVALID,
  JOINWAY_POSSIBLE_ORPHAN,
  JOINWAY_STATE_IN_USE,
  JOINWAY_OUTCOME_UNKNOWN,
  JOINWAY_NOT_FOUND,
  POOL_EMPTY,
  BATCH_RUNNING,
] as const

/** What SaveImage writes: WeCom's image as stored, or the rendering with the state under it. */
export type ImageKind = 'wecom' | 'code'

const asConfig = (c: JoinWayConfig) => c as unknown as joinway.Config

/** A new join way's config: the QR-code scene and WeCom's defaults. */
export function defaults(): Promise<JoinWayConfig> {
  return call(() => Defaults() as unknown as Promise<JoinWayConfig>)
}

/** What WeCom would change in c; rejects with JOINWAY_INVALID (nothing sent) when a field is wrong. */
export function validate(c: JoinWayConfig): Promise<JoinWayWarning[]> {
  return call(() => Validate(asConfig(c)) as Promise<JoinWayWarning[]>)
}

/** One page of the profile's customer groups (groupchat/list). */
export function groups(profile: string, q: GroupQuery): Promise<GroupPage> {
  return call(() => Groups(profile, q as app.GroupQuery) as unknown as Promise<GroupPage>)
}

/** A customer group's details with its members' names and states (groupchat/get). */
export function group(profile: string, chatId: string): Promise<GroupChat> {
  return call(() => Group(profile, chatId) as unknown as Promise<GroupChat>)
}

/** The registry of the profile's join ways, newest first. */
export function list(profile: string): Promise<JoinWayEntry[]> {
  return call(() => List(profile) as unknown as Promise<JoinWayEntry[]>)
}

/**
 * Makes a join way (a state the registry has with the same chats is reused). Rejects with
 * JOINWAY_POSSIBLE_ORPHAN when an earlier add for the state got no stored answer: force
 * makes a new one anyway.
 */
export function create(profile: string, c: JoinWayConfig, force: boolean): Promise<JoinWayResult> {
  return call(() => Create(profile, asConfig(c), force) as unknown as Promise<JoinWayResult>)
}

/** Reads a config from WeCom (get_join_way) into the registry: also imports one by config_id. */
export function read(profile: string, configId: string): Promise<JoinWayEntry> {
  return call(() => Read(profile, configId) as unknown as Promise<JoinWayEntry>)
}

/** Overwrites a config with the whole of c (update_join_way resets what is left out). */
export function update(profile: string, configId: string, c: JoinWayConfig): Promise<JoinWayResult> {
  return call(() => Update(profile, configId, asConfig(c)) as unknown as Promise<JoinWayResult>)
}

/** Deletes a config at WeCom and from the registry. */
export function remove(profile: string, configId: string): Promise<void> {
  return call(() => Delete(profile, configId))
}

/** Removes a registry row without calling WeCom. */
export function forget(profile: string, id: number): Promise<void> {
  return call(() => Forget(profile, id))
}

/** WeCom's QR image of a registry row as stored (a data: URL). */
export function image(profile: string, id: number): Promise<string> {
  return call(() => Image(profile, id))
}

/** The row's join link rendered as a QR code with its state under it (a data: URL). */
export function code(profile: string, id: number): Promise<string> {
  return call(() => Code(profile, id))
}

/** Any join link as a QR code, with caption under it when not empty (QR_INVALID otherwise). */
export function linkCode(link: string, caption: string): Promise<string> {
  return call(() => LinkCode(link, caption))
}

/** Saves a row's QR code to the Downloads folder; returns the path. */
export function saveImage(profile: string, id: number, kind: ImageKind): Promise<string> {
  return call(() => SaveImage(profile, id, kind))
}

/** Opens the folder of a file the console saved (a batch's zip, a QR image) in the OS's file manager. */
export function openSavedFolder(path: string): Promise<void> {
  return call(() => OpenSavedFolder(path))
}

export function pool(profile: string): Promise<PoolView> {
  return call(() => Pool(profile) as unknown as Promise<PoolView>)
}

/** Adds pre-built empty customer groups to the pool. */
export function poolAdd(profile: string, chatIds: string[]): Promise<PoolView> {
  return call(() => PoolAdd(profile, chatIds) as unknown as Promise<PoolView>)
}

/** Takes a free group out of the pool. */
export function poolRemove(profile: string, chatId: string): Promise<PoolView> {
  return call(() => PoolRemove(profile, chatId) as unknown as Promise<PoolView>)
}

/** Gives a customer or order the first free group and its join way (state "" → the label). POOL_EMPTY when none is left. */
export function poolTake(profile: string, label: string, state: string, force: boolean): Promise<TakeResult> {
  return call(() => PoolTake(profile, label, state, force) as unknown as Promise<TakeResult>)
}

/** Gives a taken group back (who: label or chat_id); its join way is deleted at WeCom. */
export function poolRelease(profile: string, who: string): Promise<PoolView> {
  return call(() => PoolRelease(profile, who) as unknown as Promise<PoolView>)
}

export function setThreshold(profile: string, n: number): Promise<PoolStatus> {
  return call(() => SetThreshold(profile, n) as unknown as Promise<PoolStatus>)
}

export function mappings(profile: string): Promise<JoinWayMapping[]> {
  return call(() => Mappings(profile) as unknown as Promise<JoinWayMapping[]>)
}

/** Links a customer or order to a group (and a config) by hand. */
export function map(profile: string, label: string, chatId: string, configId: string): Promise<JoinWayMapping> {
  return call(() => MapChat(profile, label, chatId, configId) as unknown as Promise<JoinWayMapping>)
}

/** Removes a mapping (WeCom is not called). */
export function unmap(profile: string, chatId: string): Promise<void> {
  return call(() => Unmap(profile, chatId))
}

/** The states prefix + number from start, zero-padded (test-01 … test-50). */
export function batchStates(prefix: string, count: number, start: number): Promise<string[]> {
  return call(() => BatchStates(prefix, count, start))
}

/** Starts a batch of test codes in the background (progress: `joinway:batch`); returns its id. */
export function batchStart(profile: string, states: string[], base: JoinWayConfig, force: boolean): Promise<string> {
  return call(() => BatchStart(profile, states, asConfig(base), force))
}

/** Stops the running batch after its current code; false when none runs. */
export function batchCancel(): Promise<boolean> {
  return call(() => BatchCancel())
}
