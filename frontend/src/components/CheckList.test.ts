import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h, nextTick, ref, defineComponent } from 'vue'
import type { Locale } from '@/i18n/locale'
import { byTestId, mountView } from '@/test/mountView'
import { sortChecks, type CheckItem } from '@/utils/checks'
import CheckList from './CheckList.vue'

vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const t2 = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const check = (code: string, status: CheckItem['status'], more: Partial<CheckItem> = {}): CheckItem => ({
  code,
  status,
  title: t2(`${code} 标题`, `${code} title`),
  evidence: t2(`${code} 证据`, `${code} evidence`),
  fix: t2(`${code} 修正`, `${code} fix`),
  ...more,
})
const CHECKS = [
  check('a_pass', 'pass'),
  check('b_skip', 'skip'),
  check('c_fail', 'fail', { cause: 'bom', doc: 'https://developer.work.weixin.qq.com/document/path/90930' }),
  check('d_warn', 'warn'),
  check('e_fail', 'fail'),
]

let wrapper: ReturnType<typeof mountView> | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

/** Mounts the list with the probe's texts; `checks` can be swapped for a new report. */
function mountList(props: Record<string, unknown> = {}, locale: Locale = 'en-US') {
  const checks = ref<CheckItem[]>(CHECKS)
  const Host = defineComponent({
    setup: () => () =>
      h(CheckList, { checks: checks.value, testid: 'cl', texts: 'callbackProbe', ...props }, {
        'title-end': ({ check: c }: { check: CheckItem }) => h('code', { class: 'extra' }, c.code),
      }),
  })
  wrapper = mountView(Host, createPinia(), {}, locale)
  return checks
}
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="cl-check"]')]
const row = (code: string) => document.querySelector<HTMLElement>(`[data-testid="cl-check"][data-code="${code}"]`)!
const shown = (el: Element | null) => !!el && (el as HTMLElement).style.display !== 'none'

describe('CheckList', () => {
  it('puts failures first, then caveats, then skipped, then passes, keeping Go’s order within each', async () => {
    mountList()
    await flushPromises()
    expect(rows().map((r) => r.dataset.code)).toEqual(['c_fail', 'e_fail', 'd_warn', 'b_skip', 'a_pass'])
    expect(sortChecks(CHECKS).map((c) => c.code)).toEqual(['c_fail', 'e_fail', 'd_warn', 'b_skip', 'a_pass'])
  })

  it('opens failures and caveats and shows a pass or a skip as one line until its title is clicked', async () => {
    mountList()
    await flushPromises()
    expect(rows().map((r) => r.dataset.open)).toEqual(['true', 'true', 'true', 'false', 'false'])
    expect(shown(row('c_fail').querySelector('[data-testid="cl-evidence"]'))).toBe(true)
    expect(shown(row('a_pass').querySelector('[data-testid="cl-evidence"]'))).toBe(false)
    row('a_pass').querySelector<HTMLElement>('[data-testid="cl-check-toggle"]')!.click()
    row('c_fail').querySelector<HTMLElement>('[data-testid="cl-check-toggle"]')!.click()
    await nextTick()
    expect(row('a_pass').dataset.open).toBe('true')
    expect(shown(row('a_pass').querySelector('[data-testid="cl-evidence"]'))).toBe(true)
    expect(row('c_fail').dataset.open).toBe('false')
    expect(row('c_fail').classList.contains('check--closed')).toBe(true)
  })

  it('closes what the user opened when a new report comes', async () => {
    const checks = mountList()
    await flushPromises()
    row('a_pass').querySelector<HTMLElement>('[data-testid="cl-check-toggle"]')!.click()
    await nextTick()
    expect(row('a_pass').dataset.open).toBe('true')
    checks.value = CHECKS.map((c) => ({ ...c }))
    await flushPromises()
    expect(row('a_pass').dataset.open).toBe('false')
  })

  it('shows the fix only for the states asked for, the cause as data-cause, the doc on a row that did not pass, and the slot in the title', async () => {
    mountList({ fixWhen: ['fail'] })
    await flushPromises()
    expect(row('c_fail').querySelector('[data-testid="cl-fix"]')?.textContent).toContain('Fix: c_fail fix')
    expect(row('d_warn').querySelector('[data-testid="cl-fix"]')).toBeNull()
    expect(row('c_fail').dataset.cause).toBe('bom')
    expect(row('e_fail').dataset.cause).toBeUndefined()
    expect(row('c_fail').querySelector('a.doc')?.textContent).toBe("WeCom's doc")
    expect(row('e_fail').querySelector('a.doc')).toBeNull()
    expect(row('c_fail').querySelector('[data-testid="cl-check-toggle"] .extra')?.textContent).toBe('c_fail')
  })

  it('splits the evidence into the lines the view asks for', async () => {
    mountList({ evidenceLines: (e: string) => e.split(' ') })
    await flushPromises()
    expect([...row('c_fail').querySelectorAll('[data-testid="cl-evidence"] .mono')].map((l) => l.textContent)).toEqual(['c_fail', 'evidence'])
  })

  it('reads the Chinese side of each text and the states of its texts prefix in the Chinese UI', async () => {
    mountList({}, 'zh-CN')
    await flushPromises()
    expect(row('c_fail').textContent).toContain('c_fail 标题')
    expect(row('c_fail').textContent).toContain('失败')
    expect(byTestId('cl-evidence')?.textContent).toContain('证据')
  })
})
