import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api/joinway'
import type {
  BatchEvent,
  BatchItem,
  GroupChat,
  GroupRef,
  ImageKind,
  JoinWayConfig,
  JoinWayEntry,
  JoinWayMapping,
  JoinWayResult,
  JoinWayWarning,
  PoolStatus,
  PoolView,
  TakeResult,
} from '@/api/joinway'
import { AppError, toAppError } from '@/api/errors'
import { Events } from '@/api/events'
import { SANDBOX } from '@/api/profiles'
import { useEvent } from '@/composables/useEvent'
import { run, withBusyKey } from './async'

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

function normalizePool(v: PoolView | null | undefined, profile: string): PoolView {
  const st = v?.status
  return {
    groups: Array.isArray(v?.groups) ? v.groups : [],
    status: { profile: st?.profile || profile, free: st?.free ?? 0, used: st?.used ?? 0, threshold: st?.threshold ?? 0, low: st?.low === true },
  }
}

/** The registry rows that hold a state (an abandoned one gave it up). */
const HOLDS_STATE = ['pending', 'created', 'ready']

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

function idleBatch(): BatchState {
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

/**
 * The Join-way area (加入群聊) for one profile: customer groups, the registry of the
 * join ways the console made (WeCom lists them nowhere), the new / edit forms, the
 * buffer pool of empty groups (its low state also badges the navigation), the mapping
 * of customers and orders to groups, and batches of test codes (`joinway:batch`).
 */
export const useJoinWayStore = defineStore('joinway', () => {
  const profile = ref(SANDBOX)
  const tab = ref<JoinWayTab>('groups')
  /** The actions running, by key ("groups", "create", "read:<configId>", …). */
  const busy = ref<string[]>([])
  const isBusy = (key: string) => busy.value.includes(key)

  const withBusy = <T>(key: string, op: () => Promise<T>) => withBusyKey(busy, key, op)

  // --- Groups -------------------------------------------------------------------------
  const groupFilter = ref<GroupFilter>({ statusFilter: 0, owners: '', limit: 100 })
  const groupList = ref<GroupRef[]>([])
  const nextCursor = ref('')
  const groupsLoaded = ref(false)
  const groupsError = ref<AppError | null>(null)
  const details = ref<Record<string, GroupChat>>({})
  const selectedChat = ref('')
  const detailError = ref<AppError | null>(null)
  const ownerList = computed(() => splitList(groupFilter.value.owners))

  /** The first page for the filter, or (more) the next page. */
  function loadGroups(more = false): Promise<void> {
    return withBusy('groups', async () => {
      const asked = profile.value
      const page = await run(groupsError, () => {
        if (ownerList.value.length > LIMITS.owners) {
          throw new AppError(api.JOINWAY_INVALID, `${ownerList.value.length} owners given, at most ${LIMITS.owners}`)
        }
        return api.groups(asked, {
          statusFilter: groupFilter.value.statusFilter,
          owners: ownerList.value,
          cursor: more ? nextCursor.value : '',
          limit: groupFilter.value.limit,
        })
      })
      if (asked !== profile.value) return
      const rows = Array.isArray(page.groups) ? page.groups : []
      groupList.value = more ? [...groupList.value, ...rows.filter((g) => !groupList.value.some((x) => x.chat_id === g.chat_id))] : rows
      nextCursor.value = page.nextCursor ?? ''
      groupsLoaded.value = true
    })
  }

  /** Loads a group's details (once; again with reload). */
  async function loadGroup(chatId: string, reload = false): Promise<GroupChat> {
    const known = details.value[chatId]
    if (known && !reload) return known
    return withBusy(`group:${chatId}`, async () => {
      const g = await run(detailError, () => api.group(profile.value, chatId))
      const full = { ...g, member_list: Array.isArray(g.member_list) ? g.member_list : [], admin_list: Array.isArray(g.admin_list) ? g.admin_list : [] }
      details.value = { ...details.value, [chatId]: full }
      return full
    })
  }

  /** Shows a group's details ("" closes them). */
  async function openGroup(chatId: string): Promise<void> {
    selectedChat.value = chatId
    detailError.value = null
    if (chatId) await loadGroup(chatId)
  }

  /** Fetches the names of the listed groups not opened yet (one groupchat/get each). */
  function loadNames(): Promise<void> {
    return withBusy('names', async () => {
      for (const g of groupList.value) {
        if (!details.value[g.chat_id]) await loadGroup(g.chat_id).catch(() => undefined)
      }
    })
  }

  const groupName = (chatId: string) => details.value[chatId]?.name ?? pool.value?.groups.find((g) => g.chatId === chatId)?.name ?? ''

  // --- Registry -----------------------------------------------------------------------
  const entries = ref<JoinWayEntry[]>([])
  const entriesLoaded = ref(false)
  const entriesError = ref<AppError | null>(null)
  /** The error of the last action on a row (read, delete, forget, save). */
  const rowError = ref<AppError | null>(null)
  const images = ref<Record<number, RowImages>>({})
  /** Where a row's image was saved, by "<id>:<kind>". */
  const saved = ref<Record<string, string>>({})

  function upsert(e: JoinWayEntry): JoinWayEntry {
    const n = normalizeEntry(e)
    const old = entries.value.find((x) => x.id === n.id)
    entries.value = old ? entries.value.map((x) => (x.id === n.id ? n : x)) : [n, ...entries.value]
    if (old && (old.updatedAt !== n.updatedAt || old.config.state !== n.config.state || old.readAt !== n.readAt)) {
      const { [n.id]: _drop, ...rest } = images.value
      images.value = rest
    }
    return n
  }

  function loadEntries(): Promise<void> {
    return withBusy('list', async () => {
      const asked = profile.value
      const list = await run(entriesError, () => api.list(asked))
      if (asked !== profile.value) return
      entries.value = (Array.isArray(list) ? list : []).map(normalizeEntry)
      entriesLoaded.value = true
    })
  }

  /** Loads a row's two images (once; again with reload). Failures stay with the row. */
  async function loadImages(id: number, reload = false): Promise<void> {
    const e = entries.value.find((x) => x.id === id) ?? takeResult.value?.entry
    if (!e || (images.value[id] && !reload)) return
    const slot: RowImages = { wecom: '', code: '', wecomError: null, codeError: null, loading: true }
    images.value = { ...images.value, [id]: slot }
    const asked = profile.value
    const [w, c] = await Promise.allSettled([
      e.hasImage ? api.image(asked, id) : Promise.resolve(''),
      e.hasImage || e.joinLink ? api.code(asked, id) : Promise.resolve(''),
    ])
    if (asked !== profile.value) return
    images.value = {
      ...images.value,
      [id]: {
        wecom: w.status === 'fulfilled' ? w.value : '',
        code: c.status === 'fulfilled' ? c.value : '',
        wecomError: w.status === 'rejected' ? toAppError(w.reason) : null,
        codeError: c.status === 'rejected' ? toAppError(c.reason) : null,
        loading: false,
      },
    }
  }

  /** Saves a row's QR image to Downloads; returns (and keeps) the path. */
  function saveImage(id: number, kind: ImageKind): Promise<string> {
    return withBusy(`save:${id}:${kind}`, async () => {
      const path = await run(rowError, () => api.saveImage(profile.value, id, kind))
      saved.value = { ...saved.value, [`${id}:${kind}`]: path }
      return path
    })
  }

  /** Reads a config from WeCom into the registry ("Read again", and "Import by config_id"). */
  function readConfig(configId: string): Promise<JoinWayEntry> {
    const id = configId.trim()
    return withBusy(`read:${id}`, async () => {
      const e = await run(rowError, () => {
        if (!id) throw new AppError(api.JOINWAY_INVALID, 'config_id is empty')
        return api.read(profile.value, id)
      })
      const n = upsert(e)
      void loadImages(n.id, true)
      return n
    })
  }

  /** Deletes a config at WeCom and from the registry. */
  function deleteEntry(e: JoinWayEntry): Promise<void> {
    return withBusy(`delete:${e.id}`, async () => {
      await run(rowError, () => api.remove(profile.value, e.configId))
      entries.value = entries.value.filter((x) => x.id !== e.id)
      void loadPool().catch(() => undefined)
    })
  }

  /** Removes a registry row without calling WeCom (a possible orphan, an abandoned intent). */
  function forgetEntry(e: JoinWayEntry): Promise<void> {
    return withBusy(`forget:${e.id}`, async () => {
      await run(rowError, () => api.forget(profile.value, e.id))
      entries.value = entries.value.filter((x) => x.id !== e.id)
    })
  }

  // --- New join way and edit ----------------------------------------------------------
  const form = ref<JoinWayConfig>(blankConfig())
  const createError = ref<AppError | null>(null)
  /** JOINWAY_POSSIBLE_ORPHAN: a question to the user (Create anyway), not a failure. */
  const orphan = ref<AppError | null>(null)
  const stateInUse = ref<StateInUse | null>(null)
  const lastResult = ref<JoinWayResult | null>(null)
  const editing = ref<{ id: number; configId: string; config: JoinWayConfig } | null>(null)
  const editError = ref<AppError | null>(null)

  /** What WeCom would change in c, or why it is refused; never throws. */
  async function validate(c: JoinWayConfig): Promise<{ warnings: JoinWayWarning[]; error: AppError | null }> {
    try {
      const w = await api.validate(c)
      return { warnings: Array.isArray(w) ? w : [], error: null }
    } catch (reason) {
      return { warnings: [], error: toAppError(reason) }
    }
  }

  function inUse(err: AppError, state: string): StateInUse {
    const e = entries.value.find((x) => x.config.state === state && HOLDS_STATE.includes(x.status))
    const fromMessage = /join way (\S+)/.exec(err.message)?.[1] ?? ''
    return { error: err, state, configId: e?.configId || fromMessage, entryId: e?.id ?? null }
  }

  /**
   * Makes the join way of the form. A possible orphan sets `orphan` and resolves to null
   * (ask, then createAnyway); other failures reject with an AppError.
   */
  function create(force = false): Promise<JoinWayResult | null> {
    return withBusy('create', async () => {
      const config = cloneConfig(form.value)
      orphan.value = null
      stateInUse.value = null
      lastResult.value = null
      try {
        const res = await run(createError, () => api.create(profile.value, config, force))
        const e = upsert(res.entry)
        lastResult.value = { ...res, entry: e, warnings: Array.isArray(res.warnings) ? res.warnings : [] }
        void loadImages(e.id)
        if (force) void loadEntries().catch(() => undefined) // the old intent is now abandoned
        return lastResult.value
      } catch (reason) {
        const err = toAppError(reason)
        if (err.code === api.JOINWAY_POSSIBLE_ORPHAN) {
          createError.value = null
          orphan.value = err
          return null
        }
        if (err.code === api.JOINWAY_STATE_IN_USE) stateInUse.value = inUse(err, config.state)
        if (err.code === api.JOINWAY_OUTCOME_UNKNOWN) void loadEntries().catch(() => undefined) // its pending row
        throw err
      }
    })
  }

  /** After the user accepted a possible duplicate at WeCom: a new config over the orphan. */
  function createAnyway(): Promise<JoinWayResult | null> {
    return create(true)
  }

  function dismissOrphan(): void {
    orphan.value = null
  }

  function resetForm(): void {
    form.value = blankConfig()
    createError.value = null
    orphan.value = null
    stateInUse.value = null
    lastResult.value = null
  }

  /** Adds a group to the new join way's chats (at most 5) and shows the form. */
  function useInNewJoinWay(chatId: string): void {
    const chats = form.value.chatIds.includes(chatId) ? form.value.chatIds : [...form.value.chatIds, chatId]
    form.value.chatIds = chats.slice(0, LIMITS.chats)
    tab.value = 'registry'
  }

  function startEdit(e: JoinWayEntry): void {
    editing.value = { id: e.id, configId: e.configId, config: cloneConfig(e.config) }
    editError.value = null
  }

  function cancelEdit(): void {
    editing.value = null
    editError.value = null
  }

  /** Overwrites the config being edited with the whole form (WeCom resets what is left out). */
  function saveEdit(): Promise<JoinWayResult> {
    const ed = editing.value
    if (!ed) return Promise.reject(new AppError(api.JOINWAY_INVALID, 'nothing is being edited'))
    return withBusy('update', async () => {
      const res = await run(editError, () => api.update(profile.value, ed.configId, cloneConfig(ed.config)))
      const e = upsert(res.entry)
      editing.value = null
      void loadImages(e.id, true)
      return { ...res, entry: e, warnings: Array.isArray(res.warnings) ? res.warnings : [] }
    })
  }

  // --- Pool ---------------------------------------------------------------------------
  const pool = ref<PoolView | null>(null)
  /** The pool's counts for the selected profile: from Pool, its changes and `joinway:pool`. */
  const poolStatus = ref<PoolStatus | null>(null)
  const poolError = ref<AppError | null>(null)
  const takeError = ref<AppError | null>(null)
  const takeResult = ref<TakeResult | null>(null)

  const low = computed(() => poolStatus.value?.profile === profile.value && poolStatus.value.low === true)
  const freeGroups = computed(() => poolStatus.value?.free ?? 0)

  function applyPool(v: PoolView): void {
    const n = normalizePool(v, profile.value)
    pool.value = n
    poolStatus.value = n.status
  }

  function applyPoolStatus(s: PoolStatus | null | undefined): void {
    if (!s || typeof s !== 'object' || (s.profile && s.profile !== profile.value)) return
    poolStatus.value = { ...s, profile: s.profile || profile.value, low: s.low === true }
    const p = pool.value
    if (!p) return
    pool.value = { ...p, status: poolStatus.value }
    const free = p.groups.filter((g) => g.free).length
    if (free !== s.free || p.groups.length !== s.free + s.used) void loadPool().catch(() => undefined)
  }

  function loadPool(): Promise<void> {
    return withBusy('pool', async () => {
      const asked = profile.value
      const v = await run(poolError, () => api.pool(asked))
      if (asked === profile.value) applyPool(v)
    })
  }

  function poolAdd(chatIds: string[]): Promise<void> {
    return withBusy('pool-add', async () => applyPool(await run(poolError, () => api.poolAdd(profile.value, chatIds))))
  }

  function poolRemove(chatId: string): Promise<void> {
    return withBusy(`pool-remove:${chatId}`, async () => applyPool(await run(poolError, () => api.poolRemove(profile.value, chatId))))
  }

  /** Gives a customer or order (label) the first free group and its join way. */
  function take(label: string, state: string): Promise<TakeResult> {
    return withBusy('take', async () => {
      takeResult.value = null
      const res = await run(takeError, () => api.poolTake(profile.value, label.trim(), state.trim(), false))
      const e = normalizeEntry(res.entry)
      takeResult.value = { ...res, entry: e }
      applyPoolStatus(res.pool)
      upsert(e)
      void loadImages(e.id)
      await Promise.allSettled([loadPool(), loadMappings()])
      return takeResult.value
    })
  }

  /** Gives a taken group back to the pool; its join way is deleted at WeCom. */
  function release(who: string): Promise<void> {
    return withBusy(`release:${who}`, async () => {
      applyPool(await run(poolError, () => api.poolRelease(profile.value, who)))
      if (takeResult.value && (takeResult.value.mapping.label === who || takeResult.value.mapping.chatId === who)) takeResult.value = null
      await Promise.allSettled([loadEntries(), loadMappings()])
    })
  }

  function setThreshold(n: number): Promise<void> {
    return withBusy('threshold', async () => applyPoolStatus(await run(poolError, () => api.setThreshold(profile.value, n))))
  }

  // --- Mapping ------------------------------------------------------------------------
  const mappings = ref<JoinWayMapping[]>([])
  const mappingsLoaded = ref(false)
  const mappingError = ref<AppError | null>(null)

  function loadMappings(): Promise<void> {
    return withBusy('mappings', async () => {
      const asked = profile.value
      const list = await run(mappingError, () => api.mappings(asked))
      if (asked !== profile.value) return
      mappings.value = Array.isArray(list) ? list : []
      mappingsLoaded.value = true
    })
  }

  function mapChat(label: string, chatId: string, configId: string): Promise<void> {
    return withBusy('map', async () => {
      await run(mappingError, () => api.map(profile.value, label.trim(), chatId.trim(), configId.trim()))
      await loadMappings()
    })
  }

  function unmapChat(chatId: string): Promise<void> {
    return withBusy(`unmap:${chatId}`, async () => {
      await run(mappingError, () => api.unmap(profile.value, chatId))
      mappings.value = mappings.value.filter((m) => m.chatId !== chatId)
    })
  }

  // --- Batch of test codes ------------------------------------------------------------
  /** Where the states come from, and the config every code shares (its state aside). */
  const batchInput = ref<BatchInput>({ mode: 'range', prefix: 'test-', count: 10, start: 1, lines: '' })
  const batchBase = ref<JoinWayConfig>(blankConfig())
  const batch = ref<BatchState>(idleBatch())
  const batchError = ref<AppError | null>(null)
  const batchFailures = computed(() => batch.value.items.filter((i) => i.error))

  function previewStates(prefix: string, count: number, start: number): Promise<string[]> {
    return api.batchStates(prefix, count, start)
  }

  function applyBatch(ev: BatchEvent | null | undefined): void {
    if (!ev || typeof ev !== 'object') return
    const b = batch.value
    const fresh = !b.id || (!!ev.id && ev.id !== b.id)
    const items = fresh ? [] : [...b.items]
    if (ev.item) items.push(ev.item)
    batch.value = {
      id: ev.id || b.id,
      profile: ev.profile || b.profile,
      running: !ev.finished,
      done: ev.done ?? 0,
      total: ev.total ?? 0,
      failed: ev.failed ?? 0,
      item: ev.item ?? (fresh ? null : b.item),
      items,
      finished: ev.finished === true,
      error: ev.error ? toAppError(ev.error) : null,
      path: ev.path ?? '',
    }
    if (ev.finished && (!ev.profile || ev.profile === profile.value)) void loadEntries().catch(() => undefined)
  }

  /** Starts a batch: one join way per state with the chats and settings of base. */
  function startBatch(states: string[], base: JoinWayConfig): Promise<string> {
    return withBusy('batch-start', async () => {
      const config = { ...cloneConfig(base), state: '' }
      batch.value = { ...idleBatch(), profile: profile.value, running: true, total: states.length }
      try {
        const id = await run(batchError, () => api.batchStart(profile.value, states, config, false))
        if (!batch.value.id) batch.value = { ...batch.value, id }
        return id
      } catch (reason) {
        batch.value = idleBatch()
        throw reason
      }
    })
  }

  /** Stops the batch after its current code; its last event says finished. */
  function cancelBatch(): Promise<boolean> {
    return withBusy('batch-cancel', () => run(batchError, () => api.batchCancel()))
  }

  // --- Render any link --------------------------------------------------------------
  const linkImage = ref('')
  const linkImageFor = ref('')
  const linkError = ref<AppError | null>(null)

  function renderLink(link: string, caption: string): Promise<void> {
    return withBusy('link', async () => {
      linkImage.value = ''
      linkImage.value = await run(linkError, () => api.linkCode(link.trim(), caption.trim()))
      linkImageFor.value = link.trim()
    })
  }

  // --- Profile ------------------------------------------------------------------------
  /** Shows another profile: everything of the previous one is dropped. */
  function select(name: string): void {
    if (name === profile.value) return
    profile.value = name
    groupList.value = []
    nextCursor.value = ''
    groupsLoaded.value = false
    details.value = {}
    selectedChat.value = ''
    entries.value = []
    entriesLoaded.value = false
    images.value = {}
    saved.value = {}
    pool.value = null
    poolStatus.value = null
    takeResult.value = null
    mappings.value = []
    mappingsLoaded.value = false
    for (const e of [groupsError, detailError, entriesError, rowError, createError, editError, poolError, takeError, mappingError]) e.value = null
    orphan.value = null
    stateInUse.value = null
    lastResult.value = null
    editing.value = null
  }

  /** What the area shows first: the registry, the pool and the mapping (no WeCom call). */
  async function load(): Promise<void> {
    await Promise.allSettled([loadEntries(), loadPool(), loadMappings()])
  }

  useEvent<PoolStatus>(Events.joinWayPool, applyPoolStatus)
  useEvent<BatchEvent>(Events.joinWayBatch, applyBatch)

  return {
    profile,
    tab,
    busy,
    isBusy,
    // groups
    groupFilter,
    groupList,
    nextCursor,
    groupsLoaded,
    groupsError,
    details,
    selectedChat,
    detailError,
    ownerList,
    loadGroups,
    loadGroup,
    openGroup,
    loadNames,
    groupName,
    // registry
    entries,
    entriesLoaded,
    entriesError,
    rowError,
    images,
    saved,
    loadEntries,
    loadImages,
    saveImage,
    readConfig,
    deleteEntry,
    forgetEntry,
    // forms
    form,
    createError,
    orphan,
    stateInUse,
    lastResult,
    editing,
    editError,
    validate,
    create,
    createAnyway,
    dismissOrphan,
    resetForm,
    useInNewJoinWay,
    startEdit,
    cancelEdit,
    saveEdit,
    // pool
    pool,
    poolStatus,
    poolError,
    takeError,
    takeResult,
    low,
    freeGroups,
    applyPoolStatus,
    loadPool,
    poolAdd,
    poolRemove,
    take,
    release,
    setThreshold,
    // mapping
    mappings,
    mappingsLoaded,
    mappingError,
    loadMappings,
    mapChat,
    unmapChat,
    // batch
    batchInput,
    batchBase,
    batch,
    batchError,
    batchFailures,
    previewStates,
    applyBatch,
    startBatch,
    cancelBatch,
    // link
    linkImage,
    linkImageFor,
    linkError,
    renderLink,
    // profile
    select,
    load,
  }
})
