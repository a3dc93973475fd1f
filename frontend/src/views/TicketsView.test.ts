import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { fetchedStatus, sandboxView, ticketStatus } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { byTestId, mountView } from '@/test/mountView'
import TicketsView from './TicketsView.vue'

const tickets = vi.hoisted(() => ({ Status: vi.fn(), Fetch: vi.fn(), Refresh: vi.fn(), Explain: vi.fn() }))
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const explanation = {
  code: 60020,
  cause: { 'zh-CN': '调用方 IP 不在企业可信IP中。', 'en-US': 'The caller IP is not a trusted IP.' },
  fix: { 'zh-CN': '把 IP 加入企业可信IP。', 'en-US': 'Add the IP to the trusted IPs.' },
  doc: 'https://developer.work.weixin.qq.com/document/path/90313',
}

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  bus.reset()
  installGo({ TicketsService: tickets, ProfilesService: profiles })
  pinia = createPinia()
  setActivePinia(pinia)
  profiles.List.mockResolvedValue([sandboxView()])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  tickets.Status.mockImplementation(async (p: string) => ticketStatus(p))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
})

async function mountTickets(locale: 'en-US' | 'zh-CN' = 'en-US') {
  wrapper = mountView(TicketsView, pinia, {}, locale)
  await flushPromises()
  return wrapper
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''

describe('the Tickets area', () => {
  it('shows three empty credentials before anything is fetched', async () => {
    await mountTickets()
    expect(tickets.Status).toHaveBeenCalledWith('sandbox')
    for (const kind of ['token', 'corp', 'agent']) expect(byTestId(`cred-${kind}-state`)?.dataset.state).toBe('none')
  })

  it('Fetch shows masked values, the budget, and a countdown that ticks every second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(1_700_000_000_000)
    tickets.Fetch.mockResolvedValue(fetchedStatus('sandbox', Date.now()))
    await mountTickets()
    byTestId('tickets-fetch')!.click()
    await flushPromises()
    expect(text('cred-corp-masked')).toBe('co…rp')
    expect(text('cred-corp-ttl')).toBe('2:00:00')
    expect(byTestId('budget-corp')?.dataset.used).toBe('1')
    expect(text('budget-corp')).toBe('corp 1/400')
    expect(text('budget-app')).toBe('app 1/100')

    await vi.advanceTimersByTimeAsync(2000)
    expect(text('cred-corp-ttl')).toBe('1:59:58')
    expect(text('cred-agent-ttl')).toBe('1:59:58')
  })

  it('lists the tickets just fetched under Recent tickets, though Go keeps only replaced ones in history', async () => {
    const now = Date.now()
    // Go's status right after the first fetch: the current credentials, no earlier ones.
    tickets.Fetch.mockResolvedValue({ ...fetchedStatus('sandbox', now), history: [] })
    await mountTickets()
    expect(byTestId('history-row')).toBeNull()
    byTestId('tickets-fetch')!.click()
    await flushPromises()
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="history-row"]')]
    expect(rows.map((r) => [r.dataset.kind, r.dataset.current])).toEqual([
      ['token', 'true'],
      ['corp', 'true'],
      ['agent', 'true'],
    ])
    expect(rows[1]!.textContent).toContain('co…rp')
    expect(rows[1]!.textContent).toContain('in use')
    expect(byTestId('tickets-history')?.textContent).not.toContain('No tickets fetched yet.')
  })

  it('puts a replaced ticket under the current one, newest first, without listing a ticket twice', async () => {
    const now = Date.now()
    const status = fetchedStatus('sandbox', now)
    status.history = [
      { kind: 'corp', masked: 'co…rp', fetchedAt: now, expiresAt: now + 7_200_000 },
      { kind: 'corp', masked: 'ol…dd', fetchedAt: now - 3_600_000, expiresAt: now + 3_600_000 },
    ]
    tickets.Status.mockResolvedValue(status)
    await mountTickets()
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="history-row"]')]
    expect(rows.map((r) => [r.dataset.kind, r.dataset.current])).toEqual([
      ['token', 'true'],
      ['corp', 'true'],
      ['agent', 'true'],
      ['corp', 'false'],
    ])
    expect(rows[3]!.textContent).toContain('ol…dd')
  })

  it('colours the time left amber under 10 minutes and red under 2', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(1_700_000_000_000)
    const now = Date.now()
    const status = fetchedStatus('sandbox', now)
    status.credentials = status.credentials.map((c) =>
      c.kind === 'corp' ? { ...c, expiresAt: now + 10 * 60_000 + 1000 } : c.kind === 'agent' ? { ...c, expiresAt: now + 2 * 60_000 + 1000 } : c,
    )
    tickets.Status.mockResolvedValue(status)
    await mountTickets()
    const level = (kind: string) => byTestId(`cred-${kind}-ttl`)?.dataset.level
    expect([level('token'), level('corp'), level('agent')]).toEqual(['ok', 'ok', 'warn'])
    await vi.advanceTimersByTimeAsync(2000)
    expect([level('token'), level('corp'), level('agent')]).toEqual(['ok', 'warn', 'danger'])
    expect(byTestId('cred-corp-ttl')?.classList.contains('ttl--warn')).toBe(true)
    expect(byTestId('cred-agent-ttl')?.classList.contains('ttl--danger')).toBe(true)
  })

  it('uses one interval for the view and clears it on unmount', async () => {
    const set = vi.spyOn(globalThis, 'setInterval')
    const clear = vi.spyOn(globalThis, 'clearInterval')
    await mountTickets()
    const mine = set.mock.calls.filter((c) => c[1] === 1000)
    expect(mine).toHaveLength(1)
    const id = set.mock.results[set.mock.calls.indexOf(mine[0]!)]!.value
    wrapper!.unmount()
    wrapper = null
    expect(clear).toHaveBeenCalledWith(id)
  })

  it('colours the budget when Go says it is close to the limit', async () => {
    tickets.Status.mockResolvedValue(
      ticketStatus('sandbox', { budget: { corp: { used: 330, limit: 400, warn: true }, app: { used: 3, limit: 100, warn: false } } }),
    )
    await mountTickets()
    expect(byTestId('budget-corp')?.dataset.warn).toBe('true')
    expect(byTestId('budget-corp')?.classList.contains('budget--warn')).toBe(true)
    expect(byTestId('budget-app')?.classList.contains('budget--warn')).toBe(false)
    expect(byTestId('budget-app')?.dataset.warn).toBe('false')
  })

  it('asks before a refresh that spends budget, showing the numbers, then confirms', async () => {
    tickets.Status.mockResolvedValue(
      ticketStatus('sandbox', { budget: { corp: { used: 330, limit: 400, warn: true }, app: { used: 85, limit: 100, warn: true } } }),
    )
    tickets.Refresh.mockRejectedValueOnce('BUDGET_CONFIRM: 330 of 400 used')
    tickets.Refresh.mockResolvedValueOnce(fetchedStatus('sandbox'))
    await mountTickets()
    byTestId('cred-corp-refresh')!.click()
    await flushPromises()
    expect(document.body.textContent).toContain('corp 330/400, app 85/100')
    expect(tickets.Refresh).toHaveBeenCalledTimes(1)
    byTestId('confirm-ok')!.click()
    await flushPromises()
    expect(tickets.Refresh.mock.calls).toEqual([
      ['sandbox', 'corp', false],
      ['sandbox', 'corp', true],
    ])
    expect(text('cred-corp-masked')).toBe('co…rp')
  })

  it('shows the last error with its cause and fix in the UI language and the doc link', async () => {
    tickets.Status.mockResolvedValue(
      ticketStatus('sandbox', {
        lastError: { kind: 'token', code: 'WECOM_60020', wecomCode: 60020, message: 'not allow to access from your ip, from ip: 1.2.3.4', at: 1_700_000_000_000, retryAt: 0, explanation },
      }),
    )
    await mountTickets('zh-CN')
    expect(text('tickets-last-error')).toContain('from ip: 1.2.3.4')
    expect(text('error-cause')).toBe('调用方 IP 不在企业可信IP中。')
    expect(text('error-fix')).toBe('把 IP 加入企业可信IP。')
    expect(byTestId('error-doc')?.getAttribute('href')).toBe(explanation.doc)
    expect(tickets.Explain).not.toHaveBeenCalled()
  })

  it('explains a WECOM_<n> rejection through Explain', async () => {
    tickets.Fetch.mockRejectedValue('WECOM_60020: not allow to access from your ip, from ip: 1.2.3.4')
    tickets.Explain.mockResolvedValue(explanation)
    await mountTickets()
    byTestId('tickets-fetch')!.click()
    await flushPromises()
    expect(tickets.Explain).toHaveBeenCalledWith(60020)
    expect(text('tickets-error')).toContain('from ip: 1.2.3.4')
    expect(text('error-cause')).toBe('The caller IP is not a trusted IP.')
  })

  it('applies tickets:changed for the shown profile only', async () => {
    await mountTickets()
    bus.emit(Events.ticketsChanged, fetchedStatus('other'))
    await flushPromises()
    expect(text('cred-token-masked')).not.toBe('at…ok')
    bus.emit(Events.ticketsChanged, fetchedStatus('sandbox'))
    await flushPromises()
    expect(text('cred-token-masked')).toBe('at…ok')
  })
})
