import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { OAuthResult } from '@/api/oauth'
import { createAppRouter } from '@/router'
import { toolTarget } from '@/stores/diagnose'
import { sandboxView } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import DiagnoseView from '@/views/DiagnoseView.vue'

const diagnose = vi.hoisted(() => ({ Compare: vi.fn(), Explain: vi.fn(), Forensics: vi.fn(), Audit: vi.fn(), OAuthBuild: vi.fn(), OAuthCheck: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const URL_BUILT =
  'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww5a4db0c500000001&redirect_uri=https%3A%2F%2Fh5.example.com%2Flogin&response_type=code&scope=snsapi_privateinfo&state=s1&agentid=1000002#wechat_redirect'

const untrusted = {
  code: 'OAUTH_REDIRECT_UNTRUSTED',
  severity: 'error' as const,
  evidence: 'h5.example.com:8443',
  message: { 'zh-CN': 'redirect_uri 的域名 h5.example.com:8443 不是应用的可信域名', 'en-US': "redirect_uri's host h5.example.com:8443 is not one of the app's trusted domains" },
  fix: { 'zh-CN': '添加可信域名', 'en-US': 'Add the trusted domain' },
  signed: '',
  page: '',
}
const mismatch = {
  code: 'OAUTH_AGENTID_MISMATCH',
  severity: 'warn' as const,
  evidence: 'agentid=1000009',
  message: { 'zh-CN': 'agentid 属于另一个应用', 'en-US': "agentid is another app's" },
  fix: { 'zh-CN': '同一个应用', 'en-US': 'The same app' },
  signed: '',
  page: '',
}

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ DiagnoseService: diagnose, ProfilesService: profiles, TicketsService: tickets })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  diagnose.OAuthBuild.mockResolvedValue({ url: URL_BUILT, ok: true, findings: [] } satisfies OAuthResult)
  diagnose.OAuthCheck.mockResolvedValue({ url: '', ok: false, findings: [untrusted, mismatch] } satisfies OAuthResult)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountOAuth(locale: 'en-US' | 'zh-CN' = 'en-US') {
  const router = createAppRouter(createMemoryHistory())
  await router.push('/diagnose?tool=oauth')
  wrapper = mountView(DiagnoseView, pinia, {}, locale, [router])
  await flushPromises()
  return wrapper
}

function type(testid: string, value: string) {
  const el = byTestId(testid)!.querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input')!
  el.value = value
  el.dispatchEvent(new Event('input'))
}
const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
function click(testid: string) {
  ;(byTestId(testid) as HTMLElement).click()
}
async function submit(testid: string) {
  byTestId(testid)!.closest('form')!.dispatchEvent(new Event('submit'))
  await flushPromises()
}

describe('Diagnose → OAuth', () => {
  it('opens from ?tool=oauth with its own tab label', async () => {
    await mountOAuth()
    expect(byTestId('diagnose-view')?.dataset.tool).toBe('oauth')
    expect(text('diagnose-tab-oauth')).toBe('OAuth')
    expect(byTestId('diagnose-oauth')).not.toBeNull()
  })

  it('builds the profile URL from the redirect, the scope and the state, with a copy button', async () => {
    await mountOAuth()
    expect((byTestId('diagnose-oauth-build') as HTMLButtonElement).disabled).toBe(true)
    type('diagnose-oauth-redirect', ' https://h5.example.com/login ')
    type('diagnose-oauth-state', 's1')
    click('diagnose-oauth-scope-snsapi_privateinfo')
    await flushPromises()
    await submit('diagnose-oauth-build')

    expect(diagnose.OAuthBuild).toHaveBeenCalledExactlyOnceWith('sandbox', { redirect: 'https://h5.example.com/login', scope: 'snsapi_privateinfo', state: 's1' })
    expect(text('diagnose-oauth-url')).toBe(URL_BUILT)
    expect(byTestId('diagnose-oauth-url-copy')).not.toBeNull()
    expect(byTestId('diagnose-oauth-built')?.dataset.ok).toBe('true')
    expect(text('diagnose-oauth-built')).toContain("The URL follows WeCom's rules")
  })

  it('checks a pasted URL and shows each finding with its severity, the part of the URL and the fix', async () => {
    await mountOAuth()
    type('diagnose-oauth-paste', ' https://open.weixin.qq.com/connect/oauth2/authorize?x ')
    await flushPromises()
    await submit('diagnose-oauth-check')

    expect(diagnose.OAuthCheck).toHaveBeenCalledExactlyOnceWith('sandbox', 'https://open.weixin.qq.com/connect/oauth2/authorize?x')
    expect(byTestId('diagnose-oauth-checked')?.dataset.ok).toBe('false')
    expect(text('diagnose-oauth-checked')).toContain('1 error: the login will not work')
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="diagnose-oauth-findings-item"]')]
    expect(items.map((i) => [i.dataset.code, i.dataset.severity])).toEqual([
      ['OAUTH_REDIRECT_UNTRUSTED', 'error'],
      ['OAUTH_AGENTID_MISMATCH', 'warn'],
    ])
    expect(items[0].textContent).toContain('redirect_uri off the trusted domains')
    expect(items[0].querySelector('[data-testid="finding-evidence"]')?.textContent).toBe('h5.example.com:8443')
    expect(items[1].textContent).toContain('warning')
  })

  it('speaks Chinese when the UI does', async () => {
    await mountOAuth('zh-CN')
    type('diagnose-oauth-paste', 'https://x')
    await flushPromises()
    await submit('diagnose-oauth-check')
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="diagnose-oauth-findings-item"]')]
    expect(items[0].textContent).toContain('redirect_uri 不在可信域名上')
    expect(items[0].textContent).toContain('错误')
    expect(items[1].textContent).toContain('警告')
    expect(text('diagnose-oauth-checked')).toContain('1 处错误')
  })

  it('the explainer sends its OAuth answers to this tab', () => {
    expect(toolTarget('oauth')).toEqual({ tab: 'oauth' })
  })
})
