import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProbeReport } from '@/api/callbackProbe'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import CallbackProbe from './CallbackProbe.vue'

const binding = vi.hoisted(() => ({ Probe: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const t2 = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

function report(): ProbeReport {
  return {
    url: 'https://cb.example.com/wecom/callback',
    receiveId: 'ww0000000000000001',
    ok: false,
    console: t2('管理后台保存时会报 -30065', 'the admin console would refuse the URL with -30065'),
    checks: [
      { code: 'url', status: 'pass', title: t2('回调 URL', 'callback URL'), evidence: t2('https://cb.example.com', 'https://cb.example.com'), fix: t2('', '') },
      {
        code: 'get_answer',
        status: 'fail',
        cause: 'bom',
        title: t2('GET 的回答（明文 echostr）', 'GET answer (the plain echostr)'),
        evidence: t2('回答以 BOM（EF BB BF）开头', 'the answer starts with a BOM (EF BB BF)'),
        fix: t2('去掉 BOM', 'drop the BOM'),
        doc: 'https://developer.work.weixin.qq.com/document/path/90930',
      },
      {
        code: 'get_time',
        status: 'warn',
        cause: 'slowish',
        guess: true,
        title: t2('GET 的耗时', 'GET time'),
        evidence: t2('700 ms', '700 ms'),
        fix: t2('（推测）已超过时限的一半', '(a guess) past half the limit'),
      },
    ],
    requests: [
      { method: 'GET', url: 'https://cb.example.com/wecom/callback?echostr=x', receiveId: 'ww0000000000000001', status: 200, durationMs: 700, body: '"\\ufeff123"' },
    ],
  }
}

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ CallbackProbeService: binding })
  pinia = createPinia()
  setActivePinia(pinia)
  binding.Probe.mockReset()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function runProbe(locale: 'en-US' | 'zh-CN' = 'en-US') {
  wrapper = mountView(CallbackProbe, pinia, { profile: 'acme', defaultUrl: 'https://cb.example.com/wecom/callback', corpId: 'ww0000000000000001' }, locale)
  await flushPromises()
  byTestId<HTMLButtonElement>('callback-probe-run')!.click()
  await flushPromises()
}

describe('CallbackProbe', () => {
  it('probes the default URL with the profile and shows the failures first with their evidence and fix', async () => {
    binding.Probe.mockResolvedValue(report())
    await runProbe()
    expect(binding.Probe).toHaveBeenCalledWith('acme', 'https://cb.example.com/wecom/callback', '')
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="callback-probe-check"]')]
    expect(rows.map((r) => r.dataset.code)).toEqual(['get_answer', 'get_time', 'url'])
    expect(rows[0]!.dataset.cause).toBe('bom')
    expect(rows[0]!.dataset.open).toBe('true')
    expect(rows[2]!.dataset.open).toBe('false')
    expect(rows[0]!.textContent).toContain('the answer starts with a BOM')
    expect(rows[0]!.textContent).toContain('drop the BOM')
    expect(rows[1]!.textContent).toContain('guess')
    expect(byTestId('callback-probe-report')!.dataset.ok).toBe('false')
    expect(byTestId('callback-probe-console')!.textContent).toContain('-30065')
    expect(byTestId('callback-probe-console')!.textContent).toContain('1 check failed')
  })

  it('shows the Chinese side of Go’s texts in the Chinese UI', async () => {
    binding.Probe.mockResolvedValue(report())
    await runProbe('zh-CN')
    const first = document.querySelector<HTMLElement>('[data-testid="callback-probe-check"]')!
    expect(first.textContent).toContain('回答以 BOM（EF BB BF）开头')
    expect(first.textContent).toContain('失败')
    expect(byTestId('callback-probe-console')!.textContent).toContain('1 项检查失败')
  })

  it('says the profile has no callback keys instead of a corp-secret error', async () => {
    binding.Probe.mockRejectedValue('SECRET_MISSING: no callback keys for profile "acme"')
    await runProbe()
    expect(byTestId('callback-probe-no-keys')!.textContent).toContain('acme has no callback Token and EncodingAESKey')
    expect(byTestId('callback-probe-report')).toBeNull()
  })

  it('shows other errors in the error panel', async () => {
    binding.Probe.mockRejectedValue('URL_INVALID: the callback URL must be an absolute http:// or https:// URL')
    await runProbe()
    expect(byTestId('callback-probe-error')!.textContent).toMatch(/URL/)
    expect(byTestId('callback-probe-no-keys')).toBeNull()
  })
})
