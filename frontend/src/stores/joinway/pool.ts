import { computed, ref } from 'vue'
import * as api from '@/api/joinway'
import type { JoinWayEntry, PoolStatus, PoolView, TakeResult } from '@/api/joinway'
import type { AppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'
import { normalizeEntry, normalizePool } from './model'

/** What the Pool tab needs from the Registry and Mapping tabs. */
export interface PoolLinks {
  upsert: (e: JoinWayEntry) => JoinWayEntry
  loadImages: (id: number, reload?: boolean) => Promise<void>
  loadEntries: () => Promise<void>
  loadMappings: () => Promise<void>
}

/** The Pool tab: the buffer pool of empty groups (its low state also badges the navigation). */
export function usePool({ profile, withBusy }: JoinWayContext, links: PoolLinks) {
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
      links.upsert(e)
      void links.loadImages(e.id)
      await Promise.allSettled([loadPool(), links.loadMappings()])
      return takeResult.value
    })
  }

  /** Gives a taken group back to the pool; its join way is deleted at WeCom. */
  function release(who: string): Promise<void> {
    return withBusy(`release:${who}`, async () => {
      applyPool(await run(poolError, () => api.poolRelease(profile.value, who)))
      if (takeResult.value && (takeResult.value.mapping.label === who || takeResult.value.mapping.chatId === who)) takeResult.value = null
      await Promise.allSettled([links.loadEntries(), links.loadMappings()])
    })
  }

  function setThreshold(n: number): Promise<void> {
    return withBusy('threshold', async () => applyPoolStatus(await run(poolError, () => api.setThreshold(profile.value, n))))
  }

  /** Drops what belongs to the previous profile. */
  function reset(): void {
    pool.value = null
    poolStatus.value = null
    takeResult.value = null
    poolError.value = null
    takeError.value = null
  }

  return { pool, poolStatus, poolError, takeError, takeResult, low, freeGroups, applyPoolStatus, loadPool, poolAdd, poolRemove, take, release, setThreshold, reset }
}
