import { ref } from 'vue'
import * as api from '@/api/joinway'
import type { JoinWayConfig, JoinWayEntry, JoinWayResult, JoinWayWarning } from '@/api/joinway'
import { AppError, toAppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'
import { blankConfig, cloneConfig, HOLDS_STATE, LIMITS, type StateInUse } from './model'

/** What the forms need from the Registry tab. */
export interface FormLinks {
  entries: () => JoinWayEntry[]
  upsert: (e: JoinWayEntry) => JoinWayEntry
  loadImages: (id: number, reload?: boolean) => Promise<void>
  loadEntries: () => Promise<void>
}

/** The new join way and edit forms of the Registry tab. */
export function useForms({ profile, tab, withBusy }: JoinWayContext, links: FormLinks) {
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
    const e = links.entries().find((x) => x.config.state === state && HOLDS_STATE.includes(x.status))
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
        const e = links.upsert(res.entry)
        lastResult.value = { ...res, entry: e, warnings: Array.isArray(res.warnings) ? res.warnings : [] }
        void links.loadImages(e.id)
        if (force) void links.loadEntries().catch(() => undefined) // the old intent is now abandoned
        return lastResult.value
      } catch (reason) {
        const err = toAppError(reason)
        if (err.code === api.JOINWAY_POSSIBLE_ORPHAN) {
          createError.value = null
          orphan.value = err
          return null
        }
        if (err.code === api.JOINWAY_STATE_IN_USE) stateInUse.value = inUse(err, config.state)
        if (err.code === api.JOINWAY_OUTCOME_UNKNOWN) void links.loadEntries().catch(() => undefined) // its pending row
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
      const e = links.upsert(res.entry)
      editing.value = null
      void links.loadImages(e.id, true)
      return { ...res, entry: e, warnings: Array.isArray(res.warnings) ? res.warnings : [] }
    })
  }

  /** Drops what belongs to the previous profile (the form being typed stays). */
  function reset(): void {
    createError.value = null
    editError.value = null
    orphan.value = null
    stateInUse.value = null
    lastResult.value = null
    editing.value = null
  }

  return {
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
    reset,
  }
}
