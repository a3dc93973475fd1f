import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { profileView, sandboxView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import ProfilesView from './ProfilesView.vue'

const binding = vi.hoisted(() => ({
  List: vi.fn(),
  Save: vi.fn(),
  Remove: vi.fn(),
  SetSecret: vi.fn(),
  DeleteSecret: vi.fn(),
  RevealSecret: vi.fn(),
  Keychain: vi.fn(),
  ResetSandbox: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ ProfilesService: binding })
  pinia = createPinia()
  setActivePinia(pinia)
  binding.List.mockResolvedValue([sandboxView(), profileView({ name: 'prod', secret: 'stored' })])
  binding.Keychain.mockResolvedValue({ available: true, error: '' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountProfiles() {
  wrapper = mountView(ProfilesView, pinia)
  await flushPromises()
}

async function click(id: string) {
  byTestId(id)!.click()
  await flushPromises()
}

function type(id: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${id}"] input`)!
  input.value = value
  input.dispatchEvent(new Event('input'))
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

describe('the Profiles area', () => {
  it('lists the profiles, explains the sandbox and offers no removal for it', async () => {
    await mountProfiles()
    expect(byTestId('profile-row-sandbox')).not.toBeNull()
    expect(text('sandbox-tag')).toBe('Sandbox')
    expect(text('sandbox-explain')).toContain('without a WeCom account')
    expect(byTestId('profile-remove-sandbox')).toBeNull()
    expect(byTestId('profile-remove-prod')).not.toBeNull()
    expect(text('profile-api-base-sandbox')).toBe('http://127.0.0.1:41234')
    expect(byTestId('keychain-status')?.dataset.available).toBe('true')
  })

  it('shows the corp ID, AgentId and API base URL as tokens: never broken inside, the whole value in the title', async () => {
    await mountProfiles()
    for (const what of ['corp-id', 'agent-id', 'api-base']) {
      const el = byTestId(`profile-${what}-sandbox`)!
      expect(el.classList.contains('wd-token')).toBe(true)
      expect(el.getAttribute('title')).toBe(el.textContent?.trim())
    }
    expect(byTestId('profiles-table')?.closest('.wd-table-wrap')).not.toBeNull()
  })

  it('shows the keychain error with the fix Go gives', async () => {
    binding.Keychain.mockResolvedValue({ available: false, error: 'KEYCHAIN_UNAVAILABLE: no Secret Service answered; unlock gnome-keyring' })
    await mountProfiles()
    expect(byTestId('keychain-status')?.dataset.available).toBe('false')
    expect(text('keychain-error')).toBe('no Secret Service answered; unlock gnome-keyring')
  })

  it('checks the form before asking Go, then adds the profile', async () => {
    binding.Save.mockImplementation(async (input: { name: string }) => profileView({ ...input, secret: 'missing' }))
    await mountProfiles()
    await click('profile-add')
    type('profile-name', 'bad name!')
    type('profile-agent-id', '-3')
    type('profile-api-base', 'ftp://x')
    await click('profile-save')
    expect(binding.Save).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('Use 1–64 letters')
    expect(document.body.textContent).toContain('The corp ID is letters and digits only')
    expect(document.body.textContent).toContain('positive whole number')
    expect(document.body.textContent).toContain('starts with https://; plain http:// only for a loopback host')

    type('profile-name', 'e2e-demo')
    type('profile-corp-id', 'ww5andb0x0000001')
    type('profile-agent-id', '1000002')
    type('profile-api-base', 'http://127.0.0.1:41234/')
    await click('profile-save')
    expect(binding.Save).toHaveBeenCalledWith({
      originalName: '',
      name: 'e2e-demo',
      corpId: 'ww5andb0x0000001',
      agentId: 1000002,
      apiBase: 'http://127.0.0.1:41234',
      trustedDomains: [],
    })
    expect(byTestId('profile-row-e2e-demo')).not.toBeNull()
  })

  it('shows Go\'s refusal in the form', async () => {
    binding.Save.mockRejectedValue('PROFILE_EXISTS: profile "prod" exists')
    await mountProfiles()
    await click('profile-add')
    type('profile-name', 'prod')
    type('profile-corp-id', 'ww1')
    type('profile-agent-id', '1')
    await click('profile-save')
    expect(text('profile-form-error')).toContain('A profile of that name already exists.')
  })

  it('edits the sandbox: only the trusted domains are editable', async () => {
    await mountProfiles()
    await click('profile-edit-sandbox')
    const disabled = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"] input`)!.disabled
    expect(disabled('profile-name')).toBe(true)
    expect(disabled('profile-corp-id')).toBe(true)
    expect(disabled('profile-agent-id')).toBe(true)
    expect(disabled('profile-api-base')).toBe(true)
  })

  it('removes a profile after a confirmation that mentions the keychain', async () => {
    binding.Remove.mockResolvedValue(undefined)
    await mountProfiles()
    await click('profile-remove-prod')
    expect(document.body.textContent).toContain('secret and its cached tickets are deleted from the keychain')
    expect(binding.Remove).not.toHaveBeenCalled()
    await click('confirm-ok')
    expect(binding.Remove).toHaveBeenCalledWith('prod')
    expect(byTestId('profile-row-prod')).toBeNull()
  })

  it('resets the sandbox only after a confirmation that says what is lost', async () => {
    binding.ResetSandbox.mockResolvedValue(undefined)
    await mountProfiles()
    expect(byTestId('sandbox-reset')).not.toBeNull()
    await click('sandbox-reset')
    expect(document.body.textContent).toContain('join ways, groups made since and edited remarks are lost')
    expect(binding.ResetSandbox).not.toHaveBeenCalled()
    await click('confirm-ok')
    expect(binding.ResetSandbox).toHaveBeenCalledTimes(1)
    expect(document.body.textContent).toContain('The sandbox starts over from its demo data')
  })

  it('offers the reset only on the sandbox row', async () => {
    await mountProfiles()
    expect(document.querySelectorAll('[data-testid="sandbox-reset"]').length).toBe(1)
    expect(byTestId('profile-row-sandbox')!.querySelector('[data-testid="sandbox-reset"]')).not.toBeNull()
  })
})
