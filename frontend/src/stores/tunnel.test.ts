import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { installGo } from '@/test/goBindings'
import { hostKeyView, PUBLIC, tunnelView, upView } from '@/test/tunnelFixtures'
import { composeSpec, qrTextFor, useTunnelStore } from './tunnel'

const binding = vi.hoisted(() => ({
  Status: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  AcceptHostKey: vi.fn(),
  SetSecret: vi.fn(),
  QRCode: vi.fn(),
  SaveQRCode: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

beforeEach(() => {
  bus.reset()
  installGo({ TunnelService: binding })
  setActivePinia(createPinia())
  Object.values(binding).forEach((f) => f.mockReset())
  binding.Status.mockResolvedValue(tunnelView())
  binding.Stop.mockResolvedValue(tunnelView())
  binding.QRCode.mockResolvedValue('data:image/png;base64,AAAA')
})

const blank = {
  ssh: { user: '', host: '', port: '', remote: '', publicUrl: '', identity: '', knownHosts: '' },
  ngrok: { domain: '' },
  cmd: { command: '', publicUrl: '', publicUrlPattern: '' },
}

describe('composeSpec', () => {
  it('ssh: user@host, the port only when not 22, remote and public', () => {
    const ssh = { ...blank.ssh, user: 'deploy', host: 'server.example.com', remote: '127.0.0.1:8787', publicUrl: 'https://dev.example.com' }
    expect(composeSpec('ssh', { ...blank, ssh })).toBe('ssh://deploy@server.example.com?remote=127.0.0.1:8787&public=https://dev.example.com')
    expect(composeSpec('ssh', { ...blank, ssh: { ...ssh, port: '2222' } })).toBe(
      'ssh://deploy@server.example.com:2222?remote=127.0.0.1:8787&public=https://dev.example.com',
    )
    expect(composeSpec('ssh', { ...blank, ssh: { ...ssh, port: '22', host: '::1', publicUrl: 'https://d.example.com/?a=1&b=2' } })).toBe(
      'ssh://deploy@[::1]?remote=127.0.0.1:8787&public=https://d.example.com/?a=1%26b=2',
    )
  })

  it('ngrok with and without a reserved domain, cmd, lan', () => {
    expect(composeSpec('ngrok', blank)).toBe('ngrok')
    expect(composeSpec('ngrok', { ...blank, ngrok: { domain: ' dev-abc.ngrok.app ' } })).toBe('ngrok:dev-abc.ngrok.app')
    expect(composeSpec('cmd', { ...blank, cmd: { command: ' sleep 60 ', publicUrl: '', publicUrlPattern: '' } })).toBe('cmd:sleep 60')
    expect(composeSpec('lan', blank)).toBe('lan')
  })
})

describe('qrTextFor', () => {
  it('the test page by default, a path on the public URL, a full URL as it is', () => {
    expect(qrTextFor(`${PUBLIC}/`, '')).toBe(`${PUBLIC}/__wecomdev/test/`)
    expect(qrTextFor(PUBLIC, '/app/?x=1')).toBe(`${PUBLIC}/app/?x=1`)
    expect(qrTextFor(PUBLIC, 'app')).toBe(`${PUBLIC}/app`)
    expect(qrTextFor('', 'https://h5.example.com/p')).toBe('https://h5.example.com/p')
    expect(qrTextFor('', '')).toBe('')
  })
})

describe('tunnel store', () => {
  it('start sends the composed spec with the options of its provider only', async () => {
    binding.Start.mockResolvedValue(upView())
    const s = useTunnelStore()
    s.provider = 'cmd'
    s.cmd = { command: 'sleep 60', publicUrl: ` ${PUBLIC} `, publicUrlPattern: '' }
    s.ssh.identity = '~/.ssh/id_ed25519' // not for cmd
    await s.start()
    expect(binding.Start).toHaveBeenCalledWith({ spec: 'cmd:sleep 60', identity: '', knownHosts: '', publicUrl: PUBLIC, publicUrlPattern: '' })
    expect(s.running).toBe(true)
    expect(s.state).toBe('up')
    expect(s.publicUrl).toBe(PUBLIC)
    expect(s.qrText).toBe(`${PUBLIC}/__wecomdev/test/`)
    expect(s.error).toBeNull()
  })

  it('ssh sends the identity and known_hosts files', async () => {
    binding.Start.mockResolvedValue(hostKeyView())
    const s = useTunnelStore()
    s.ssh = { user: 'u', host: 'h', port: '', remote: '127.0.0.1:8787', publicUrl: 'https://d.example.com', identity: ' ~/.ssh/k ', knownHosts: '/tmp/kh' }
    await s.start()
    expect(binding.Start.mock.calls[0]![0]).toMatchObject({ identity: '~/.ssh/k', knownHosts: '/tmp/kh', publicUrl: '' })
  })

  it('a failed start keeps the AppError (DEVSERVER_STOPPED)', async () => {
    binding.Start.mockRejectedValue('DEVSERVER_STOPPED: start the dev server first: the tunnel forwards to it')
    const s = useTunnelStore()
    s.provider = 'lan'
    await expect(s.start()).rejects.toBeInstanceOf(AppError)
    expect(s.error?.code).toBe('DEVSERVER_STOPPED')
    expect(s.busy).toBeNull()
  })

  it('stop applies the stopped view', async () => {
    binding.Start.mockResolvedValue(upView())
    const s = useTunnelStore()
    await s.start()
    await s.stop()
    expect(binding.Stop).toHaveBeenCalled()
    expect(s.running).toBe(false)
    expect(s.state).toBe('down')
    expect(s.publicUrl).toBe('')
  })

  it('follows tunnel:status events, with missing fields filled in', async () => {
    const s = useTunnelStore()
    await s.load()
    bus.emit(Events.tunnelStatus, { running: true, spec: 'cmd:x', status: { provider: 'cmd', state: 'connecting', attempt: 3 }, output: null, hostKey: null, reach: null })
    expect(s.state).toBe('connecting')
    expect(s.view?.status.attempt).toBe(3)
    expect(s.view?.output).toEqual([])
    bus.emit(Events.tunnelStatus, upView())
    expect(s.state).toBe('up')
    expect(s.view?.reach?.level).toBe('signing-only')
  })

  it('load picks the running provider', async () => {
    binding.Status.mockResolvedValue(hostKeyView())
    const s = useTunnelStore()
    s.provider = 'lan'
    await s.load()
    expect(s.provider).toBe('ssh')
  })

  it('acceptHostKey sends the fingerprint shown', async () => {
    binding.Status.mockResolvedValue(hostKeyView())
    binding.AcceptHostKey.mockResolvedValue(tunnelView({ running: true, status: { provider: 'ssh', state: 'connecting', at: '', attempt: 1 } }))
    const s = useTunnelStore()
    await s.load()
    await s.acceptHostKey()
    expect(binding.AcceptHostKey).toHaveBeenCalledWith('SHA256:abcDEF123')
    expect(s.view?.hostKey).toBeNull()
    expect(s.state).toBe('connecting')
  })

  it('secrets go to SetSecret and are never kept in the store', async () => {
    binding.SetSecret.mockResolvedValue(undefined)
    const s = useTunnelStore()
    await s.saveSecret('ngrok-authtoken', 'tok-very-secret')
    await s.saveSecret('ssh-password', 'pw-very-secret')
    expect(binding.SetSecret).toHaveBeenNthCalledWith(1, 'ngrok-authtoken', 'tok-very-secret')
    expect(binding.SetSecret).toHaveBeenNthCalledWith(2, 'ssh-password', 'pw-very-secret')
    expect(s.storedSecrets).toEqual(['ngrok-authtoken', 'ssh-password'])
    const state = JSON.stringify(s.$state)
    expect(state).not.toContain('very-secret')
  })

  it('a refused secret keeps the error', async () => {
    binding.SetSecret.mockRejectedValue('KEYCHAIN_UNAVAILABLE: no keychain')
    const s = useTunnelStore()
    await expect(s.saveSecret('ssh-passphrase', 'x')).rejects.toBeInstanceOf(AppError)
    expect(s.secretError?.code).toBe('KEYCHAIN_UNAVAILABLE')
    expect(s.storedSecrets).toEqual([])
  })

  it('loadQr makes the QR code of the text, saveQr returns the path', async () => {
    binding.Start.mockResolvedValue(upView())
    binding.SaveQRCode.mockResolvedValue('/home/u/Downloads/wecomdev-qr.png')
    const s = useTunnelStore()
    await s.start()
    await s.loadQr()
    expect(binding.QRCode).toHaveBeenCalledWith(`${PUBLIC}/__wecomdev/test/`, 400)
    expect(s.qrImage).toBe('data:image/png;base64,AAAA')
    s.qrTarget = '/other'
    await s.loadQr()
    expect(binding.QRCode).toHaveBeenLastCalledWith(`${PUBLIC}/other`, 400)
    expect(await s.saveQr()).toBe('/home/u/Downloads/wecomdev-qr.png')
    expect(binding.SaveQRCode).toHaveBeenCalledWith(`${PUBLIC}/other`, 512)
    expect(s.qrSaved).toBe('/home/u/Downloads/wecomdev-qr.png')
  })
})
