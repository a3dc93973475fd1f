import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { credential, fetchedStatus, ticketStatus } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { formatTTL } from '@/utils/time'
import { countdown, liveState, ttlMs, useTicketsStore, wecomCode } from './tickets'

const binding = vi.hoisted(() => ({
  Status: vi.fn(),
  Fetch: vi.fn(),
  Refresh: vi.fn(),
  Explain: vi.fn(),
}))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

beforeEach(() => {
  bus.reset()
  installGo({ TicketsService: binding })
  setActivePinia(createPinia())
})

describe('tickets store', () => {
  it('starts on the sandbox profile and loads its status without fetching', async () => {
    binding.Status.mockResolvedValue(ticketStatus('sandbox'))
    const s = useTicketsStore()
    expect(s.profile).toBe('sandbox')
    await s.load()
    expect(binding.Status).toHaveBeenCalledWith('sandbox')
    expect(binding.Fetch).not.toHaveBeenCalled()
    expect(s.status?.credentials.map((c) => c.state)).toEqual(['none', 'none', 'none'])
  })

  it('fetch applies the status Go returns', async () => {
    binding.Fetch.mockResolvedValue(fetchedStatus('sandbox'))
    const s = useTicketsStore()
    await s.fetch()
    expect(binding.Fetch).toHaveBeenCalledWith('sandbox')
    expect(s.status?.credentials.map((c) => c.masked)).toEqual(['at…ok', 'co…rp', 'ag…nt'])
    expect(s.status?.budget.corp.used).toBe(1)
    expect(s.busy).toBeNull()
  })

  it('a failed fetch keeps the last status and surfaces the AppError', async () => {
    binding.Fetch.mockResolvedValueOnce(fetchedStatus('sandbox'))
    const s = useTicketsStore()
    await s.fetch()
    binding.Fetch.mockRejectedValueOnce('WECOM_60020: not allow to access from your ip, from ip: 1.2.3.4')
    const err = await s.fetch().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(s.lastError).toMatchObject({ code: 'WECOM_60020' })
    expect(s.status?.credentials[0]?.masked).toBe('at…ok')
  })

  it('remembers the chosen profile and loads its status', async () => {
    binding.Status.mockImplementation(async (p: string) => ticketStatus(p))
    const s = useTicketsStore()
    await s.select('prod')
    expect(s.profile).toBe('prod')
    expect(binding.Status).toHaveBeenCalledWith('prod')
    expect(s.status?.profile).toBe('prod')
  })

  it('ignores an answer for a profile the user has left meanwhile', async () => {
    let answer: (v: unknown) => void = () => {}
    binding.Fetch.mockReturnValue(new Promise((r) => (answer = r)))
    binding.Status.mockImplementation(async (p: string) => ticketStatus(p))
    const s = useTicketsStore()
    const fetching = s.fetch()
    await s.select('other')
    answer(fetchedStatus('sandbox'))
    await fetching
    expect(s.status?.profile).toBe('other')
  })

  describe('force refresh', () => {
    it('refreshes without asking when Go accepts', async () => {
      binding.Refresh.mockResolvedValue(fetchedStatus('sandbox'))
      const confirm = vi.fn()
      const s = useTicketsStore()
      await expect(s.refresh('corp', confirm)).resolves.toBe(true)
      expect(binding.Refresh).toHaveBeenCalledExactlyOnceWith('sandbox', 'corp', false)
      expect(confirm).not.toHaveBeenCalled()
    })

    it('on BUDGET_CONFIRM asks and, when agreed, calls again with confirm=true', async () => {
      binding.Refresh.mockRejectedValueOnce('BUDGET_CONFIRM: 330 of 400 corp ticket fetches used this hour')
      binding.Refresh.mockResolvedValueOnce(fetchedStatus('sandbox'))
      const confirm = vi.fn(async (_err: AppError) => true)
      const s = useTicketsStore()
      await expect(s.refresh('agent', confirm)).resolves.toBe(true)
      expect(confirm).toHaveBeenCalledOnce()
      expect(confirm.mock.calls[0]![0]).toMatchObject({ code: 'BUDGET_CONFIRM' })
      expect(binding.Refresh.mock.calls).toEqual([
        ['sandbox', 'agent', false],
        ['sandbox', 'agent', true],
      ])
      expect(s.status?.credentials[2]?.masked).toBe('ag…nt')
      expect(s.lastError).toBeNull()
    })

    it('on BUDGET_CONFIRM does nothing more when the user declines', async () => {
      binding.Refresh.mockRejectedValueOnce('BUDGET_CONFIRM: budget')
      const s = useTicketsStore()
      await expect(s.refresh('corp', async () => false)).resolves.toBe(false)
      expect(binding.Refresh).toHaveBeenCalledOnce()
      expect(s.lastError).toBeNull()
      expect(s.busy).toBeNull()
    })

    it('other errors are not a question', async () => {
      binding.Refresh.mockRejectedValueOnce('RATE_LIMITED: wait 30 s')
      const confirm = vi.fn()
      const s = useTicketsStore()
      await expect(s.refresh('token', confirm)).rejects.toMatchObject({ code: 'RATE_LIMITED' })
      expect(confirm).not.toHaveBeenCalled()
      expect(s.lastError?.code).toBe('RATE_LIMITED')
    })
  })

  describe('tickets:changed', () => {
    it('applies a status for the shown profile', () => {
      const s = useTicketsStore()
      bus.emit(Events.ticketsChanged, fetchedStatus('sandbox'))
      expect(s.status?.credentials[1]?.masked).toBe('co…rp')
    })

    it('ignores a status for another profile', () => {
      const s = useTicketsStore()
      s.apply(ticketStatus('sandbox'))
      bus.emit(Events.ticketsChanged, fetchedStatus('prod'))
      expect(s.status?.profile).toBe('sandbox')
      expect(s.status?.credentials[1]?.masked).toBe('')
    })

    it('releases the listener when the store is disposed', () => {
      const s = useTicketsStore()
      expect(bus.count(Events.ticketsChanged)).toBe(1)
      s.$dispose()
      expect(bus.count(Events.ticketsChanged)).toBe(0)
    })
  })

  it('asks Go for an explanation once per code', async () => {
    const e = { code: 60020, cause: { 'zh-CN': '因', 'en-US': 'cause' }, fix: { 'zh-CN': '修', 'en-US': 'fix' }, doc: 'https://developer.work.weixin.qq.com/document/path/90313' }
    binding.Explain.mockResolvedValue(e)
    const s = useTicketsStore()
    await expect(s.explain(60020)).resolves.toEqual(e)
    await s.explain(60020)
    expect(binding.Explain).toHaveBeenCalledOnce()
  })
})

