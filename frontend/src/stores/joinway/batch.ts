import { computed, ref } from 'vue'
import * as api from '@/api/joinway'
import type { BatchEvent, JoinWayConfig } from '@/api/joinway'
import { type AppError, toAppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'
import { type BatchInput, type BatchState, blankConfig, cloneConfig, idleBatch } from './model'

/** What the Batch tab needs from the Registry tab. */
export interface BatchLinks {
  loadEntries: () => Promise<void>
}

/** The Batch tab: one test code per state, told by `joinway:batch` events. */
export function useBatch({ profile, withBusy }: JoinWayContext, links: BatchLinks) {
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
    if (ev.finished && (!ev.profile || ev.profile === profile.value)) void links.loadEntries().catch(() => undefined)
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

  return { batchInput, batchBase, batch, batchError, batchFailures, previewStates, applyBatch, startBatch, cancelBatch }
}
