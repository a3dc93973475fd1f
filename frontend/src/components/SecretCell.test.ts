import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useProfilesStore } from '@/stores/profiles'
import { profileView, sandboxView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import SecretCell from './SecretCell.vue'

const binding = vi.hoisted(() => ({
  List: vi.fn(),
  Save: vi.fn(),
  Remove: vi.fn(),
  SetSecret: vi.fn(),
  DeleteSecret: vi.fn(),
  RevealSecret: vi.fn(),
  Keychain: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const SECRET = 'e2e-secret-value-123'
let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ ProfilesService: binding })
  pinia = createPinia()
  setActivePinia(pinia)
  binding.RevealSecret.mockResolvedValue(SECRET)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
})

async function mountCell(profile = profileView({ name: 'demo', secret: 'stored' })) {
  useProfilesStore().profiles = [profile]
  wrapper = mountView(SecretCell, pinia, { profile })
  await flushPromises()
  return wrapper
}

async function click(id: string) {
  const el = byTestId(id)
  if (!el) throw new Error(`no ${id}`)
  el.click()
  await flushPromises()
}

const pageText = () => document.body.textContent ?? ''

/** Everything the page could have persisted or shared: storage and the Pinia state. */
function persisted(): string {
  const parts: string[] = [JSON.stringify(pinia.state.value)]
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) parts.push(store.key(i) ?? '', store.getItem(store.key(i) ?? '') ?? '')
  }
  return parts.join('\n')
}

describe('the secret of a profile', () => {
  it('is masked until revealed, and Go is not asked before the click', async () => {
    await mountCell()
    expect(byTestId('profile-secret-state-demo')?.dataset.state).toBe('stored')
    expect(byTestId('profile-secret-masked-demo')?.textContent).toBe('••••••••')
    expect(binding.RevealSecret).not.toHaveBeenCalled()
    expect(pageText()).not.toContain(SECRET)
  })

  it('shows the secret on Reveal and drops it on Hide', async () => {
    await mountCell()
    await click('profile-secret-reveal-demo')
    expect(binding.RevealSecret).toHaveBeenCalledWith('demo')
    expect(byTestId('profile-secret-value-demo')?.textContent).toBe(SECRET)
    expect(persisted()).not.toContain(SECRET)

    await click('profile-secret-hide-demo')
    expect(byTestId('profile-secret-value-demo')).toBeNull()
    expect(pageText()).not.toContain(SECRET)
    expect(byTestId('profile-secret-masked-demo')).not.toBeNull()
  })

  it('hides the secret by itself after 30 seconds', async () => {
    vi.useFakeTimers()
    await mountCell()
    await click('profile-secret-reveal-demo')
    expect(pageText()).toContain(SECRET)
    await vi.advanceTimersByTimeAsync(29_000)
    expect(pageText()).toContain(SECRET)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(pageText()).not.toContain(SECRET)
    expect(byTestId('profile-secret-reveal-demo')).not.toBeNull()
  })

  it('never writes the secret to localStorage, sessionStorage or a store', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    await mountCell()
    await click('profile-secret-reveal-demo')
    await click('profile-secret-copy-demo')
    expect(setItem.mock.calls.flat().join('\n')).not.toContain(SECRET)
    expect(persisted()).not.toContain(SECRET)
    setItem.mockRestore()
  })

  it('copies without showing it', async () => {
    const rt = await import('@/test/fakeRuntime')
    window.runtime = {}
    await mountCell()
    await click('profile-secret-copy-demo')
    expect(binding.RevealSecret).toHaveBeenCalledWith('demo')
    expect(rt.ClipboardSetText).toHaveBeenCalledWith(SECRET)
    expect(byTestId('profile-secret-value-demo')).toBeNull()
  })

  it('is gone from the page when the component unmounts', async () => {
    await mountCell()
    await click('profile-secret-reveal-demo')
    expect(pageText()).toContain(SECRET)
    wrapper!.unmount()
    wrapper = null
    expect(pageText()).not.toContain(SECRET)
  })

  it('sets a secret from an empty password field', async () => {
    binding.SetSecret.mockResolvedValue(profileView({ name: 'demo', secret: 'stored' }))
    await mountCell(profileView({ name: 'demo', secret: 'missing' }))
    expect(byTestId('profile-secret-reveal-demo')).toBeNull()
    await click('profile-secret-set-demo')
    const input = document.querySelector<HTMLInputElement>('[data-testid="secret-input"] input')!
    expect(input.type).toBe('password')
    expect(input.value).toBe('')
    input.value = 'new-secret'
    input.dispatchEvent(new Event('input'))
    await click('secret-save')
    expect(binding.SetSecret).toHaveBeenCalledWith('demo', 'new-secret')
    expect(useProfilesStore().byName('demo')?.secret).toBe('stored')
  })

  it('deletes the secret after confirmation', async () => {
    binding.DeleteSecret.mockResolvedValue(profileView({ name: 'demo', secret: 'missing' }))
    await mountCell()
    await click('profile-secret-delete-demo')
    expect(binding.DeleteSecret).not.toHaveBeenCalled()
    await click('confirm-ok')
    expect(binding.DeleteSecret).toHaveBeenCalledWith('demo')
    expect(useProfilesStore().byName('demo')?.secret).toBe('missing')
  })

  it('the sandbox has a built-in secret and no secret buttons', async () => {
    await mountCell(sandboxView())
    expect(byTestId('profile-secret-state-sandbox')?.dataset.state).toBe('builtin')
    expect(byTestId('profile-secret-state-sandbox')?.textContent).toContain('Built into the sandbox')
    expect(document.querySelector('[data-testid^="profile-secret-set-"]')).toBeNull()
    expect(document.querySelector('[data-testid^="profile-secret-reveal-"]')).toBeNull()
  })
})
