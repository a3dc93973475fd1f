import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { CallbackRecord, CallbackSetup } from '@/api/callbacks'
import { Events } from '@/api/events'
import { createAppRouter } from '@/router'
import { bus } from '@/test/fakeRuntime'
import { profileView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import CallbacksView from './CallbacksView.vue'

const callbacks = vi.hoisted(() => ({
  Setup: vi.fn(),
  SetKeys: vi.fn(),
  GenerateKeys: vi.fn(),
  Events: vi.fn(),
  ClearEvents: vi.fn(),
  SimulateJoin: vi.fn(),
}))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const probe = vi.hoisted(() => ({ Probe: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const TOKEN = 'tokenQQQQQQQQQQQQQQQQQQQQQQQQQQQ'
const AESKEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

function setup(over: Partial<CallbackSetup> = {}): CallbackSetup {
  return {
    profile: 'sandbox',
    sandbox: true,
    path: '/__wecomdev/callback',
    localUrl: 'http://127.0.0.1:8787/__wecomdev/callback',
    publicUrl: '',
    receiveId: 'ww5a4db0c500000001',
    keysState: 'stored',
    tokenMasked: 'to…QQ',
    aesKeyMasked: 'ab…FG',
    ...over,
  }
}

const XML =
  '<xml><ToUserName><![CDATA[ww5a4db0c500000001]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrCHAT]]></ChatId><ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>3</JoinScene><MemChangeCnt>1</MemChangeCnt></xml>'

function record(over: Partial<CallbackRecord> = {}): CallbackRecord {
  return {
    id: 7,
    profile: 'sandbox',
    receivedAt: '2026-12-06T10:00:00Z',
    lastAt: '2026-12-06T10:00:01Z',
    deliveries: 2,
    summary: 'event/change_external_chat/update/add_member chat=wrCHAT',
    xml: XML,
    event: {
      toUserName: 'ww5a4db0c500000001',
      fromUserName: 'sys',
      createTime: 1700000000,
      msgType: 'event',
      event: 'change_external_chat',
      changeType: 'update',
      chatId: 'wrCHAT',
      updateDetail: 'add_member',
      joinScene: 3,
      memChangeCnt: 1,
    },
    outcome: {
      joins: [
        { id: 1, kind: 'group', state: 'order-7', joinWayId: 3, chatId: 'wrCHAT', externalUserId: 'wmJOINER', joinScene: 3, joinedAt: '2026-12-06T10:00:00Z', recordedAt: '2026-12-06T10:00:00Z', new: true },
      ],
    },
    handled: true,
    ...over,
  }
}

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  bus.reset()
  installGo({ CallbacksService: callbacks, ProfilesService: profiles, CallbackProbeService: probe })
  pinia = createPinia()
  setActivePinia(pinia)
  Object.values(callbacks).forEach((f) => f.mockReset())
  callbacks.Setup.mockResolvedValue(setup())
  callbacks.Events.mockResolvedValue([record()])
  profiles.List.mockResolvedValue([profileView({ name: 'sandbox', sandbox: true })])
  profiles.Keychain.mockResolvedValue({ available: true })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountCallbacks(locale: 'en-US' | 'zh-CN' = 'en-US') {
  const router = createAppRouter(createMemoryHistory())
  await router.push('/callbacks')
  wrapper = mountView(CallbacksView, pinia, {}, locale, [router])
  await flushPromises()
  return wrapper
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

describe('CallbacksView', () => {
  it('shows the URL, the receiveid and the masked keys, never the keys themselves', async () => {
    await mountCallbacks()
    expect(text('callbacks-local-url')).toContain('http://127.0.0.1:8787/__wecomdev/callback')
    expect(text('callbacks-url-hint')).toContain('public')
    expect(text('callbacks-receive-id')).toBe('ww5a4db0c500000001')
    expect(text('callbacks-token')).toBe('to…QQ')
    expect(document.body.textContent).not.toContain(TOKEN)
  })

  it('shows a received event readably, with its decrypted XML, its deliveries counted once and who joined', async () => {
    await mountCallbacks()
    expect(byTestId('callbacks-event')?.textContent).toContain('Customer group: members joined')
    expect(text('callbacks-event-deliveries')).toBe('delivered 2×')
    expect(text('callbacks-event-xml').replace(/\n/g, '')).toBe(XML)
    expect(text('callbacks-event-xml').split('\n')[1]).toBe('<ToUserName><![CDATA[ww5a4db0c500000001]]></ToUserName>')
    expect(text('callbacks-event-detail')).toContain('counted once')
    expect(text('callbacks-event-joins')).toContain('wmJOINER')
    expect(text('callbacks-event-joins')).toContain('order-7')
  })

  it('shows generated keys once, until dismissed', async () => {
    callbacks.Setup.mockResolvedValue(setup({ keysState: 'missing', tokenMasked: '', aesKeyMasked: '' }))
    callbacks.GenerateKeys.mockResolvedValue({ token: TOKEN, encodingAESKey: AESKEY, setup: setup() })
    await mountCallbacks()
    ;(byTestId('callbacks-keys-generate') as HTMLButtonElement).click()
    await flushPromises()
    expect(callbacks.GenerateKeys).toHaveBeenCalledWith('sandbox')
    expect(text('callbacks-generated-token')).toContain(TOKEN)
    expect(text('callbacks-generated-aes-key')).toContain(AESKEY)
    ;(byTestId('callbacks-generated-dismiss') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.body.textContent).not.toContain(TOKEN)
  })

  it('reloads the events when the dev server logs a callback request, and not for other requests', async () => {
    await mountCallbacks()
    expect(callbacks.Events).toHaveBeenCalledTimes(1)
    bus.emit(Events.devServerRequests, { entries: [{ endpoint: 'config-signature' }], more: 0, dropped: 0, total: 1 })
    await flushPromises()
    expect(callbacks.Events).toHaveBeenCalledTimes(1)
    callbacks.Events.mockResolvedValue([record({ id: 8, deliveries: 1 }), record()])
    bus.emit(Events.devServerRequests, { entries: [{ endpoint: 'callback' }], more: 0, dropped: 0, total: 2 })
    await flushPromises()
    expect(callbacks.Events).toHaveBeenCalledTimes(2)
    expect(document.querySelectorAll('[data-testid="callbacks-event"]').length).toBe(2)
  })

  it('simulates a scan on the sandbox and lists the deliveries', async () => {
    callbacks.SimulateJoin.mockResolvedValue({
      chatId: 'wrCHAT', externalUserId: 'wmNEW', joined: true, delivered: true, joinWayId: 3, configId: 'cfg',
      deliveries: [{ attempt: 1, status: 200, answer: 'success', ok: true, durationMs: 4 }, { attempt: 2, status: 200, answer: 'success', ok: true, durationMs: 3 }],
    })
    await mountCallbacks()
    const input = byTestId('callbacks-simulate-state')!.querySelector('input') as HTMLInputElement
    input.value = 'order-7'
    input.dispatchEvent(new Event('input'))
    byTestId('callbacks-simulate-twice')!.click()
    await flushPromises()
    // The success message hides itself after a timer: run it here, not after the DOM is gone.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      ;(byTestId('callbacks-simulate-run') as HTMLButtonElement).click()
      await vi.advanceTimersByTimeAsync(0)
      expect(callbacks.SimulateJoin).toHaveBeenCalledWith('sandbox', 'order-7', true)
      expect(byTestId('callbacks-deliveries')?.querySelectorAll('li').length).toBe(2)
      await vi.advanceTimersByTimeAsync(10_000)
    } finally {
      vi.useRealTimers()
    }
  })

  it('embeds the probe form, starting from the callback URL', async () => {
    await mountCallbacks()
    const input = byTestId('callbacks-probe')?.querySelector('input') as HTMLInputElement | null
    expect(input?.value).toBe('http://127.0.0.1:8787/__wecomdev/callback')
  })

  it('hides the simulation on a real profile and is translated in Chinese', async () => {
    callbacks.Setup.mockResolvedValue(setup({ sandbox: false, localUrl: '', keysState: 'missing' }))
    await mountCallbacks('zh-CN')
    expect(byTestId('callbacks-simulate')).toBeNull()
    expect(text('callbacks-url-hint')).toContain('启动开发服务器')
    expect(document.body.textContent!.match(/callbacks\.[a-zA-Z.]+/)?.[0] ?? null).toBeNull()
  })
})
