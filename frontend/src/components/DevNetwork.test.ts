import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Events } from '@/api/events'
import type { NetEvent, NetSession } from '@/api/network'
import { useDevServerStore } from '@/stores/devserver'
import * as rt from '@/test/fakeRuntime'
import { bus } from '@/test/fakeRuntime'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import DevLogTabs from './DevLogTabs.vue'
import DevNetwork from './DevNetwork.vue'

const dev = vi.hoisted(() => ({
  Network: vi.fn(),
  NetworkSession: vi.fn(),
  SetEruda: vi.fn(),
  SetBodyLimit: vi.fn(),
  ReloadPage: vi.fn(),
  NavigatePage: vi.fn(),
  ExportHAR: vi.fn(),
  ClearNetwork: vi.fn(),
  Requests: vi.fn(),
  Status: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const SID = 'abcdef0123456789'
const ev = (over: Partial<NetEvent>): NetEvent => ({ id: '1', kind: 'fetch', method: 'GET', url: 'http://localhost:5173/api/me', status: 200, start: 1763719200000, ttfb: 10, duration: 25, received: '', ...over })
const session = (): NetSession => ({
  id: SID,
  client: '127.0.0.1',
  started: '2026-12-06T10:00:00Z',
  updated: '2026-12-06T10:00:01Z',
  dropped: 0,
  env: {
    url: 'http://localhost:5173/',
    landingUrl: 'http://localhost:5173/?code=ab…yz',
    userAgent: 'Mozilla/5.0 (iPhone) wxwork/4.1.38 ColorScheme/Dark',
    app: { client: 'wxwork', version: '4.1.38', platform: 'iOS' },
    dark: true,
    sdk: { kind: 'wecom-jssdk', version: '2.4.4', src: '' },
    storage: { local: { token: 'ab…yz' } },
  },
  events: [
    ev({ id: '1', reqHeaders: { authorization: 'Be…yz' }, resBody: '{"ok":true}', mime: 'application/json' }),
    ev({ id: '2', url: 'http://127.0.0.1:8787/api/jssdk/config-signature?url=x', status: 403, console: true }),
    ev({ id: '3', kind: 'xhr', url: 'http://localhost:5173/api/orders', status: 502 }),
  ],
})

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  bus.reset()
  installGo({ DevServerService: dev })
  pinia = createPinia()
  setActivePinia(pinia)
  dev.Network.mockResolvedValue({ sessions: [{ id: SID, client: '127.0.0.1', started: '2026-12-06T10:00:00Z', updated: '2026-12-06T10:00:01Z', count: 3, failed: 2, dropped: 0, live: true }], eruda: false, bodyLimit: 65536 })
  dev.NetworkSession.mockResolvedValue(session())
  dev.SetEruda.mockResolvedValue({ sessions: [], eruda: true, bodyLimit: 65536 })
})

afterEach(() => {
  delete (window as { runtime?: unknown }).runtime
  wrapper?.unmount()
  wrapper = null
})

const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="network-row"]')]

async function mount(locale: 'en-US' | 'zh-CN' = 'en-US') {
  wrapper = mountView(DevNetwork, pinia, {}, locale)
  await flushPromises()
}

