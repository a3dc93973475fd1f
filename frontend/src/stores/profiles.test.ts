import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { profileView, sandboxView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { useProfilesStore } from './profiles'

const binding = vi.hoisted(() => ({
  List: vi.fn(),
  Save: vi.fn(),
  Remove: vi.fn(),
  SetSecret: vi.fn(),
  DeleteSecret: vi.fn(),
  RevealSecret: vi.fn(),
  Keychain: vi.fn(),
}))

beforeEach(() => {
  installGo({ ProfilesService: binding })
  setActivePinia(createPinia())
  binding.List.mockResolvedValue([profileView({ name: 'zeta' }), sandboxView()])
  binding.Keychain.mockResolvedValue({ available: true, error: '' })
})

async function loaded() {
  const s = useProfilesStore()
  await s.load()
  return s
}

describe('profiles store', () => {
  it('loads the profiles (sandbox first) and the keychain state', async () => {
    const s = await loaded()
    expect(s.names).toEqual(['sandbox', 'zeta'])
    expect(s.keychain).toEqual({ available: true, error: '' })
    expect(s.loaded).toBe(true)
    expect(s.byName('sandbox')?.sandbox).toBe(true)
  })

  it('keeps the keychain error Go gives, with its fix', async () => {
    binding.Keychain.mockResolvedValue({ available: false, error: 'KEYCHAIN_UNAVAILABLE: unlock gnome-keyring' })
    const s = await loaded()
    expect(s.keychain?.available).toBe(false)
    expect(s.keychain?.error).toContain('unlock gnome-keyring')
  })

  it('adds a profile with the view Go returns', async () => {
    const s = await loaded()
    const input = { originalName: '', name: 'alpha', corpId: 'ww1', agentId: 1000002, apiBase: 'https://qyapi.weixin.qq.com', trustedDomains: ['a.example.com'] }
    binding.Save.mockResolvedValue(profileView({ name: 'alpha', corpId: 'ww1', trustedDomains: ['a.example.com'] }))
    await s.save(input)
    expect(binding.Save).toHaveBeenCalledWith(input)
    expect(s.names).toEqual(['sandbox', 'alpha', 'zeta'])
  })

  it('renames a profile in place of the old one', async () => {
    const s = await loaded()
    binding.Save.mockResolvedValue(profileView({ name: 'omega' }))
    await s.save({ originalName: 'zeta', name: 'omega', corpId: 'ww', agentId: 1, apiBase: 'https://x', trustedDomains: [] })
    expect(s.names).toEqual(['sandbox', 'omega'])
  })

  it('removes a profile after Go did', async () => {
    const s = await loaded()
    binding.Remove.mockResolvedValue(undefined)
    await s.remove('zeta')
    expect(binding.Remove).toHaveBeenCalledWith('zeta')
    expect(s.names).toEqual(['sandbox'])
  })

  it('keeps the list and reports an AppError when Go refuses', async () => {
    const s = await loaded()
    binding.Remove.mockRejectedValue('PROFILE_BUILTIN: the sandbox profile cannot be removed')
    const err = await s.remove('sandbox').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'PROFILE_BUILTIN' })
    expect(s.lastError?.code).toBe('PROFILE_BUILTIN')
    expect(s.names).toEqual(['sandbox', 'zeta'])
  })

  it('a rejected save leaves the list alone', async () => {
    const s = await loaded()
    binding.Save.mockRejectedValue('PROFILE_EXISTS: a profile named "zeta" exists')
    await expect(s.save({ originalName: '', name: 'zeta', corpId: 'w', agentId: 1, apiBase: 'https://x', trustedDomains: [] })).rejects.toMatchObject({
      code: 'PROFILE_EXISTS',
    })
    expect(s.profiles).toHaveLength(2)
  })

  it('setting and deleting a secret changes its state to what Go says', async () => {
    const s = await loaded()
    binding.SetSecret.mockResolvedValue(profileView({ name: 'zeta', secret: 'stored' }))
    await s.setSecret('zeta', 's3cret')
    expect(binding.SetSecret).toHaveBeenCalledWith('zeta', 's3cret')
    expect(s.byName('zeta')?.secret).toBe('stored')

    binding.DeleteSecret.mockResolvedValue(profileView({ name: 'zeta', secret: 'missing' }))
    await s.deleteSecret('zeta')
    expect(s.byName('zeta')?.secret).toBe('missing')
  })

  it('a keychain failure while setting a secret keeps the old state', async () => {
    const s = await loaded()
    binding.SetSecret.mockRejectedValue('KEYCHAIN_TIMEOUT: the keychain did not answer in time')
    await expect(s.setSecret('zeta', 'x')).rejects.toMatchObject({ code: 'KEYCHAIN_TIMEOUT' })
    expect(s.byName('zeta')?.secret).toBe('missing')
  })

  it('hands a revealed secret to the caller without keeping it', async () => {
    const s = await loaded()
    binding.RevealSecret.mockResolvedValue('top-secret-value')
    await expect(s.revealSecret('zeta')).resolves.toBe('top-secret-value')
    expect(JSON.stringify(s.$state)).not.toContain('top-secret-value')
  })

  it('a failed load surfaces the error and stays not loaded', async () => {
    binding.List.mockRejectedValue(new Error('KEYCHAIN_UNAVAILABLE: no keychain'))
    const s = useProfilesStore()
    await expect(s.load()).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    expect(s.loaded).toBe(false)
    expect(s.loading).toBe(false)
  })

  it('reports a missing Go bridge as BRIDGE_UNAVAILABLE', async () => {
    delete window.go
    await expect(useProfilesStore().load()).rejects.toMatchObject({ code: 'BRIDGE_UNAVAILABLE' })
  })
})
