import { ref } from 'vue'
import * as api from '@/api/joinway'
import type { JoinWayMapping } from '@/api/joinway'
import type { AppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'

/** The Mapping tab: which customer or order went to which group. */
export function useMapping({ profile, withBusy }: JoinWayContext) {
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

  /** Drops what belongs to the previous profile. */
  function reset(): void {
    mappings.value = []
    mappingsLoaded.value = false
    mappingError.value = null
  }

  return { mappings, mappingsLoaded, mappingError, loadMappings, mapChat, unmapChat, reset }
}
