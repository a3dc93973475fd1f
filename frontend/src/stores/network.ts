import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as api from '@/api/network'
import type { NetEvent, NetSessionSummary, NetworkState, NetworkUpdateEvent, PageEnv } from '@/api/network'
import type { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import { useEvent } from '@/composables/useEvent'
import { matches, mergeEvents, type NetFilter } from '@/utils/network'
import { run } from './async'

/** Rows kept for the session shown (Go keeps 500 per session too). */
export const MAX_NET_ROWS = 500

/**
 * The Network tab: the pages' sessions (newest first), the one shown with its requests
 * (live), the filter, the request open in the drawer, and the eruda switch.
 */
export const useNetworkStore = defineStore('network', () => {
  const sessions = shallowRef<NetSessionSummary[]>([])
  /** The session shown; '' follows the newest. */
  const current = ref('')
  const pinned = ref(false)
  const events = shallowRef<NetEvent[]>([])
  const env = shallowRef<PageEnv | undefined>(undefined)
  const eruda = ref(false)
  const bodyLimit = ref(64 * 1024)
  const filter = ref<NetFilter>({ kind: '', status: '', text: '' })
  const open = shallowRef<NetEvent | null>(null)
  const error = ref<AppError | null>(null)
  const loading = ref(false)

  const shown = computed(() => events.value.filter((e) => matches(e, filter.value)))
  const session = computed(() => sessions.value.find((s) => s.id === current.value))

  function applyState(st: NetworkState) {
    sessions.value = Array.isArray(st?.sessions) ? st.sessions : []
    eruda.value = !!st?.eruda
    bodyLimit.value = typeof st?.bodyLimit === 'number' ? st.bodyLimit : bodyLimit.value
  }

  /** Loads the list and the session shown (the newest unless one was picked). */
  async function load(): Promise<void> {
    loading.value = true
    try {
      applyState(await run(error, () => api.networkState()))
      if (!pinned.value || !sessions.value.some((s) => s.id === current.value)) {
        current.value = sessions.value[0]?.id ?? ''
        pinned.value = false
      }
      await loadSession()
    } finally {
      loading.value = false
    }
  }

  async function loadSession(): Promise<void> {
    const id = current.value
    if (!id) {
      events.value = []
      env.value = undefined
      return
    }
    const s = await run(error, () => api.networkSession(id))
    if (id !== current.value) return
    events.value = (s.events ?? []).slice(-MAX_NET_ROWS)
    env.value = s.env
  }

  async function select(id: string): Promise<void> {
    current.value = id
    pinned.value = true
    open.value = null
    await loadSession()
  }

  /** A batch arrived: the list's counters, and the rows when it is the session shown. */
  function receive(u: NetworkUpdateEvent) {
    if (!u || typeof u.session !== 'string') return
    const evs = Array.isArray(u.events) ? u.events : []
    const list = sessions.value.slice()
    let s = list.find((x) => x.id === u.session)
    const now = new Date().toISOString()
    if (!s) {
      s = { id: u.session, client: u.client, started: now, updated: now, env: u.env, count: 0, failed: 0, dropped: 0, live: true }
      list.unshift(s)
    } else {
      s = { ...s, updated: now, env: u.env ?? s.env }
      list.splice(list.indexOf(list.find((x) => x.id === u.session)!), 1)
      list.unshift(s)
    }
    s.dropped = u.dropped ?? s.dropped
    s.count += evs.length
    s.failed += evs.filter((e) => !!e.error || e.status >= 400).length
    sessions.value = list
    if (!current.value || (!pinned.value && current.value !== u.session)) {
      current.value = u.session
      events.value = []
      env.value = undefined
      if (u.cut) {
        void loadSession().catch(() => {})
        return
      }
    }
    if (current.value !== u.session) return
    if (u.env) env.value = u.env
    if (u.cut) {
      void loadSession().catch(() => {})
      return
    }
    events.value = mergeEvents(events.value, evs, MAX_NET_ROWS)
    if (open.value) open.value = events.value.find((e) => e.id === open.value!.id) ?? open.value
  }

  async function setEruda(on: boolean): Promise<void> {
    applyState(await run(error, () => api.setEruda(on)))
  }

  async function setBodyLimit(bytes: number): Promise<void> {
    applyState(await run(error, () => api.setBodyLimit(bytes)))
  }

  async function clear(): Promise<void> {
    await run(error, () => api.clearNetwork())
    sessions.value = []
    events.value = []
    env.value = undefined
    current.value = ''
    pinned.value = false
    open.value = null
  }

  function reloadPage(): Promise<boolean> {
    return run(error, () => api.reloadPage(current.value))
  }

  function navigatePage(url: string): Promise<boolean> {
    return run(error, () => api.navigatePage(current.value, url))
  }

  function exportHAR(all = false): Promise<string> {
    return run(error, () => api.exportHAR(all ? '' : current.value))
  }

  useEvent<NetworkUpdateEvent>(Events.networkUpdate, receive)

  return {
    sessions, current, events, env, eruda, bodyLimit, filter, open, error, loading, shown, session,
    load, loadSession, select, receive, setEruda, setBodyLimit, clear, reloadPage, navigatePage, exportHAR,
  }
})
