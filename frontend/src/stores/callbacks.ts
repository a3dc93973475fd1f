import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '@/api/callbacks'
import type { CallbackRecord, CallbackSetup, GeneratedKeys, SimulatedJoin } from '@/api/callbacks'
import type { AppError } from '@/api/errors'
import type { RequestsEvent } from '@/api/devserver'
import { Events } from '@/api/events'
import { SANDBOX } from '@/api/profiles'
import { useEvent } from '@/composables/useEvent'
import { run, withBusyKey } from './async'

/**
 * The Callbacks area (回调) for one profile: the URL to paste and the keys' state, the
 * events the dev server received (reloaded when a callback request is logged:
 * devserver:requests), keys generated here (shown once, until dismissed) and the last
 * simulated join.
 */
export const useCallbacksStore = defineStore('callbacks', () => {
  const profile = ref(SANDBOX)
  const setup = ref<CallbackSetup | null>(null)
  const events = ref<CallbackRecord[]>([])
  const selected = ref<number | null>(null)
  const generated = ref<GeneratedKeys | null>(null)
  const simulated = ref<SimulatedJoin | null>(null)
  const error = ref<AppError | null>(null)
  const busy = ref<string[]>([])
  const isBusy = (key: string) => busy.value.includes(key)
  /** Bumped whenever a callback arrives: views that show joins (the registry) reload on it. */
  const arrivals = ref(0)

  const stale = (name: string) => () => name !== profile.value

  async function loadSetup(): Promise<void> {
    const name = profile.value
    setup.value = await run(error, () => api.callbackSetup(name), stale(name))
  }

  async function loadEvents(): Promise<void> {
    const name = profile.value
    const list = await run(error, () => api.callbackEvents(name), stale(name))
    if (name !== profile.value) return
    events.value = Array.isArray(list) ? list : []
    if (selected.value === null || !events.value.some((e) => e.id === selected.value)) selected.value = events.value[0]?.id ?? null
  }

  async function load(): Promise<void> {
    await Promise.allSettled([loadSetup(), loadEvents()])
  }

  function select(name: string): void {
    if (name === profile.value) return
    profile.value = name
    setup.value = null
    events.value = []
    selected.value = null
    generated.value = null
    simulated.value = null
    error.value = null
  }

  async function setKeys(token: string, aesKey: string): Promise<void> {
    const name = profile.value
    setup.value = await withBusyKey(busy, 'keys', () => api.setCallbackKeys(name, token, aesKey))
    generated.value = null
  }

  async function generate(): Promise<void> {
    const name = profile.value
    const g = await withBusyKey(busy, 'generate', () => api.generateCallbackKeys(name))
    generated.value = g
    setup.value = g.setup
  }

  /** A sandbox customer scans the join way of state (of name, by default this area's profile). */
  async function simulate(state: string, twice: boolean, name = profile.value): Promise<SimulatedJoin> {
    const res = await withBusyKey(busy, `simulate:${state}`, () => api.simulateJoin(name, state, twice))
    simulated.value = res
    if (name === profile.value) await loadEvents().catch(() => {})
    arrivals.value++
    return res
  }

  async function clear(): Promise<void> {
    const name = profile.value
    await withBusyKey(busy, 'clear', () => api.clearCallbackEvents(name))
    events.value = []
    selected.value = null
  }

  useEvent<RequestsEvent>(Events.devServerRequests, (ev) => {
    if (!(ev?.entries ?? []).some((e) => e.endpoint === 'callback')) return
    arrivals.value++
    loadEvents().catch(() => {})
  })

  return { profile, setup, events, selected, generated, simulated, error, busy, isBusy, arrivals, load, loadSetup, loadEvents, select, setKeys, generate, simulate, clear }
})
