import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { breakdown, sandboxView, signResult } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import SignView from './SignView.vue'

const signing = vi.hoisted(() => ({ Sign: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const explaining = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ SignService: signing, ProfilesService: profiles, TicketsService: explaining })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function signWithEnter(url: string, locale: 'en-US' | 'zh-CN' = 'en-US') {
  wrapper = mountView(SignView, pinia, {}, locale)
  await flushPromises()
  const input = document.querySelector<HTMLInputElement>('[data-testid="sign-url"] input')!
  input.value = url
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
  await flushPromises()
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

describe('the Signature area', () => {
  it('Enter signs; both kinds show signature, signed URL, masked sign string and the snippet', async () => {
    signing.Sign.mockResolvedValue(signResult())
    await signWithEnter('https://example.com/page?a=1#frag')
    expect(signing.Sign).toHaveBeenCalledExactlyOnceWith('sandbox', 'https://example.com/page?a=1#frag')
    for (const kind of ['corp', 'agent']) {
      expect(text(`sign-${kind}-signature`)).toMatch(/^[0-9a-f]{40}$/)
      expect(text(`sign-${kind}-signed-url`)).toBe('https://example.com/page?a=1')
      expect(text(`sign-${kind}-sign-string`)).toContain('jsapi_ticket=')
      expect(byTestId(`sign-${kind}-warnings`)?.querySelector('[data-code="URL_HAS_HASH"]')).not.toBeNull()
    }
    expect(text('sign-register')).toContain('ww.register(')
    // code keeps its lines and scrolls sideways; values are tokens that never break inside
    expect(byTestId('sign-register')?.classList.contains('wd-codeblock')).toBe(true)
    expect(byTestId('sign-corp-nonce')?.classList.contains('wd-token')).toBe(true)
    expect(byTestId('sign-corp-signature')?.classList.contains('wd-token')).toBe(true)
  })

  it('shows the sign string in its four parts, each with its own mark, and copies it whole', async () => {
    signing.Sign.mockResolvedValue(signResult())
    await signWithEnter('https://example.com/page?a=1#frag')
    const whole = 'jsapi_ticket=co…rp&noncestr=Wm3WZYTPz0wzccnW&timestamp=1700000000&url=https://example.com/page?a=1'
    expect(text('sign-corp-sign-string')).toBe(whole)
    const parts = ['jsapi_ticket', 'noncestr', 'timestamp', 'url'].map((k) => byTestId(`sign-corp-sign-string-${k}`))
    expect(parts.map((p) => p?.textContent)).toEqual([
      'jsapi_ticket=co…rp',
      'noncestr=Wm3WZYTPz0wzccnW',
      'timestamp=1700000000',
      'url=https://example.com/page?a=1',
    ])
    expect(new Set(parts.map((p) => p?.className)).size).toBe(4)
    expect(parts[0]?.getAttribute('title')).toBe('ticket (masked)')
    expect(byTestId('sign-corp-sign-string')?.classList.contains('wd-codeblock')).toBe(true)
  })

  it('translates warnings by code, and shows Go\'s detail for a code it does not know', async () => {
    signing.Sign.mockResolvedValue(
      signResult({
        config: breakdown('corp', { warnings: [{ code: 'URL_LOCALHOST', detail: 'host "localhost" is loopback' }] }),
        agent: breakdown('agent', { warnings: [{ code: 'SOMETHING_NEW', detail: 'a brand new finding' }] }),
      }),
    )
    await signWithEnter('http://localhost/x', 'zh-CN')
    expect(text('warning-URL_LOCALHOST')).toContain('主机是本机回环地址')
    expect(text('warning-SOMETHING_NEW')).toContain('a brand new finding')
  })

  it('in Chinese, shows the detail Go wrote in Chinese', async () => {
    signing.Sign.mockResolvedValue(
      signResult({
        config: breakdown('corp', { warnings: [{ code: 'URL_HAS_HASH', detail: 'the fragment "#x" is not signed: it was cut', detailZh: '片段 "#x" 不参与签名，已被截掉' }] }),
        agent: breakdown('agent', { warnings: [{ code: 'SOMETHING_NEW', detail: 'a brand new finding', detailZh: '一个新的发现' }] }),
      }),
    )
    await signWithEnter('https://example.com/p#x', 'zh-CN')
    expect(text('warning-URL_HAS_HASH')).toContain('片段 "#x" 不参与签名，已被截掉')
    expect(text('warning-URL_HAS_HASH')).not.toContain('is not signed')
    expect(text('warning-SOMETHING_NEW')).toContain('一个新的发现')
  })

  it('shows a translated error when Go refuses', async () => {
    signing.Sign.mockRejectedValue('URL_INVALID: the URL is empty')
    await signWithEnter('')
    expect(byTestId('sign-error')?.dataset.code).toBe('URL_INVALID')
    expect(text('sign-error')).toContain('That URL cannot be signed.')
    expect(byTestId('sign-result')).toBeNull()
  })
})
