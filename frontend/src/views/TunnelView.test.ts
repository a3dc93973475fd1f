import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { Events } from '@/api/events'
import { createAppRouter } from '@/router'
import { bus } from '@/test/fakeRuntime'
import { devStatus } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import { hostKeyView, PUBLIC, signingOnly, tunnelView, upView } from '@/test/tunnelFixtures'
import TunnelView from './TunnelView.vue'

const tunnel = vi.hoisted(() => ({
  Status: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  AcceptHostKey: vi.fn(),
  SetSecret: vi.fn(),
  QRCode: vi.fn(),
  SaveQRCode: vi.fn(),
}))
const dev = vi.hoisted(() => ({ Status: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null
const QR = 'data:image/png;base64,iVBORw0KGgo='

beforeEach(() => {
  bus.reset()
  installGo({ TunnelService: tunnel, DevServerService: dev, TicketsService: tickets })
  pinia = createPinia()
  setActivePinia(pinia)
  Object.values(tunnel).forEach((f) => f.mockReset())
  tunnel.Status.mockResolvedValue(tunnelView())
  tunnel.QRCode.mockResolvedValue(QR)
  dev.Status.mockResolvedValue(devStatus(true))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountTunnel(locale: 'en-US' | 'zh-CN' = 'en-US') {
  const router = createAppRouter(createMemoryHistory())
  await router.push('/tunnel')
  wrapper = mountView(TunnelView, pinia, {}, locale, [router])
  await flushPromises()
  return wrapper
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

describe('TunnelView', () => {
  it('shows the tunnel as down, with no QR code until there is a public URL', async () => {
    await mountTunnel()
    expect(byTestId('tunnel-state')?.dataset.state).toBe('down')
    expect(byTestId('tunnel-qr-empty')).not.toBeNull()
    expect(byTestId('tunnel-qr-image')).toBeNull()
    expect(byTestId('tunnel-dev-stopped')).toBeNull()
  })

  it('every provider form is translated (no raw message keys)', async () => {
    for (const locale of ['en-US', 'zh-CN'] as const) {
      await mountTunnel(locale)
      for (const p of ['ssh', 'ngrok', 'cmd', 'lan']) {
        ;(byTestId(`tunnel-provider-${p}`)!.querySelector('input') as HTMLInputElement).click()
        await flushPromises()
        expect(byTestId('tunnel-form')?.dataset.provider ?? byTestId('tunnel-provider')?.dataset.provider).toBe(p)
        expect(document.body.textContent!.match(/(tunnel|ssh|ngrok|cmd|lan|form|secret|qr|reach|status)\.(?!app)[a-zA-Z]+/)?.[0] ?? null).toBeNull()
      }
      wrapper?.unmount()
      wrapper = null
    }
  })

  it('hints at the Dev server when it is stopped', async () => {
    dev.Status.mockResolvedValue(devStatus(false))
    await mountTunnel()
    expect(byTestId('tunnel-dev-stopped')).not.toBeNull()
    expect(byTestId('tunnel-devserver-link')?.getAttribute('href')).toContain('/devserver')
  })

  it('composes the spec as the form is filled in, and Start sends it', async () => {
    tunnel.Start.mockResolvedValue(upView())
    await mountTunnel()
    ;(byTestId('tunnel-provider-cmd')!.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    const cmd = byTestId('tunnel-cmd-command')!.querySelector('input')!
    cmd.value = 'sleep 60'
    cmd.dispatchEvent(new Event('input'))
    const pub = byTestId('tunnel-cmd-public')!.querySelector('input')!
    pub.value = PUBLIC
    pub.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(text('tunnel-spec')).toBe('cmd:sleep 60')
    byTestId<HTMLButtonElement>('tunnel-start')!.click()
    await flushPromises()
    expect(tunnel.Start).toHaveBeenCalledWith(expect.objectContaining({ spec: 'cmd:sleep 60', publicUrl: PUBLIC }))
    expect(byTestId('tunnel-state')?.dataset.state).toBe('up')
    expect(text('tunnel-public-url')).toBe(PUBLIC)
    expect(text('tunnel-output')).toContain('ready')
  })

  it('an unknown host key: host, type and fingerprint, and Accept sends the fingerprint', async () => {
    tunnel.Status.mockResolvedValue(hostKeyView())
    tunnel.AcceptHostKey.mockResolvedValue(tunnelView({ running: true, status: { provider: 'ssh', state: 'connecting', at: '', attempt: 1 } }))
    await mountTunnel()
    expect(byTestId('tunnel-host-key')).not.toBeNull()
    expect(text('tunnel-host-key-host')).toBe('server.example.com:22')
    expect(text('tunnel-host-key-type')).toBe('ssh-ed25519')
    expect(text('tunnel-host-key-fingerprint')).toBe('SHA256:abcDEF123')
    expect(text('tunnel-host-key-command')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')
    expect(text('tunnel-nginx')).toContain('server_name dev.example.com')
    expect(text('tunnel-sshd')).toContain('AllowTcpForwarding')
    byTestId<HTMLButtonElement>('tunnel-host-key-accept')!.click()
    await flushPromises()
    expect(tunnel.AcceptHostKey).toHaveBeenCalledWith('SHA256:abcDEF123')
    expect(byTestId('tunnel-host-key')).toBeNull()
  })

  it('signing only: the banner with the CORS origin, the snippet and the reasons in the language', async () => {
    tunnel.Status.mockResolvedValue(upView())
    await mountTunnel('zh-CN')
    const banner = byTestId('tunnel-reach')!
    expect(banner.dataset.level).toBe('signing-only')
    expect(banner.textContent).toContain('仅签名可用')
    expect(text('tunnel-reach-reasons')).toBe('不是可信域名')
    expect(text('tunnel-reach-cors')).toBe('https://h5.example.com')
    expect(text('tunnel-reach-snippet')).toContain(PUBLIC)
    expect(text('tunnel-reach-snippet')).toContain('// 签名取自 SIGNER')
    expect(text('tunnel-reach-snippet')).not.toContain('signatures from')
    expect(byTestId('tunnel-reach-verify')).toBeNull()
  })

  it('links the verification files when the domain needs one', async () => {
    tunnel.Status.mockResolvedValue(upView({ reach: signingOnly({ level: 'page-and-signing', corsOrigin: '', needsVerifyFile: true }) }))
    await mountTunnel()
    expect(byTestId('tunnel-reach')?.dataset.level).toBe('page-and-signing')
    expect(byTestId('tunnel-reach-verify-link')?.getAttribute('href')).toContain('/devserver')
  })

  it('the QR card shows the image of the test page at the public URL, and follows a typed path', async () => {
    tunnel.Status.mockResolvedValue(upView())
    await mountTunnel()
    const img = byTestId<HTMLImageElement>('tunnel-qr-image')!
    expect(img.getAttribute('src')).toBe(QR)
    expect(img.dataset.text).toBe(`${PUBLIC}/__wecomdev/test/`)
    expect(tunnel.QRCode).toHaveBeenCalledWith(`${PUBLIC}/__wecomdev/test/`, 400)
    expect(text('tunnel-qr-scan')).toContain('WeCom')
    const target = byTestId('tunnel-qr-target')!.querySelector('input')!
    target.value = '/app/'
    target.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(tunnel.QRCode).toHaveBeenLastCalledWith(`${PUBLIC}/app/`, 400)
  })

  it('the QR card follows the reach verdict: signing only never promises JS-SDK, a trusted domain does', async () => {
    tunnel.Status.mockResolvedValue(upView())
    await mountTunnel()
    expect(byTestId('tunnel-qr-scan')?.dataset.works).toBe('signingOnly')
    expect(text('tunnel-qr-scan3')).not.toContain('JS-SDK works')
    expect(text('tunnel-qr-scan3')).toContain('invalid url domain')
    expect(byTestId('tunnel-qr-verdict')?.dataset.level).toBe('signing-only')
    expect(text('tunnel-qr-public-url')).toBe(PUBLIC)
    wrapper!.unmount()
    tunnel.Status.mockResolvedValue(upView({ reach: signingOnly({ level: 'page-and-signing', corsOrigin: '' }) }))
    await mountTunnel('zh-CN')
    expect(byTestId('tunnel-qr-scan')?.dataset.works).toBe('works')
    expect(text('tunnel-qr-scan3')).toContain('JS-SDK 可用')
    expect(text('tunnel-qr-verdict')).toBe('页面与签名均可用')
    wrapper!.unmount()
    tunnel.Status.mockResolvedValue(upView({ reach: signingOnly({ level: 'nothing', corsOrigin: '' }) }))
    await mountTunnel()
    expect(byTestId('tunnel-qr-scan')?.dataset.works).toBe('nothing')
    expect(text('tunnel-qr-scan3')).not.toMatch(/JS-SDK works|for signing/)
  })

  it('with a public URL the QR card (URL and verdict beside it) comes first, then the verdict, the status and the form', async () => {
    await mountTunnel()
    expect(byTestId('tunnel-stack')?.dataset.up).toBe('false')
    expect(byTestId('tunnel-form')!.style.order).toBe('1')
    wrapper!.unmount()
    tunnel.Status.mockResolvedValue(upView())
    await mountTunnel()
    expect(byTestId('tunnel-stack')?.dataset.up).toBe('true')
    const order = (id: string) => byTestId(id)!.style.order
    expect(['tunnel-qr', 'tunnel-reach', 'tunnel-status', 'tunnel-form'].map(order)).toEqual(['1', '2', '3', '4'])
  })

  it('Save as PNG shows the path', async () => {
    tunnel.Status.mockResolvedValue(upView())
    tunnel.SaveQRCode.mockResolvedValue('/home/u/Downloads/wecomdev-qr-1.png')
    await mountTunnel()
    byTestId<HTMLButtonElement>('tunnel-qr-save')!.click()
    await flushPromises()
    expect(text('tunnel-qr-saved')).toContain('/home/u/Downloads/wecomdev-qr-1.png')
  })

  it('a secret is sent to the keychain and the field is emptied', async () => {
    tunnel.SetSecret.mockResolvedValue(undefined)
    await mountTunnel()
    const input = byTestId('tunnel-secret-input')!.querySelector('input')!
    input.value = 'hunter2'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    byTestId<HTMLButtonElement>('tunnel-secret-store')!.click()
    await flushPromises()
    expect(tunnel.SetSecret).toHaveBeenCalledWith('ssh-passphrase', 'hunter2')
    expect(byTestId('tunnel-secret-input')!.querySelector('input')!.value).toBe('')
    expect(document.body.innerHTML).not.toContain('hunter2')
  })

  it('follows tunnel:status', async () => {
    await mountTunnel()
    bus.emit(Events.tunnelStatus, upView())
    await flushPromises()
    expect(byTestId('tunnel-state')?.dataset.state).toBe('up')
    expect(byTestId('tunnel-reach')).not.toBeNull()
  })
})
