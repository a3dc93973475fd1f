import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import { Events } from '@/api/events'
import { createAppRouter } from '@/router'
import * as rt from '@/test/fakeRuntime'
import { bus } from '@/test/fakeRuntime'
import { breakdown, devStatus, refusedEntry, requestEntry, sandboxView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import DevServerView from './DevServerView.vue'

const dev = vi.hoisted(() => ({
  Status: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  SaveVerifyFile: vi.fn(),
  DeleteVerifyFile: vi.fn(),
  Requests: vi.fn(),
  Request: vi.fn(),
  ClearRequests: vi.fn(),
}))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let router: Router
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  bus.reset()
  installGo({ DevServerService: dev, ProfilesService: profiles, TicketsService: tickets })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  dev.Status.mockResolvedValue(devStatus())
  dev.Requests.mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountDevServer(locale: 'en-US' | 'zh-CN' = 'en-US') {
  router = createAppRouter(createMemoryHistory())
  await router.push('/devserver')
  wrapper = mountView(DevServerView, pinia, {}, locale, [router])
  await flushPromises()
  return wrapper
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="devserver-row"]')]

describe('the Dev server area', () => {
  it('stopped: offers Start on the default address and shows no endpoints yet', async () => {
    await mountDevServer()
    expect(byTestId('devserver-state')?.dataset.running).toBe('false')
    expect(byTestId<HTMLInputElement>('devserver-addr')?.querySelector('input')?.value).toBe('127.0.0.1:8787')
    expect(byTestId('devserver-endpoints-none')).not.toBeNull()
    expect(byTestId<HTMLButtonElement>('devserver-stop')?.hasAttribute('disabled')).toBe(true)
  })

  it('Start runs the server for the chosen profile, then lists every endpoint URL with a copy button', async () => {
    dev.Start.mockResolvedValue(devStatus(true))
    await mountDevServer()
    const input = byTestId('devserver-addr')!.querySelector('input')!
    input.value = '127.0.0.1:18787'
    input.dispatchEvent(new Event('input'))
    byTestId('devserver-start')!.click()
    await flushPromises()

    expect(dev.Start).toHaveBeenCalledExactlyOnceWith('sandbox', '127.0.0.1:18787', '')
    expect(byTestId('devserver-state')?.dataset.running).toBe('true')
    expect(text('devserver-base-url')).toBe('http://127.0.0.1:18787')
    expect(text('devserver-endpoint-config-signature')).toBe('http://127.0.0.1:18787/api/jssdk/config-signature?url=')
    expect(text('devserver-endpoint-agent-signature')).toBe('http://127.0.0.1:18787/api/jssdk/agent-signature?url=')
    expect(text('devserver-endpoint-customers')).toBe('http://127.0.0.1:18787/api/customers?userId=')
    expect(text('devserver-snippet')).toContain(
      "getConfigSignature: url => fetch(BASE + '/api/jssdk/config-signature?url=' + encodeURIComponent(url)).then(r => r.json())",
    )
    expect(text('devserver-snippet')).toContain("corpId: 'ww5andb0x0000001'")

    window.runtime = {}
    byTestId('devserver-endpoint-agent-signature-copy')!.click()
    await flushPromises()
    expect(rt.ClipboardSetText).toHaveBeenCalledWith('http://127.0.0.1:18787/api/jssdk/agent-signature?url=')
  })

  it('lists the allowed hosts by kind and links to Profiles for the trusted domains', async () => {
    dev.Status.mockResolvedValue(devStatus(true, { allowedHosts: ['localhost', '127.0.0.1', '[::1]', 'h5.example.com'] }))
    await mountDevServer()
    const kinds = [...document.querySelectorAll<HTMLElement>('[data-testid="devserver-host"]')].map((h) => [h.querySelector('code')?.textContent, h.dataset.kind])
    expect(kinds).toEqual([
      ['localhost', 'loopback'],
      ['127.0.0.1', 'loopback'],
      ['[::1]', 'loopback'],
      ['h5.example.com', 'trusted'],
    ])
    expect(byTestId<HTMLAnchorElement>('devserver-profiles-link')?.getAttribute('href')).toContain('/profiles')
  })

  it('a port that is taken shows the translated LISTEN_FAILED error with Go\'s reason', async () => {
    dev.Start.mockRejectedValue('LISTEN_FAILED: cannot listen on 127.0.0.1:8787: the port is taken by another program')
    await mountDevServer('zh-CN')
    byTestId('devserver-start')!.click()
    await flushPromises()
    expect(byTestId('devserver-error')?.dataset.code).toBe('LISTEN_FAILED')
    expect(text('devserver-error')).toContain('端口已被占用')
    expect(text('devserver-error')).toContain('the port is taken by another program')
  })

  it('shows a refused request with its decision, status and Go\'s message', async () => {
    dev.Requests.mockResolvedValue([refusedEntry(2), requestEntry(1)])
    await mountDevServer()
    const [refused, signed] = rows()
    expect(refused!.dataset).toMatchObject({ status: '403', decision: 'host refused', endpoint: 'config-signature' })
    expect(refused!.querySelector('[data-testid="devserver-row-decision"]')?.textContent?.trim()).toBe('Host refused')
    expect(refused!.textContent).toContain('https://evil.example.com/')
    expect(refused!.textContent).toContain('is not an allowed host')
    expect(signed!.textContent).toContain('WeCom 4.1.22 · iOS')
    expect(signed!.textContent).toContain('corp 0f9de62f…')
    expect(signed!.textContent).not.toContain('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
    expect(signed!.textContent).toContain('0.42 ms')
  })

  it('the refused decision reads in Chinese under zh-CN', async () => {
    dev.Requests.mockResolvedValue([refusedEntry(2)])
    await mountDevServer('zh-CN')
    expect(rows()[0]!.querySelector('[data-testid="devserver-row-decision"]')?.textContent?.trim()).toBe('域名被拒绝')
  })

  it('new requests arrive live on top, and the counters follow', async () => {
    dev.Requests.mockResolvedValue([requestEntry(1)])
    await mountDevServer()
    bus.emit(Events.devServerRequests, { entries: [requestEntry(2), refusedEntry(3)], more: 0, dropped: 4, total: 7 })
    await flushPromises()
    expect(rows().map((r) => r.dataset.id)).toEqual(['3', '2', '1'])
    expect(byTestId('devserver-total')?.dataset.total).toBe('7')
    expect(text('devserver-dropped')).toContain('4 not logged: they came faster than the log keeps')
  })

  it('opening a row shows every field and each signature explained', async () => {
    dev.Requests.mockResolvedValue([requestEntry(5)])
    const signed = breakdown('corp', {
      url: 'http://127.0.0.1:5173/',
      signedUrl: 'http://127.0.0.1:5173/',
      signStringMasked: 'jsapi_ticket=co…rp&noncestr=Wm3WZYTPz0wzccnW&timestamp=1700000000&url=http://127.0.0.1:5173/',
      warnings: [{ code: 'URL_LOCALHOST', detail: 'host "127.0.0.1" is loopback' }],
    })
    dev.Request.mockResolvedValue({ entry: requestEntry(5), breakdowns: [signed] })
    await mountDevServer()
    rows()[0]!.click()
    await flushPromises()

    expect(dev.Request).toHaveBeenCalledWith(5)
    const detail = byTestId('devserver-detail')!
    expect(detail.dataset.id).toBe('5')
    for (const part of ['sandbox', '127.0.0.1', 'wxwork/4.1.22', 'Loopback', '1700000000', 'Wm3WZYTPz0wzccnW', '0.42 ms']) {
      expect(detail.textContent).toContain(part)
    }
    expect(text('devserver-detail-corp-sign-string')).toBe(signed.signStringMasked)
    expect(text('devserver-detail-corp-signature')).toBe(signed.signature)
    expect(text('devserver-detail-corp-signed-url')).toBe('http://127.0.0.1:5173/')
    expect(byTestId('devserver-detail-corp-warnings')?.querySelector('[data-code="URL_LOCALHOST"]')).not.toBeNull()
  })

  it('the detail of a refused request shows what the client was told and the full reason', async () => {
    const failed = refusedEntry(6, { error: 'ticket: WECOM_40001: invalid credential' })
    dev.Requests.mockResolvedValue([failed])
    dev.Request.mockResolvedValue({ entry: failed, breakdowns: [] })
    await mountDevServer()
    rows()[0]!.click()
    await flushPromises()
    expect(text('devserver-detail-message')).toContain('is not an allowed host')
    expect(text('devserver-detail-code')).toBe('HOST_NOT_ALLOWED')
    expect(text('devserver-detail-error')).toContain('WECOM_40001: invalid credential')
    expect(byTestId('devserver-detail-decision')?.dataset.decision).toBe('host refused')
  })

  it('Diagnose in the detail of a signed request opens the forensics filled in with it', async () => {
    const signed = requestEntry(5, { url: 'https://h5.example.com/page?from=singlemessage#/x' })
    dev.Requests.mockResolvedValue([signed])
    dev.Request.mockResolvedValue({ entry: signed, breakdowns: [breakdown('corp')] })
    await mountDevServer()
    rows()[0]!.click()
    await flushPromises()
    expect(byTestId('devserver-detail-diagnose')?.dataset.tool).toBe('forensics')
    byTestId('devserver-detail-diagnose')!.click()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('diagnose')
    expect(router.currentRoute.value.query).toEqual({
      tool: 'forensics',
      profile: 'sandbox',
      page: 'https://h5.example.com/page?from=singlemessage#/x',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
      timestamp: '1700000000',
      nonce: 'Wm3WZYTPz0wzccnW',
      failed: 'corp',
    })
    expect(byTestId('devserver-detail')).toBeNull()
  })

  it('a refused request can be diagnosed too; a request that went well without a signature cannot', async () => {
    dev.Requests.mockResolvedValue([refusedEntry(2), requestEntry(1, { endpoint: 'verify-file', path: '/WW_verify_a.txt', signatures: [] })])
    dev.Request.mockImplementation(async (id: number) => ({ entry: id === 2 ? refusedEntry(2) : requestEntry(1, { endpoint: 'verify-file', signatures: [] }), breakdowns: [] }))
    await mountDevServer()
    rows()[0]!.click()
    await flushPromises()
    expect(byTestId('devserver-detail-diagnose')).not.toBeNull()
    rows()[1]!.click()
    await flushPromises()
    expect(byTestId('devserver-detail')?.dataset.id).toBe('1')
    expect(byTestId('devserver-detail-diagnose')).toBeNull()
  })

  it('Failed only asks Go again with the filter', async () => {
    await mountDevServer()
    dev.Requests.mockClear()
    byTestId('devserver-filter-failed')!.click()
    await flushPromises()
    expect(dev.Requests).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ failed: true, beforeId: 0 }))
  })

  it('Clear asks first, and empties the log only when confirmed', async () => {
    dev.Requests.mockResolvedValue([requestEntry(1)])
    dev.ClearRequests.mockResolvedValue(devStatus())
    await mountDevServer()

    byTestId('devserver-clear')!.click()
    await flushPromises()
    byTestId('confirm-cancel')!.click()
    await flushPromises()
    expect(dev.ClearRequests).not.toHaveBeenCalled()
    expect(rows()).toHaveLength(1)

    byTestId('devserver-clear')!.click()
    await flushPromises()
    byTestId('confirm-ok')!.click()
    await flushPromises()
    expect(dev.ClearRequests).toHaveBeenCalledOnce()
    expect(rows()).toHaveLength(0)
    expect(byTestId('devserver-log-empty')).not.toBeNull()
  })

  it('saves a pasted verification file and lists where it is served', async () => {
    const file = { name: 'WW_verify_AbCd1234.txt', content: 'AbCd1234', url: 'http://127.0.0.1:18787/WW_verify_AbCd1234.txt' }
    dev.Status.mockResolvedValue(devStatus(true))
    dev.SaveVerifyFile.mockResolvedValue(devStatus(true, { verifyFiles: [file] }))
    await mountDevServer()
    for (const [id, value] of [
      ['devserver-verify-name', 'https://h5.example.com/WW_verify_AbCd1234.txt'],
      ['devserver-verify-content', 'AbCd1234'],
    ] as const) {
      const input = byTestId(id)!.querySelector('input')!
      input.value = value
      input.dispatchEvent(new Event('input'))
    }
    byTestId('devserver-verify-save')!.click()
    await flushPromises()
    expect(dev.SaveVerifyFile).toHaveBeenCalledWith('WW_verify_AbCd1234.txt', 'AbCd1234')
    expect(text('devserver-verify-url-WW_verify_AbCd1234.txt')).toBe(file.url)
  })

  it('unmounting keeps the store\'s live subscription (the log fills while another area is open)', async () => {
    await mountDevServer()
    wrapper!.unmount()
    wrapper = null
    expect(bus.count(Events.devServerRequests)).toBe(1)
  })
})