describe('DevNetwork', () => {
  it('lists the newest session with the failed JS-SDK call and the 5xx standing out', async () => {
    await mount()
    expect(dev.NetworkSession).toHaveBeenCalledWith(SID)
    expect(rows().map((r) => r.dataset.standout)).toEqual(['', 'jssdk', 'failed'])
    expect(rows()[1].textContent).toContain('JS-SDK signing failed')
    expect(byTestId('network-env-client')?.textContent).toContain('WeCom 4.1.38 · iOS')
    expect(byTestId('network-env-sdk')?.textContent).toContain('@wecom/jssdk 2.4.4')
  })

  it('filters by type, status and text', async () => {
    await mount()
    const store = (await import('@/stores/network')).useNetworkStore()
    store.filter.kind = 'xhr'
    await flushPromises()
    expect(rows().map((r) => r.dataset.kind)).toEqual(['xhr'])
    store.filter.kind = ''
    store.filter.status = '4xx'
    await flushPromises()
    expect(rows().map((r) => r.dataset.status)).toEqual(['403'])
    store.filter.status = ''
    store.filter.text = 'orders'
    await flushPromises()
    expect(rows()).toHaveLength(1)
  })

  it('adds live requests to the session shown, a WebSocket close replacing its open', async () => {
    await mount()
    bus.emit(Events.networkUpdate, { session: SID, client: '', events: [ev({ id: 'w', kind: 'ws', status: 101, ws: { state: 'open', sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 } })], dropped: 0, cut: false })
    await flushPromises()
    expect(rows()).toHaveLength(4)
    bus.emit(Events.networkUpdate, { session: SID, client: '', events: [ev({ id: 'w', kind: 'ws', status: 101, ws: { state: 'closed', sent: 2, received: 3, sentBytes: 5, receivedBytes: 9 } })], dropped: 0, cut: false })
    await flushPromises()
    expect(rows()).toHaveLength(4)
    expect(rows()[3].textContent).toContain('closed')
  })

  it('opens a request in the drawer with its masked headers, and copies it as cURL', async () => {
    window.runtime = {}
    await mount()
    rows()[0].click()
    await flushPromises()
    expect(byTestId('network-detail-req-headers')?.textContent).toContain('Be…yz')
    expect(byTestId('network-detail-res-body')?.textContent).toContain('"ok": true')
    byTestId('network-copy-curl')!.click()
    await flushPromises()
    expect(rt.ClipboardSetText).toHaveBeenCalledWith(`curl 'http://localhost:5173/api/me' \\\n  -H 'authorization: Be…yz'`)
  })

  it('turns eruda on through Go', async () => {
    await mount()
    byTestId('network-eruda')!.click()
    await flushPromises()
    expect(dev.SetEruda).toHaveBeenCalledWith(true)
  })

  it('speaks Chinese', async () => {
    await mount('zh-CN')
    expect(rows()[1].textContent).toContain('JS-SDK 签名失败')
    bus.emit(Events.networkUpdate, { session: SID, client: '', events: [ev({ id: 'r', kind: 'resource', status: 0, error: 'failed to load' })], dropped: 0, cut: false })
    await flushPromises()
    expect(rows()[3].textContent).toContain('加载失败')
    expect(byTestId('network-env')?.textContent).toContain('运行环境')
  })
})

describe('DevLogTabs', () => {
  it('shows the request log first and the Network tab on demand', async () => {
    dev.Requests.mockResolvedValue([])
    dev.Status.mockResolvedValue({ running: false, endpoints: [], allowedHosts: [], verifyFiles: [] })
    wrapper = mountView(DevLogTabs, pinia)
    await flushPromises()
    expect(byTestId('devserver-tabs')?.dataset.tab).toBe('requests')
    expect(dev.Network).not.toHaveBeenCalled()
    byTestId('devserver-tab-network')!.click()
    await flushPromises()
    expect(byTestId('network')).not.toBeNull()
    expect(dev.Network).toHaveBeenCalled()
  })

  it('opens a console request\'s entry of the request log from its network drawer, a flood\'s row included', async () => {
    const entry = (over: Record<string, unknown>) => ({
      time: '2026-12-06T10:00:00Z', profile: 'sandbox', client: '127.0.0.1', userAgent: '', app: {}, method: 'GET', path: '/api/jssdk/config-signature',
      endpoint: 'config-signature', url: 'http://127.0.0.1:8787/', allowed: true, status: 200, durationUs: 100, signatures: [], ...over,
    })
    dev.Requests.mockResolvedValue([entry({ id: 42, seq: 1765000000000200 }), entry({ id: 41, seq: 1765000000000100, seqLast: 1765000000000110, count: 5 })])
    dev.Status.mockResolvedValue({ running: false, endpoints: [], allowedHosts: [], verifyFiles: [] })
    const s = session()
    s.events[1].logId = 1765000000000105 // inside the flood's row
    s.events.push(ev({ id: '4', url: 'http://127.0.0.1:8787/api/jssdk/agent-config-signature?url=x', console: true, logId: 1765000000000999 }))
    dev.NetworkSession.mockResolvedValue(s)
    const onOpen = vi.fn()
    wrapper = mountView(DevLogTabs, pinia, { onOpen })
    await useDevServerStore().reload() // the Dev server view loads the log
    await flushPromises()
    byTestId('devserver-tab-network')!.click()
    await flushPromises()
    // an entry no longer loaded: said, no link
    rows()[3].click()
    await flushPromises()
    expect(byTestId('network-detail-open-log')).toBeNull()
    expect(byTestId('network-detail-log')?.textContent).toContain('not among the rows loaded')
    rows()[1].click()
    await flushPromises()
    byTestId('network-detail-open-log')!.click()
    await flushPromises()
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 41, count: 5 }))
    expect(byTestId('devserver-tabs')?.dataset.tab).toBe('requests')
  })
})
