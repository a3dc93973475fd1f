import { computed, ref } from 'vue'
import * as api from '@/api/joinway'
import type { GroupChat, GroupRef } from '@/api/joinway'
import { AppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'
import { type GroupFilter, LIMITS, splitList } from './model'

/** The Groups tab: the customer groups of the profile, page by page, and one group's details. */
export function useGroups({ profile, withBusy }: JoinWayContext) {
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

  /** Drops what belongs to the previous profile. */
  function reset(): void {
    groupList.value = []
    nextCursor.value = ''
    groupsLoaded.value = false
    details.value = {}
    selectedChat.value = ''
    groupsError.value = null
    detailError.value = null
  }

  return { groupFilter, groupList, nextCursor, groupsLoaded, groupsError, details, selectedChat, detailError, ownerList, loadGroups, loadGroup, openGroup, loadNames, reset }
}
