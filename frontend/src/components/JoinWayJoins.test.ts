import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bus } from '@/test/fakeRuntime'
import { profileView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { entry, joinWayBinding } from '@/test/joinwayFixtures'
import { byTestId, mountView } from '@/test/mountView'
import { useJoinWayStore } from '@/stores/joinway'
import { useProfilesStore } from '@/stores/profiles'
import JoinWayJoins from './JoinWayJoins.vue'

const callbacks = vi.hoisted(() => ({ SimulateJoin: vi.fn(), Events: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let jw: ReturnType<typeof joinWayBinding>
let wrapper: ReturnType<typeof mountView> | null = null

const JOIN = { id: 1, kind: 'group', state: 'order-7', joinWayId: 1, chatId: 'wrCHAT', externalUserId: 'wmJOINER', joinScene: 3, joinedAt: '2026-12-06T10:00:00Z', recordedAt: '2026-12-06T10:00:00Z', new: true }

beforeEach(async () => {
  bus.reset()
  jw = joinWayBinding()
  installGo({ JoinWayService: jw, CallbacksService: callbacks, ProfilesService: profiles })
  pinia = createPinia()
  setActivePinia(pinia)
  callbacks.SimulateJoin.mockReset()
  profiles.List.mockResolvedValue([profileView({ name: 'sandbox', sandbox: true }), profileView({ name: 'acme', sandbox: false })])
  profiles.Keychain.mockResolvedValue({ available: true })
  await useProfilesStore().load()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('JoinWayJoins', () => {
  it('says who joined by the row’s state, and when', async () => {
    wrapper = mountView(JoinWayJoins, pinia, { entry: entry({ id: 1, joins: [JOIN] }) })
    await flushPromises()
    expect(byTestId('joinway-row-join-1')?.textContent).toMatch(/Joined by\s+wmJOINER\s+at/)
  })

  it('offers a simulated scan on the sandbox only, which calls Go and reloads the registry', async () => {
    callbacks.SimulateJoin.mockResolvedValue({ chatId: 'wrCHAT', externalUserId: 'wmNEW', joined: true, delivered: true, deliveries: [], joinWayId: 1, configId: 'cfg' })
    jw.List.mockResolvedValue([entry({ id: 1, joins: [JOIN] })])
    wrapper = mountView(JoinWayJoins, pinia, { entry: entry({ id: 1, configId: 'cfg', joins: [] }) })
    await flushPromises()
    expect(byTestId('joinway-row-no-joins-1')).not.toBeNull()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      ;(byTestId('joinway-row-simulate-1') as HTMLButtonElement).click()
      await vi.advanceTimersByTimeAsync(0)
      expect(callbacks.SimulateJoin).toHaveBeenCalledWith('sandbox', expect.any(String), false)
      expect(jw.List).toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(10_000)
    } finally {
      vi.useRealTimers()
    }
  })

  it('offers no simulated scan on a profile of the real WeCom', async () => {
    useJoinWayStore().select('acme')
    wrapper = mountView(JoinWayJoins, pinia, { entry: entry({ id: 1, profile: 'acme', joins: [] }) })
    await flushPromises()
    expect(byTestId('joinway-row-joins-1')).not.toBeNull()
    expect(byTestId('joinway-row-simulate-1')).toBeNull()
  })
})
