import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { BatchEvent, PoolStatus } from '@/api/joinway'
import { Events } from '@/api/events'
import { SANDBOX } from '@/api/profiles'
import { useEvent } from '@/composables/useEvent'
import { withBusyKey } from './async'
import { useBatch } from './joinway/batch'
import type { JoinWayContext } from './joinway/context'
import { useForms } from './joinway/forms'
import { useGroups } from './joinway/groups'
import { useLinkCode } from './joinway/link'
import { useMapping } from './joinway/mapping'
import type { JoinWayTab } from './joinway/model'
import { usePool } from './joinway/pool'
import { useRegistry } from './joinway/registry'

/**
 * The Join-way area (加入群聊) for one profile: customer groups, the registry of the
 * join ways the console made (WeCom lists them nowhere), the new / edit forms, the
 * buffer pool of empty groups (its low state also badges the navigation), the mapping
 * of customers and orders to groups, and batches of test codes (`joinway:batch`).
 * Each tab's state and actions live in ./joinway/<tab>.ts; this store puts them together.
 */
export const useJoinWayStore = defineStore('joinway', () => {
  const profile = ref(SANDBOX)
  const tab = ref<JoinWayTab>('groups')
  /** The actions running, by key ("groups", "create", "read:<configId>", …). */
  const busy = ref<string[]>([])
  const isBusy = (key: string) => busy.value.includes(key)
  const ctx: JoinWayContext = { profile, tab, withBusy: (key, op) => withBusyKey(busy, key, op) }

  // The tabs call one another only through these links, read when an action runs.
  const { reset: resetGroups, ...groups } = useGroups(ctx)
  const { reset: resetRegistry, upsert, ...registry } = useRegistry(ctx, {
    takenEntry: () => pool.takeResult.value?.entry,
    loadPool: () => pool.loadPool(),
  })
  const links = { entries: () => registry.entries.value, upsert, loadImages: registry.loadImages, loadEntries: registry.loadEntries }
  const { reset: resetForms, ...forms } = useForms(ctx, links)
  const { reset: resetMapping, ...mapping } = useMapping(ctx)
  const { reset: resetPool, ...pool } = usePool(ctx, { ...links, loadMappings: mapping.loadMappings })
  const batch = useBatch(ctx, links)
  const link = useLinkCode(ctx)

  const groupName = (chatId: string) => groups.details.value[chatId]?.name ?? pool.pool.value?.groups.find((g) => g.chatId === chatId)?.name ?? ''

  /** Shows another profile: everything of the previous one is dropped. */
  function select(name: string): void {
    if (name === profile.value) return
    profile.value = name
    resetGroups()
    resetRegistry()
    resetPool()
    resetMapping()
    resetForms()
  }

  /** What the area shows first: the registry, the pool and the mapping (no WeCom call). */
  async function load(): Promise<void> {
    await Promise.allSettled([registry.loadEntries(), pool.loadPool(), mapping.loadMappings()])
  }

  useEvent<PoolStatus>(Events.joinWayPool, pool.applyPoolStatus)
  useEvent<BatchEvent>(Events.joinWayBatch, batch.applyBatch)

  return {
    profile,
    tab,
    busy,
    isBusy,
    ...groups,
    groupName,
    ...registry,
    ...forms,
    ...pool,
    ...mapping,
    ...batch,
    ...link,
    select,
    load,
  }
})