describe('countdown', () => {
  it.each([
    [7_200_000, '2:00:00'],
    [7_199_001, '1:59:59'],
    [3_600_000, '1:00:00'],
    [3_599_999, '59:59'],
    [65_000, '1:05'],
    [9_999, '0:09'],
    [999, '0:00'],
    [0, '0:00'],
    [-5_000, '0:00'],
    [Number.NaN, '0:00'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatTTL(ms)).toBe(text)
  })

  it('counts down from expiresAt and is empty for a credential never fetched', () => {
    const now = 1_700_000_000_000
    const c = credential('corp', { state: 'valid', fetchedAt: now, expiresAt: now + 7_200_000 })
    expect(countdown(c, now)).toBe('2:00:00')
    expect(countdown(c, now + 1000)).toBe('1:59:59')
    expect(ttlMs(c, now + 1000)).toBe(7_199_000)
    expect(countdown(credential('token'), now)).toBe('')
  })

  it('turns a valid credential expired when its time runs out', () => {
    const now = 1_700_000_000_000
    const c = credential('agent', { state: 'valid', expiresAt: now + 1000 })
    expect(liveState(c, now)).toBe('valid')
    expect(liveState(c, now + 1000)).toBe('expired')
    expect(liveState(credential('agent'), now)).toBe('none')
  })

  it('reads the WeCom code of a WECOM_<n> error', () => {
    expect(wecomCode('WECOM_60020')).toBe(60020)
    expect(wecomCode('WECOM_-1')).toBe(-1)
    expect(wecomCode('WECOM_UNREACHABLE')).toBeNull()
    expect(wecomCode('RATE_LIMITED')).toBeNull()
  })
})
