import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import { Events } from '@/api/events'
import { createAppRouter } from '@/router'
import * as rt from '@/test/fakeRuntime'
import { bus } from '@/test/fakeRuntime'
import {
  breakdown,
  chatEntry,
  chatLabel,
  devStatus,
  diffResult,
  emulatorEntry,
  REPORT_PAGE,
  REPORT_SIGNED,
  refusedEntry,
  reportEntry,
  requestEntry,
  sandboxView,
} from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView, waitForRoute } from '@/test/mountView'
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
  SetEmulator: vi.fn(),
  SetEntry: vi.fn(),
  EntryChoices: vi.fn(),
  ChatLabels: vi.fn(),
}))
const diagnose = vi.hoisted(() => ({ Compare: vi.fn(), Explain: vi.fn(), Forensics: vi.fn(), Audit: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let router: Router
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  bus.reset()
  installGo({ DevServerService: dev, ProfilesService: profiles, TicketsService: tickets, DiagnoseService: diagnose })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  dev.Status.mockResolvedValue(devStatus())
  dev.Requests.mockResolvedValue([])
  dev.ChatLabels.mockResolvedValue([])
  dev.EntryChoices.mockResolvedValue({ member: '', customers: [], groups: [] })
  diagnose.Compare.mockResolvedValue(diffResult())
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
function type(id: string, value: string) {
  const input = byTestId(id)!.querySelector('input')!
  input.value = value
  input.dispatchEvent(new Event('input'))
}

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

  it("the ww.register snippet's comment is in the UI's language", async () => {
    dev.Status.mockResolvedValue(devStatus(true))
    await mountDevServer('zh-CN')
    expect(text('devserver-snippet')).toContain('// BASE：页面访问 wecomdev 的地址（在手机上：隧道的 URL）')
    expect(text('devserver-snippet')).not.toContain('where the page reaches')
    expect(text('devserver-snippet')).toContain('ww.register({')
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

  it('the tunnel note links the Tunnel area by its name instead of calling it a later feature, in both languages', async () => {
    await mountDevServer()
    expect(text('devserver-tunnel-hint')).toBe('Start a tunnel in Tunnel and its public host is added here.')
    expect(byTestId<HTMLAnchorElement>('devserver-tunnel-link')?.getAttribute('href')).toContain('/tunnel')
    wrapper!.unmount()
    wrapper = null
    await mountDevServer('zh-CN')
    expect(text('devserver-tunnel-hint')).toBe('在隧道区域启动隧道后，它的公网域名会加到这里。')
    expect(text('devserver-tunnel-hint')).not.toMatch(/后续|later/)
  })

  it('the request log comes right after the server card; once running the set-up folds, and the toggle opens it again', async () => {
    await mountDevServer()
    const server = byTestId('devserver-server')!
    expect(server.nextElementSibling?.getAttribute('data-testid')).toBe('devserver-tabs') // DevLogTabs: the log's tab first
    expect(server.nextElementSibling?.querySelector('[data-testid="devserver-log"]')).not.toBeNull()
    const shown = (id: string) => (byTestId(id)!.closest('label') ?? byTestId(id)!).style.display !== 'none'
    expect(server.dataset.setup).toBe('open')
    expect(shown('devserver-addr')).toBe(true)
    bus.emit(Events.devServerStatus, devStatus(true))
    await flushPromises()
    expect(server.dataset.setup).toBe('closed')
    expect(shown('devserver-addr')).toBe(false)
    expect(shown('devserver-upstream-hint')).toBe(false)
    expect(shown('devserver-stop')).toBe(true)
    expect(shown('devserver-emulator-switch')).toBe(true)
    expect(text('devserver-setup-toggle')).toContain('Show set-up')
    byTestId('devserver-setup-toggle')!.click()
    await flushPromises()
    expect(server.dataset.setup).toBe('open')
    expect(shown('devserver-addr')).toBe(true)
    expect(byTestId('devserver-setup-toggle')!.getAttribute('aria-expanded')).toBe('true')
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

  it("a refusal's message reads in Chinese under zh-CN where Go gave it, in English otherwise", async () => {
    const zh = 'evil.example.com 不是允许的主机；本服务器只为 localhost 签名。'
    dev.Requests.mockResolvedValue([refusedEntry(2, { messageZhCN: zh }), refusedEntry(1)])
    await mountDevServer('zh-CN')
    const [withZh, without] = rows()
    expect(withZh!.querySelector('[data-testid="devserver-row-message"]')?.textContent?.trim()).toBe(zh)
    expect(without!.querySelector('[data-testid="devserver-row-message"]')?.textContent?.trim()).toContain('is not an allowed host')
    wrapper?.unmount()
    dev.Requests.mockResolvedValue([refusedEntry(2, { messageZhCN: zh })])
    await mountDevServer('en-US')
    expect(rows()[0]!.querySelector('[data-testid="devserver-row-message"]')?.textContent?.trim()).toContain('evil.example.com is not an allowed host')
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

  it("a flood's identical requests show as one row with their count, in both languages; a single request has none", async () => {
    for (const [locale, words] of [
      ['en-US', '4000 identical requests came in a flood'],
      ['zh-CN', '4000 个相同的请求'],
    ] as const) {
      dev.Requests.mockResolvedValue([requestEntry(2, { count: 4000, lastTime: '2025-01-02T03:04:06.000Z' }), requestEntry(1)])
      await mountDevServer(locale)
      const [flood, single] = rows()
      const count = flood!.querySelector<HTMLElement>('[data-testid="devserver-row-count"]')
      expect(count?.textContent?.trim()).toBe('×4000')
      expect(count?.title).toContain(words)
      expect(single!.querySelector('[data-testid="devserver-row-count"]')).toBeNull()
      wrapper?.unmount()
      wrapper = null
    }
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
    // The area's view loads on first use (a lazy route): wait for the navigation.
    await waitForRoute(router, 'diagnose')
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

  describe('upstream, emulator and test page', () => {
    it('the upstream field is optional and passed to Start; running, it shows where pages open through the proxy', async () => {
      dev.Start.mockResolvedValue(devStatus(true, { upstream: 'http://localhost:5173' }))
      await mountDevServer()
      expect(byTestId<HTMLInputElement>('devserver-upstream')?.querySelector('input')?.placeholder).toBe('http://localhost:5173')
      expect(text('devserver-upstream-hint')).toContain('proxied to it')
      type('devserver-upstream', 'http://localhost:5173')
      byTestId('devserver-start')!.click()
      await flushPromises()
      expect(dev.Start).toHaveBeenCalledExactlyOnceWith('sandbox', '127.0.0.1:8787', 'http://localhost:5173')
      expect(text('devserver-proxy-url')).toBe('http://127.0.0.1:18787/')
      expect(byTestId('devserver-proxy')?.textContent).toContain('proxied to http://localhost:5173')
      expect(text('devserver-test-page-url')).toBe('http://127.0.0.1:18787/__wecomdev/test/')
      expect(byTestId('devserver-restart-hint')).toBeNull()
      type('devserver-upstream', 'http://localhost:3000')
      await flushPromises()
      expect(byTestId('devserver-restart-hint')).not.toBeNull()
    })

    it('without an upstream there is no proxy line, only the test page', async () => {
      dev.Status.mockResolvedValue(devStatus(true))
      await mountDevServer()
      expect(byTestId('devserver-proxy')).toBeNull()
      expect(text('devserver-test-page-url')).toBe('http://127.0.0.1:18787/__wecomdev/test/')
    })

    it('an upstream Go refuses shows the translated UPSTREAM_INVALID and marks the field', async () => {
      dev.Start.mockRejectedValue("UPSTREAM_INVALID: upstream \"5173\": give the dev server's URL, like http://localhost:5173")
      await mountDevServer('zh-CN')
      type('devserver-upstream', '5173')
      byTestId('devserver-start')!.click()
      await flushPromises()
      expect(byTestId('devserver-error')?.dataset.code).toBe('UPSTREAM_INVALID')
      expect(text('devserver-error')).toContain('上游地址不是开发服务器的 URL')
      expect(byTestId('devserver-upstream')?.classList.contains('n-input--error-status')).toBe(true)
    })

    it('the emulator switch works while stopped, says it is off by default and why, and follows Go\'s status', async () => {
      dev.SetEmulator.mockImplementation(async (on: boolean) => devStatus(false, { emulate: on }))
      await mountDevServer()
      expect(byTestId('devserver-emulator')?.dataset.on).toBe('false')
      expect(text('devserver-emulator-safety')).toContain('Off by default')
      expect(text('devserver-emulator-safety')).toContain('anyone who reaches this server')
      byTestId('devserver-emulator-switch')!.click()
      await flushPromises()
      expect(dev.SetEmulator).toHaveBeenCalledExactlyOnceWith(true)
      expect(byTestId('devserver-emulator')?.dataset.on).toBe('true')
      bus.emit(Events.devServerStatus, devStatus(true, { emulate: false }))
      await flushPromises()
      expect(byTestId('devserver-emulator')?.dataset.on).toBe('false')
      expect(byTestId('devserver-emulator-tag')).toBeNull()
      bus.emit(Events.devServerStatus, devStatus(true, { emulate: true }))
      await flushPromises()
      expect(byTestId('devserver-emulator-tag')).not.toBeNull()
    })

    it('the entry control beside the emulator switch applies a picked entry at once and typed ids on Apply', async () => {
      dev.SetEntry.mockImplementation(async (entry: string, contact: string, chat: string) =>
        devStatus(true, { emulate: true, entry: { entry, contact, chat } }),
      )
      dev.Status.mockResolvedValue(devStatus(true, { emulate: true }))
      dev.EntryChoices.mockResolvedValue({ member: 'zhangsan', customers: ['wmAAA', 'wmBBB'], groups: ['wrG1'] })
      await mountDevServer()
      expect(byTestId('devserver-entry')?.dataset.entry).toBe('normal')
      expect(byTestId('devserver-entry-tag')?.dataset.entry).toBe('normal')
      const options = [...byTestId('devserver-entry-select')!.querySelectorAll('option')].map((o) => o.value)
      expect(options).toEqual(['normal', 'contact_profile', 'single_chat_tools', 'group_chat_tools', 'chat_attachment', 'single_kf_tools'])
      expect([...document.querySelectorAll('#devserver-entry-customers option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['wmAAA', 'wmBBB'])
      expect([...document.querySelectorAll('#devserver-entry-groups option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['wrG1'])
      const select = byTestId('devserver-entry-select') as HTMLSelectElement
      select.value = 'group_chat_tools'
      select.dispatchEvent(new Event('change'))
      await flushPromises()
      expect(dev.SetEntry).toHaveBeenCalledExactlyOnceWith('group_chat_tools', '', '')
      expect(byTestId('devserver-entry')?.dataset.entry).toBe('group_chat_tools')
      expect(text('devserver-entry-tag')).toContain('group_chat_tools')
      type('devserver-entry-chat', 'wrTyped')
      await flushPromises()
      byTestId('devserver-entry-apply')!.click()
      await flushPromises()
      expect(dev.SetEntry).toHaveBeenLastCalledWith('group_chat_tools', '', 'wrTyped')
      expect((byTestId('devserver-entry-apply') as HTMLButtonElement).disabled).toBe(true)
    })

    it('a refused entry shows the translated ENTRY_INVALID', async () => {
      dev.SetEntry.mockRejectedValue('ENTRY_INVALID: entry contact id "wm a" is not an id WeCom gives')
      await mountDevServer('zh-CN')
      expect(text('devserver-entry-about')).toContain('getCurExternalContact 只在联系人详情页')
      type('devserver-entry-contact', 'wm a')
      await flushPromises()
      byTestId('devserver-entry-apply')!.click()
      await flushPromises()
      expect(byTestId('devserver-error')?.dataset.code).toBe('ENTRY_INVALID')
      expect(text('devserver-error')).toContain('模拟器的入口')
    })

    it('the emulator labels read in Chinese under zh-CN', async () => {
      await mountDevServer('zh-CN')
      expect(byTestId('devserver-emulator')?.textContent).toContain('模拟企业微信客户端')
      expect(text('devserver-emulator-safety')).toContain('默认关闭')
      expect(text('devserver-open-test-page')).toContain('打开测试页')
    })

    it('Open test page opens the test page in the system browser; both buttons wait for a running server', async () => {
      window.runtime = {}
      await mountDevServer()
      expect(byTestId<HTMLButtonElement>('devserver-open-test-page')?.hasAttribute('disabled')).toBe(true)
      expect(byTestId<HTMLButtonElement>('devserver-open-emulator')?.hasAttribute('disabled')).toBe(true)
      bus.emit(Events.devServerStatus, devStatus(true))
      await flushPromises()
      byTestId('devserver-open-test-page')!.click()
      await flushPromises()
      expect(rt.BrowserOpenURL).toHaveBeenCalledExactlyOnceWith('http://127.0.0.1:18787/__wecomdev/test/')
      expect(dev.SetEmulator).not.toHaveBeenCalled()
    })

    it('Open in emulator turns the emulator on first, then opens the test page', async () => {
      window.runtime = {}
      dev.Status.mockResolvedValue(devStatus(true))
      dev.SetEmulator.mockResolvedValue(devStatus(true, { emulate: true }))
      await mountDevServer()
      byTestId('devserver-open-emulator')!.click()
      await flushPromises()
      expect(dev.SetEmulator).toHaveBeenCalledExactlyOnceWith(true)
      expect(rt.BrowserOpenURL).toHaveBeenCalledExactlyOnceWith('http://127.0.0.1:18787/__wecomdev/test/')
      expect(dev.SetEmulator.mock.invocationCallOrder[0]).toBeLessThan(rt.BrowserOpenURL.mock.invocationCallOrder[0]!)
    })

    it('with an upstream and the emulator on, Open in emulator opens your own pages through the proxy', async () => {
      window.runtime = {}
      dev.Status.mockResolvedValue(devStatus(true, { upstream: 'http://localhost:5173', emulate: true }))
      await mountDevServer()
      byTestId('devserver-open-emulator')!.click()
      await flushPromises()
      expect(dev.SetEmulator).not.toHaveBeenCalled()
      expect(rt.BrowserOpenURL).toHaveBeenCalledExactlyOnceWith('http://127.0.0.1:18787/')
    })

    it('Open in emulator opens nothing when the emulator cannot be turned on', async () => {
      window.runtime = {}
      dev.Status.mockResolvedValue(devStatus(true))
      dev.SetEmulator.mockRejectedValue('INTERNAL: something broke')
      await mountDevServer()
      byTestId('devserver-open-emulator')!.click()
      await flushPromises()
      expect(rt.BrowserOpenURL).not.toHaveBeenCalled()
      expect(byTestId('devserver-error')?.dataset.code).toBe('INTERNAL')
    })
  })

  describe('reports in the request log', () => {
    it('a report row says what was called, how it went and the answer; an emulator row the same', async () => {
      dev.Requests.mockResolvedValue([
        reportEntry(3),
        emulatorEntry(2),
        reportEntry(1, { type: 'console', level: 'warn', api: undefined, ok: false, errMsg: undefined, message: 'slow\nstart', verdict: undefined, signedUrl: undefined, findings: [] }, { message: 'slow start' }),
      ])
      await mountDevServer()
      const [failed, ok, log] = rows()
      expect(failed!.dataset).toMatchObject({ endpoint: 'report', reportType: 'config', api: 'config', ok: 'false', status: '202' })
      expect(failed!.querySelector('[data-testid="devserver-row-outcome"]')?.textContent?.trim()).toBe('fail')
      expect(failed!.querySelector('[data-testid="devserver-row-line"]')?.textContent?.trim()).toBe('config:invalid signature')
      expect(failed!.textContent).toContain('URL_VARIANT')
      expect(failed!.querySelector('[data-testid="devserver-row-report"]')?.closest('td')?.getAttribute('title')).toBe(REPORT_PAGE)
      expect(ok!.dataset).toMatchObject({ endpoint: 'emulator', reportType: 'verify', api: 'config', ok: 'true' })
      expect(ok!.querySelector('[data-testid="devserver-row-outcome"]')?.getAttribute('data-outcome')).toBe('ok')
      expect(ok!.querySelector('[data-testid="devserver-row-line"]')?.textContent?.trim()).toBe('config:ok')
      expect(log!.querySelector('[data-testid="devserver-row-outcome"]')?.textContent?.trim()).toBe('warn')
      expect(log!.textContent).toContain('console.warn')
      expect(log!.querySelector('[data-testid="devserver-row-line"]')?.textContent?.trim()).toBe('slow start')
    })

    it('a report row\'s Status is its own outcome, not the transport\'s 202, and its Decision is the answer', async () => {
      // Go logs a page's report without a host decision (the report endpoint checks none).
      dev.Requests.mockResolvedValue([reportEntry(3, {}, { decision: undefined, allowed: false }), emulatorEntry(2, { ok: false, errMsg: 'config:invalid url domain', message: 'config:invalid url domain' }), requestEntry(1)])
      await mountDevServer()
      const [report, emulator, signing] = rows()
      const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim())
      expect(cells(report!)[4]).toBe('fail')
      expect(cells(report!)[4]).not.toContain('202')
      expect(report!.querySelectorAll('td')[4]!.getAttribute('title')).toContain('HTTP 202')
      expect(report!.querySelector('[data-testid="devserver-row-answer"]')?.textContent?.trim()).toBe('invalid signature')
      expect(emulator!.querySelector('[data-testid="devserver-row-outcome"]')?.getAttribute('data-outcome')).toBe('fail')
      expect(cells(signing!)[4]).toBe('200')
      expect(signing!.querySelector('[data-testid="devserver-row-outcome"]')).toBeNull()
    })

    it("a report row shows no time of its own (a batch's rows are not requests the server timed); an emulator call and a signing request show theirs", async () => {
      dev.Requests.mockResolvedValue([
        reportEntry(3, {}, { decision: undefined, durationUs: 0 }),
        emulatorEntry(2, { ok: true }, { durationUs: 1100 }),
        requestEntry(1, { durationUs: 420 }),
      ])
      await mountDevServer()
      const [report, emulator, signing] = rows()
      const duration = (row: HTMLElement) => row.querySelector<HTMLElement>('[data-testid="devserver-row-duration"]')!
      expect(duration(report!).textContent?.trim()).toBe('—')
      expect(duration(report!).getAttribute('title')).toContain("A page's report")
      expect(duration(emulator!).textContent?.trim()).toBe('1.1 ms')
      expect(duration(signing!).textContent?.trim()).toBe('0.42 ms')
    })

    it('a report row\'s Decision shows the whole answer: prose wraps between words, only a URL in it may break inside itself', async () => {
      const url = 'https://dev.example.com/__wecomdev/test/?mistake=trailing-slash'
      dev.Requests.mockResolvedValue([
        reportEntry(2, { ok: false, errMsg: `config:invalid signature for ${url}`, message: `config:invalid signature for ${url}` }, { decision: undefined }),
        reportEntry(1, {}, { decision: undefined }),
      ])
      await mountDevServer()
      const [withUrl, plain] = rows()
      const answer = (row: HTMLElement) => row.querySelector<HTMLElement>('[data-testid="devserver-row-answer"]')!
      // not cut to one line with an ellipsis (the old "invalid signatu…")
      for (const row of [withUrl!, plain!]) expect(answer(row).classList.contains('ellipsis')).toBe(false)
      expect(answer(plain!).textContent?.trim()).toBe('invalid signature')
      expect(answer(plain!).querySelector('[data-testid="devserver-row-answer-token"]')).toBeNull()
      expect(answer(withUrl!).textContent?.replace(/\s+/g, ' ').trim()).toBe(`invalid signature for ${url}`)
      const tokens = [...answer(withUrl!).querySelectorAll('[data-testid="devserver-row-answer-token"]')].map((t) => t.textContent)
      expect(tokens).toEqual([url])
      expect(answer(withUrl!).getAttribute('title')).toBe(`invalid signature for ${url}`)
    })

    it('the drawer of a failed emulator check shows the verification under its own label and Allowed as the host check said', async () => {
      const failed = emulatorEntry(4, { ok: false, errMsg: 'config:invalid url domain', message: 'config:invalid url domain' }, { allowed: true, decision: 'loopback' })
      dev.Requests.mockResolvedValue([failed])
      dev.Request.mockResolvedValue({ entry: failed, breakdowns: [] })
      await mountDevServer()
      rows()[0]!.click()
      await flushPromises()
      const fields = byTestId('devserver-detail-fields')!
      const pairs = [...fields.querySelectorAll('dt')].map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()])
      expect(pairs).toContainEqual(['Verification', 'failconfig:invalid url domain'])
      expect(pairs).toContainEqual(['Allowed', 'yes'])
      expect(byTestId('devserver-detail-outcome')?.dataset.outcome).toBe('fail')
    })

    it('the drawer of a page report has no Allowed field: the report endpoint checks no host', async () => {
      const rep = reportEntry(9, {}, { decision: undefined, allowed: false })
      dev.Requests.mockResolvedValue([rep])
      dev.Request.mockResolvedValue({ entry: rep, breakdowns: [] })
      await mountDevServer('zh-CN')
      rows()[0]!.click()
      await flushPromises()
      expect(byTestId('devserver-detail-allowed')).toBeNull()
      const dts = [...byTestId('devserver-detail-fields')!.querySelectorAll('dt')].map((dt) => dt.textContent?.trim())
      expect(dts).toContain('上报结果')
      expect(text('devserver-detail-outcome')).toContain('失败')
    })

    it('the outcome reads in Chinese under zh-CN', async () => {
      dev.Requests.mockResolvedValue([reportEntry(1)])
      await mountDevServer('zh-CN')
      expect(rows()[0]!.querySelector('[data-testid="devserver-row-outcome"]')?.textContent?.trim()).toBe('失败')
    })

    it('emulator verifications arrive live beside the signing requests', async () => {
      dev.Requests.mockResolvedValue([requestEntry(1)])
      await mountDevServer()
      bus.emit(Events.devServerRequests, { entries: [emulatorEntry(2), emulatorEntry(3, { api: 'agentConfig', errMsg: 'agentConfig:ok' })], more: 0, dropped: 0, total: 3 })
      await flushPromises()
      expect(rows().map((r) => [r.dataset.endpoint, r.dataset.api ?? '', r.dataset.ok ?? ''])).toEqual([
        ['emulator', 'agentConfig', 'true'],
        ['emulator', 'config', 'true'],
        ['config-signature', '', ''],
      ])
    })

    it('the endpoint filter offers the phone-side endpoints and asks Go for them', async () => {
      await mountDevServer()
      dev.Requests.mockClear()
      const { useDevServerStore } = await import('@/stores/devserver')
      await useDevServerStore().setFilter({ endpoint: 'emulator' })
      await flushPromises()
      expect(dev.Requests).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ endpoint: 'emulator' }))
      expect(byTestId('devserver-filter-endpoint')?.textContent).toContain('emulator · WeCom client emulator')
    })

    it('the drawer of a failed config report shows the Report section: errMsg, URLs, params, verdict, findings', async () => {
      const failed = reportEntry(9)
      dev.Requests.mockResolvedValue([failed])
      dev.Request.mockResolvedValue({ entry: failed, breakdowns: [] })
      await mountDevServer()
      rows()[0]!.click()
      await flushPromises()
      expect(diagnose.Compare).toHaveBeenCalledExactlyOnceWith(REPORT_SIGNED, REPORT_PAGE)
      const report = byTestId('devserver-report')!
      expect(report.dataset).toMatchObject({ type: 'config', outcome: 'fail' })
      expect(text('devserver-report-errmsg')).toBe('config:invalid signature')
      expect(text('devserver-report-page-url')).toBe(REPORT_PAGE)
      expect(text('devserver-report-landing-url')).toBe('https://h5.example.com/page?from=singlemessage&code=CODE&state=s')
      expect(JSON.parse(text('devserver-report-params'))).toMatchObject({ appId: 'ww5andb0x0000001', timestamp: 1700000000 })
      expect(text('devserver-report-params')).toContain('\n  "appId"')
      expect(byTestId('devserver-report-verdict')?.dataset.code).toBe('URL_VARIANT')
      expect(text('devserver-report-verdict')).toContain('over a variant of the page URL')
      expect(text('devserver-report-signed-url')).toBe(REPORT_SIGNED)
      expect([...byTestId('devserver-report-signed-url')!.querySelectorAll('[data-differs="true"]')].map((x) => x.textContent)).toEqual(['/'])
      expect([...byTestId('devserver-report-diff-page')!.querySelectorAll('[data-differs="true"]')].map((x) => x.textContent)).toEqual(['?from=singlemessage'])
      const findings = [...document.querySelectorAll<HTMLElement>('[data-testid="devserver-report-findings-item"]')]
      expect(findings.map((f) => f.dataset.code)).toEqual(['TRAILING_SLASH', 'QUERY_EXTRA'])
      expect(findings[0]!.textContent).toContain('Sign the URL the browser shows')
      expect(text('devserver-report-expected')).toBe('7c4a8d09ca3762af61e59520943dc26494f8941b')
      expect(byTestId('devserver-report-stack')).toBeNull()
    })

    it('the drawer of an uncaught error shows its message and stack', async () => {
      const err = reportEntry(4, { type: 'error', api: undefined, ok: false, errMsg: undefined, message: 'TypeError: x is undefined', stack: 'TypeError: x is undefined\n    at main.js:3:9', verdict: undefined, signedUrl: undefined, findings: [], params: { source: 'main.js', line: 3 } }, { message: 'TypeError: x is undefined' })
      dev.Requests.mockResolvedValue([err])
      dev.Request.mockResolvedValue({ entry: err, breakdowns: [] })
      await mountDevServer()
      rows()[0]!.click()
      await flushPromises()
      expect(text('devserver-report-message')).toBe('TypeError: x is undefined')
      expect(text('devserver-report-stack')).toContain('at main.js:3:9')
      expect(byTestId('devserver-report-check')).toBeNull()
      expect(byTestId('devserver-detail-diagnose')).toBeNull()
      expect(diagnose.Compare).not.toHaveBeenCalled()
    })

    it('the drawer of an emulator verification shows its answer and its warnings', async () => {
      const ok = emulatorEntry(5)
      dev.Requests.mockResolvedValue([ok])
      dev.Request.mockResolvedValue({ entry: ok, breakdowns: [] })
      await mountDevServer('zh-CN')
      rows()[0]!.click()
      await flushPromises()
      expect(byTestId('devserver-report')?.textContent).toContain('模拟器校验')
      expect(byTestId('devserver-report-verdict')?.dataset.code).toBe('OK')
      expect(text('devserver-report-signed-same')).toBe('与页面 URL 相同')
      expect(byTestId('devserver-report-warnings')?.querySelector('[data-code="LOOPBACK"]')?.textContent).toContain('页面在本机地址上')
      expect(JSON.parse(text('devserver-report-result'))).toEqual({ errMsg: 'config:ok' })
      expect(byTestId('devserver-detail-diagnose')).toBeNull()
    })

    it('Diagnose on a failed config report opens the URL diff of the signed URL and the page URL', async () => {
      const failed = reportEntry(9)
      dev.Requests.mockResolvedValue([failed])
      dev.Request.mockResolvedValue({ entry: failed, breakdowns: [] })
      await mountDevServer()
      rows()[0]!.click()
      await flushPromises()
      expect(byTestId('devserver-detail-diagnose')?.dataset.tool).toBe('diff')
      byTestId('devserver-detail-diagnose')!.click()
      // The area's view loads on first use (a lazy route): wait for the navigation.
      await waitForRoute(router, 'diagnose')
      expect(router.currentRoute.value.query).toEqual({ tool: 'diff', signed: REPORT_SIGNED, page: REPORT_PAGE })
    })

    it('Diagnose on a failed agentConfig verification without a signed URL opens the forensics with its params', async () => {
      const page = 'http://127.0.0.1:18787/__wecomdev/test/'
      const failed = emulatorEntry(10, { api: 'agentConfig', ok: false, errMsg: 'agentConfig:invalid signature', verdict: 'UNKNOWN_TICKET', signedUrl: undefined, warnings: [] })
      dev.Requests.mockResolvedValue([failed])
      dev.Request.mockResolvedValue({ entry: failed, breakdowns: [] })
      await mountDevServer()
      rows()[0]!.click()
      await flushPromises()
      byTestId('devserver-detail-diagnose')!.click()
      await flushPromises()
      expect(router.currentRoute.value.query).toEqual({
        tool: 'forensics',
        profile: 'sandbox',
        page,
        signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
        timestamp: '1700000000',
        nonce: 'Wm3WZYTPz0wzccnW',
        failed: 'agent',
      })
    })
  })

  describe('customer groups made on the phone', () => {
    it('lists the chatId ↔ label pairs of the profile picked, with copy buttons', async () => {
      window.runtime = {}
      dev.ChatLabels.mockResolvedValue([chatLabel(), chatLabel({ chatId: 'wrSecond', label: 'B-7' })])
      await mountDevServer()
      expect(dev.ChatLabels).toHaveBeenCalledWith('sandbox')
      const chats = [...document.querySelectorAll<HTMLElement>('[data-testid="devserver-chat"]')]
      expect(text('devserver-chats-count')).toBe('2 groups')
      expect(chats.map((c) => [c.dataset.label, c.dataset.chatId])).toEqual([
        ['A-2026-0042', 'wrAbCdEfGhIjKlMnOpQrStUvWxYz0123'],
        ['B-7', 'wrSecond'],
      ])
      byTestId('devserver-chat-id-1-copy')!.click()
      await flushPromises()
      expect(rt.ClipboardSetText).toHaveBeenCalledWith('wrSecond')
      byTestId('devserver-chat-label-0-copy')!.click()
      await flushPromises()
      expect(rt.ClipboardSetText).toHaveBeenLastCalledWith('A-2026-0042')
    })

    it('says how to get some when there are none, in both languages', async () => {
      await mountDevServer('zh-CN')
      expect(text('devserver-chats')).toContain('手机上建的客户群')
      expect(text('devserver-chats-empty')).toContain('建客户群流程')
      expect(text('devserver-chats-count')).toBe('0 个群')
    })

    it('a chat entry arriving in the log reloads the list', async () => {
      await mountDevServer()
      expect(byTestId('devserver-chats-empty')).not.toBeNull()
      dev.ChatLabels.mockResolvedValue([chatLabel()])
      bus.emit(Events.devServerRequests, { entries: [chatEntry(7)], more: 0, dropped: 0, total: 1 })
      await flushPromises()
      expect(document.querySelectorAll('[data-testid="devserver-chat"]')).toHaveLength(1)
      expect(text('devserver-chats-count')).toBe('1 group')
      expect(rows()[0]!.dataset).toMatchObject({ endpoint: 'chat', reportType: 'chat', ok: 'true' })
    })
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
