import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import { createAppRouter } from '@/router'
import * as rt from '@/test/fakeRuntime'
import { auditReport, diffResult, sandboxView, textExplanation, verdict } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView, waitForRoute } from '@/test/mountView'
import DiagnoseView from './DiagnoseView.vue'

const diagnose = vi.hoisted(() => ({ Compare: vi.fn(), Explain: vi.fn(), Forensics: vi.fn(), Audit: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let router: Router
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  installGo({ DiagnoseService: diagnose, ProfilesService: profiles, TicketsService: tickets })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  diagnose.Compare.mockResolvedValue(diffResult())
  diagnose.Explain.mockResolvedValue(textExplanation())
  diagnose.Forensics.mockResolvedValue(verdict())
  diagnose.Audit.mockResolvedValue(auditReport())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountDiagnose(path = '/diagnose', locale: 'en-US' | 'zh-CN' = 'en-US') {
  router = createAppRouter(createMemoryHistory())
  await router.push(path)
  wrapper = mountView(DiagnoseView, pinia, {}, locale, [router])
  await flushPromises()
  return wrapper
}

/** Past the tools' typing delay. */
async function settle() {
  await new Promise((r) => setTimeout(r, 350))
  await flushPromises()
}

function type(testid: string, value: string) {
  const el = byTestId(testid)!.querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input')!
  el.value = value
  el.dispatchEvent(new Event('input'))
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const runs = (testid: string, attr: 'differs' | 'ignored') =>
  [...(byTestId(testid)?.querySelectorAll(`[data-${attr}="true"]`) ?? [])].map((s) => s.textContent)

const SIGNED = 'https://h5.example.com/page/'
const PAGE = 'https://h5.example.com/page?from=singlemessage#/x'
const SIG = '0f9de62fce790f9a083d5c99e95740ceb90c27ed'

describe('the Diagnose area', () => {
  it('the URL diff compares as you type and highlights the differing runs', async () => {
    await mountDiagnose()
    expect(byTestId('diagnose-view')?.dataset.tool).toBe('diff')
    type('diagnose-diff-signed-input', SIGNED)
    type('diagnose-diff-page-input', PAGE)
    await settle()

    expect(diagnose.Compare).toHaveBeenCalledExactlyOnceWith(SIGNED, PAGE)
    expect(byTestId('diagnose-diff-result')?.dataset.match).toBe('false')
    expect(text('diagnose-diff-state')).toContain('No match')
    expect(text('diagnose-diff-state')).toContain('2 differences')
    expect(runs('diagnose-diff-signed', 'differs')).toEqual(['/'])
    expect(runs('diagnose-diff-page', 'differs')).toEqual(['?from=singlemessage'])
    expect(runs('diagnose-diff-page', 'ignored')).toEqual(['#/x'])
    expect(text('diagnose-diff-page-cut')).toBe('https://h5.example.com/page?from=singlemessage')
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid="diagnose-diff-findings-item"]')]
    expect(items.map((i) => i.dataset.code)).toEqual(['TRAILING_SLASH', 'QUERY_EXTRA'])
    expect(items[0]!.textContent).toContain('Trailing slash')
    expect(items[0]!.textContent).toContain('The signed path "/page/" ends with "/"')
    expect(items[1]!.textContent).toContain('Sign the URL the page reads at run time')
  })

  it('shows a match big and without findings', async () => {
    diagnose.Compare.mockResolvedValue(
      diffResult({ match: true, findings: [], signedSegments: [{ text: 'https://a.example/', differs: false }], pageSegments: [{ text: 'https://a.example/', differs: false }] }),
    )
    await mountDiagnose('/diagnose?tool=diff&signed=https://a.example/&page=https://a.example/')
    expect(byTestId('diagnose-diff-result')?.dataset.match).toBe('true')
    expect(text('diagnose-diff-state')).toContain('Match')
    expect(byTestId('diagnose-diff-findings')).toBeNull()
  })

  it('a forensics link is filled in and run; the verdict shows its explanation, ticket, age and sign string', async () => {
    const q = new URLSearchParams({ tool: 'forensics', profile: 'sandbox', page: PAGE, signature: SIG, timestamp: '1700000000', nonce: 'Wm3WZYTPz0wzccnW', failed: 'agent' })
    await mountDiagnose(`/diagnose?${q}`)

    expect(diagnose.Forensics).toHaveBeenCalledExactlyOnceWith('sandbox', {
      pageUrl: PAGE,
      signature: SIG,
      timestamp: '1700000000',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      failed: 'agent',
    })
    expect(byTestId('diagnose-view')?.dataset.tool).toBe('forensics')
    expect(byTestId<HTMLElement>('diagnose-forensics-signature')?.querySelector('input')?.value).toBe(SIG)
    expect(byTestId('diagnose-forensics-failed')?.dataset.value).toBe('agent')
    expect(byTestId('diagnose-verdict')?.dataset).toMatchObject({ code: 'WRONG_TICKET_KIND', kind: 'corp' })
    expect(text('diagnose-verdict-banner')).toContain('Signed with the wrong kind of ticket')
    expect(text('diagnose-verdict-explanation')).toContain('wx.agentConfig failed, and its signature was made with the current corp ticket')
    expect(text('diagnose-verdict-fix')).toContain('Sign getAgentConfigSignature with the app ticket')
    expect(text('diagnose-verdict-ticket')).toContain('co…rp')
    expect(text('diagnose-verdict-ticket-state')).toBe('current')
    expect(text('diagnose-verdict-ticket-age')).toContain('fetched 12 minutes ago')
    expect(text('diagnose-verdict-ticket-age')).toContain('expires in 1 hour')
    expect(text('diagnose-verdict-sign-string')).toBe(verdict().signStringMasked)
    expect(text('diagnose-verdict-expected-signature')).toBe('2f9de62fce790f9a083d5c99e95740ceb90c27ee')
    // Applied: the URL keeps only the tool.
    expect(router.currentRoute.value.query).toEqual({ tool: 'forensics' })
  })

  it('the verdict reads in Chinese under zh-CN', async () => {
    const q = new URLSearchParams({ tool: 'forensics', page: PAGE, signature: SIG, timestamp: '1700000000', nonce: 'n' })
    await mountDiagnose(`/diagnose?${q}`, 'zh-CN')
    expect(text('diagnose-verdict-banner')).toContain('ticket 种类用错了')
    expect(text('diagnose-verdict-explanation')).toContain('wx.agentConfig 失败了')
    expect(text('diagnose-verdict-ticket-age')).toContain('12分钟前获取')
  })

  it('a URL variant lists how the URL differs and opens it in the URL diff', async () => {
    const variant = verdict({
      code: 'URL_VARIANT',
      url: 'https://h5.example.com/page/',
      variantCode: 'TRAILING_SLASH',
      ticketIssue: 'STALE_TICKET',
      ticketCurrent: false,
      findings: diffResult().findings.slice(0, 1),
    })
    diagnose.Forensics.mockResolvedValue(variant)
    const q = new URLSearchParams({ tool: 'forensics', page: PAGE, signature: SIG, timestamp: '1700000000', nonce: 'n' })
    await mountDiagnose(`/diagnose?${q}`)
    expect(text('diagnose-verdict-banner')).toContain('Signed over another URL')
    expect(text('diagnose-verdict-issue')).toBe('also an earlier ticket')
    expect(text('diagnose-verdict-ticket-state')).toBe('earlier')
    expect(byTestId('diagnose-verdict-variant')?.dataset.variant).toBe('TRAILING_SLASH')
    expect(byTestId('diagnose-verdict-findings-item')?.dataset.code).toBe('TRAILING_SLASH')

    byTestId('diagnose-verdict-open-diff')!.click()
    await flushPromises()
    expect(byTestId('diagnose-view')?.dataset.tool).toBe('diff')
    expect(diagnose.Compare).toHaveBeenCalledWith('https://h5.example.com/page/', PAGE)
    expect(byTestId('diagnose-diff-result')).not.toBeNull()
  })

  it('bad forensics input shows the translated DIAGNOSE_INVALID and marks the field', async () => {
    diagnose.Forensics.mockRejectedValue('DIAGNOSE_INVALID: diagnose: signature: want 40 hexadecimal characters (a SHA-1), got "abc"')
    await mountDiagnose('/diagnose?tool=forensics')
    for (const [id, v] of [
      ['diagnose-forensics-page', PAGE],
      ['diagnose-forensics-signature', 'abc'],
      ['diagnose-forensics-timestamp', '1700000000'],
      ['diagnose-forensics-nonce', 'n'],
    ] as const) {
      type(id, v)
    }
    await flushPromises()
    byTestId('diagnose-forensics-run')!.click()
    await flushPromises()
    expect(byTestId('diagnose-forensics-error')?.dataset.code).toBe('DIAGNOSE_INVALID')
    expect(text('diagnose-forensics-error')).toContain('That input cannot be diagnosed')
    expect(text('diagnose-forensics-error')).toContain('want 40 hexadecimal characters')
    expect(byTestId('diagnose-forensics-signature')?.className).toContain('n-input--error-status')
    expect(byTestId('diagnose-forensics-timestamp')?.className).not.toContain('n-input--error-status')
    expect(byTestId('diagnose-verdict')).toBeNull()
  })

  it('the explainer explains as you type, and its tool button opens the forensics for the call that failed', async () => {
    await mountDiagnose('/diagnose?tool=explain')
    type('diagnose-explain-input', 'config:invalid signature')
    await settle()
    expect(diagnose.Explain).toHaveBeenCalledExactlyOnceWith('config:invalid signature')
    expect(byTestId('diagnose-explanation')?.dataset).toMatchObject({ matched: 'true', tool: 'forensics' })
    expect(text('diagnose-explanation-cause')).toContain("wx.config's signature is wrong (40093)")
    expect(text('diagnose-explanation-call')).toContain('config')
    expect(text('diagnose-explanation-open')).toContain('Open the signature forensics')

    byTestId('diagnose-explanation-open')!.click()
    await flushPromises()
    expect(byTestId('diagnose-view')?.dataset.tool).toBe('forensics')
    expect(byTestId('diagnose-forensics-failed')?.dataset.value).toBe('corp')
    expect(router.currentRoute.value.query).toEqual({ tool: 'forensics' })
  })

  it('an errcode shows WeCom\'s page, opened outside the app, and a button to the area that checks it', async () => {
    diagnose.Explain.mockResolvedValue(
      textExplanation({
        kind: 'errcode',
        call: '',
        code: 42001,
        cause: { 'zh-CN': 'access_token 已过期。', 'en-US': 'The access_token expired.' },
        tool: 'tickets',
        doc: 'https://open.work.weixin.qq.com/devtool/query?e=42001',
      }),
    )
    await mountDiagnose(`/diagnose?tool=explain&text=${encodeURIComponent('{"errcode":42001}')}`)
    expect(diagnose.Explain).toHaveBeenCalledExactlyOnceWith('{"errcode":42001}')
    expect(text('diagnose-explanation-code')).toBe('errcode 42001')
    window.runtime = {}
    byTestId('diagnose-explanation-doc')!.click()
    expect(rt.BrowserOpenURL).toHaveBeenCalledWith('https://open.work.weixin.qq.com/devtool/query?e=42001')

    expect(text('diagnose-explanation-open')).toContain('Open Tickets')
    byTestId('diagnose-explanation-open')!.click()
    // The area's view loads on first use (a lazy route): wait for the navigation.
    await waitForRoute(router, 'tickets')
  })

  it('an explanation whose tool is not in the app has no button', async () => {
    diagnose.Explain.mockResolvedValue(textExplanation({ kind: 'offline_verifying', tool: 'a-tool-of-a-later-version' }))
    await mountDiagnose('/diagnose?tool=explain&text=offline%20verifying')
    expect(byTestId('diagnose-explanation')).not.toBeNull()
    expect(byTestId('diagnose-explanation-open')).toBeNull()
  })

  it('an explanation that names the emulator leads to the Dev server area, where its switch is', async () => {
    diagnose.Explain.mockResolvedValue(textExplanation({ kind: 'offline_verifying', tool: 'emulator' }))
    await mountDiagnose('/diagnose?tool=explain&text=offline%20verifying')
    expect(text('diagnose-explanation-open')).toContain('Open the emulator')
    byTestId('diagnose-explanation-open')!.click()
    // The area's view loads on first use (a lazy route): wait for the navigation.
    await waitForRoute(router, 'devserver')
  })

  it('the audit runs for the profile and lists each check: a failing one with its evidence and fix', async () => {
    await mountDiagnose('/diagnose?tool=audit')
    type('diagnose-audit-endpoint', 'https://api.example.com/sign?url={url}')
    await flushPromises()
    byTestId('diagnose-audit-run')!.click()
    await flushPromises()

    expect(diagnose.Audit).toHaveBeenCalledExactlyOnceWith('sandbox', {
      endpoint: 'https://api.example.com/sign?url={url}',
      kind: 'corp',
      timestampField: 'timestamp',
      nonceField: 'nonceStr',
      signatureField: 'signature',
      pageBase: '',
    })
    expect(byTestId('diagnose-audit-report')?.dataset).toMatchObject({ passed: '2', failed: '1' })
    expect(text('diagnose-audit-summary')).toBe('2 passed, 1 failed')
    expect(text('diagnose-audit-warnings')).toBe('1 with a caveat')
    expect(text('diagnose-audit-skipped')).toBe('1 skipped')
    const checks = [...document.querySelectorAll<HTMLElement>('[data-testid="diagnose-audit-check"]')]
    expect(checks.map((c) => [c.dataset.code, c.dataset.state])).toEqual([
      ['HASH_CUT', 'fail'],
      ['TIMESTAMP_SECONDS', 'warn'],
      ['TICKET_KNOWN', 'skip'],
      ['ENDPOINT_REACHABLE', 'pass'],
    ])
    const [failing, caveat, skipped, passing] = checks
    expect(failing!.textContent).toContain('The #… is cut before signing')
    expect(failing!.textContent).toContain('Fail')
    expect(failing!.querySelector('[data-testid="diagnose-audit-evidence"]')?.textContent).toContain('signed "https://h5.example.com/audit/?a=1#/route"')
    expect(failing!.querySelector('[data-testid="diagnose-audit-fix"]')?.textContent).toContain('Cut everything from the first "#" before signing')
    expect(caveat!.querySelector('[data-testid="diagnose-audit-fix"]')?.textContent).toContain('Answer the timestamp as a string')
    const lines = [...passing!.querySelectorAll('[data-testid="diagnose-audit-evidence"] .mono')].map((l) => l.textContent)
    expect(lines).toEqual([
      '[slash] GET https://api.example.com/sign?url=https%3A%2F%2Fh5.example.com%2Faudit%2F → 200 with a JSON object',
      '[hash, share] GET … → 200 with a JSON object',
    ])
    expect(passing!.querySelector('[data-testid="diagnose-audit-fix"]')).toBeNull()
    expect(skipped!.querySelector('[data-testid="diagnose-audit-fix"]')).toBeNull()
    expect(document.querySelectorAll('[data-testid="diagnose-audit-call"]')).toHaveLength(1)
  })

  it('in Chinese, the audit shows the evidence Go wrote in Chinese', async () => {
    const report = auditReport()
    report.checks[0]!.evidenceZh = '[slash] GET https://api.example.com/sign → 200，回答是 JSON 对象'
    diagnose.Audit.mockResolvedValue(report)
    await mountDiagnose('/diagnose?tool=audit', 'zh-CN')
    type('diagnose-audit-endpoint', 'https://api.example.com/sign?url={url}')
    await flushPromises()
    byTestId('diagnose-audit-run')!.click()
    await flushPromises()

    const first = document.querySelector<HTMLElement>(`[data-testid="diagnose-audit-check"][data-code="${report.checks[0]!.code}"]`)!
    expect(first.querySelector('[data-testid="diagnose-audit-evidence"]')?.textContent).toContain('200，回答是 JSON 对象')
    expect(first.querySelector('[data-testid="diagnose-audit-evidence"]')?.textContent).not.toContain('with a JSON object')
  })

  it('the audit puts failures first and open, and shows a passing check as one line the user can open', async () => {
    await mountDiagnose('/diagnose?tool=audit')
    type('diagnose-audit-endpoint', 'https://api.example.com/sign?url={url}')
    await flushPromises()
    byTestId('diagnose-audit-run')!.click()
    await flushPromises()
    const check = (code: string) => document.querySelector<HTMLElement>(`[data-testid="diagnose-audit-check"][data-code="${code}"]`)!
    const shown = (el: Element | null) => !!el && (el as HTMLElement).style.display !== 'none'
    expect(document.querySelector<HTMLElement>('[data-testid="diagnose-audit-check"]')?.dataset.state).toBe('fail')
    expect(check('HASH_CUT').dataset.open).toBe('true')
    expect(shown(check('HASH_CUT').querySelector('[data-testid="diagnose-audit-evidence"]'))).toBe(true)
    expect(check('TIMESTAMP_SECONDS').dataset.open).toBe('true')
    const pass = check('ENDPOINT_REACHABLE')
    expect(pass.dataset.open).toBe('false')
    expect(shown(pass.querySelector('[data-testid="diagnose-audit-evidence"]'))).toBe(false)

    pass.querySelector<HTMLElement>('[data-testid="diagnose-audit-check-toggle"]')!.click()
    await flushPromises()
    expect(pass.dataset.open).toBe('true')
    expect(shown(pass.querySelector('[data-testid="diagnose-audit-evidence"]'))).toBe(true)
    check('HASH_CUT').querySelector<HTMLElement>('[data-testid="diagnose-audit-check-toggle"]')!.click()
    await flushPromises()
    expect(check('HASH_CUT').dataset.open).toBe('false')
  })

  it('an audit Go cannot run shows its error and no checklist', async () => {
    diagnose.Audit.mockRejectedValue('INTERNAL: audit: not built yet')
    await mountDiagnose('/diagnose?tool=audit')
    type('diagnose-audit-endpoint', 'https://api.example.com/sign?url={url}')
    await flushPromises()
    byTestId('diagnose-audit-run')!.click()
    await flushPromises()
    expect(byTestId('diagnose-audit-error')?.dataset.code).toBe('INTERNAL')
    expect(byTestId('diagnose-audit-report')).toBeNull()
  })

  it('an endpoint Go refuses marks the endpoint field', async () => {
    diagnose.Audit.mockRejectedValue('DIAGNOSE_INVALID: audit: endpoint: the template has no {url} placeholder; put {url} where the page URL goes')
    await mountDiagnose('/diagnose?tool=audit', 'zh-CN')
    type('diagnose-audit-endpoint', 'https://api.example.com/sign')
    await flushPromises()
    byTestId('diagnose-audit-run')!.click()
    await flushPromises()
    expect(text('diagnose-audit-error')).toContain('该输入无法诊断')
    expect(byTestId('diagnose-audit-endpoint')?.className).toContain('n-input--error-status')
  })

  it('the tabs follow the URL and the URL follows the tabs', async () => {
    await mountDiagnose('/diagnose?tool=explain')
    expect(byTestId('diagnose-explain')).not.toBeNull()
    byTestId('diagnose-tab-audit')!.click()
    await flushPromises()
    expect(byTestId('diagnose-audit')).not.toBeNull()
    expect(router.currentRoute.value.query).toEqual({ tool: 'audit' })
  })
})
