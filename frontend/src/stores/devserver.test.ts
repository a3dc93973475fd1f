import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import type { RequestEntry } from '@/api/devserver.types'
import { bus } from '@/test/fakeRuntime'
import {
  breakdown,
  chatEntry,
  chatLabel,
  devStatus,
  diffResult,
  emulatorEntry,
  REPORT_PAGE,
  REPORT_SIGNED,
  refusedEntry,
  reportEntry,
  requestEntry,
} from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { matchesFilter, MAX_ROWS, PAGE_SIZE, registerSnippet, shortSignature, useDevServerStore } from './devserver'

const binding = vi.hoisted(() => ({
  Status: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  SaveVerifyFile: vi.fn(),
  DeleteVerifyFile: vi.fn(),
  Requests: vi.fn(),
  Request: vi.fn(),
  ClearRequests: vi.fn(),
  SetEmulator: vi.fn(),
  SetEntry: vi.fn(),
  EntryChoices: vi.fn(),
  ChatLabels: vi.fn(),
}))
const diagnose = vi.hoisted(() => ({ Compare: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

beforeEach(() => {
  bus.reset()
  installGo({ DevServerService: binding, DiagnoseService: diagnose })
  setActivePinia(createPinia())
  binding.Status.mockResolvedValue(devStatus())
  binding.Requests.mockResolvedValue([])
  binding.ChatLabels.mockResolvedValue([])
  binding.EntryChoices.mockResolvedValue({ member: '', customers: [], groups: [] })
})

/** Entries with ids from..to (newest first when from > to). */
function entries(from: number, to: number): RequestEntry[] {
  const out: RequestEntry[] = []
  const step = from <= to ? 1 : -1
  for (let id = from; id !== to + step; id += step) out.push(requestEntry(id))
  return out
}

/** The devserver:requests payload: entries newest last. */
function requestsEvent(list: RequestEntry[], over: Partial<{ more: number; dropped: number; total: number; storeError: string }> = {}) {
  return { entries: list, more: 0, dropped: 0, total: list.length, ...over }
}

const ids = (list: RequestEntry[]) => list.map((e) => e.id)

describe('dev server store', () => {
  describe('server', () => {
    it('load fills the address with Go\'s default when stopped', async () => {
      const s = useDevServerStore()
      await s.load()
      expect(s.running).toBe(false)
      expect(s.addr).toBe('127.0.0.1:8787')
      expect(s.profile).toBe('sandbox')
    })

    it('load shows what runs: its profile and address', async () => {
      binding.Status.mockResolvedValue(devStatus(true, { profile: 'prod', addr: '127.0.0.1:9000' }))
      const s = useDevServerStore()
      await s.load()
      expect(s.profile).toBe('prod')
      expect(s.addr).toBe('127.0.0.1:9000')
    })

    it('start calls Go with the profile and trimmed address and applies the status', async () => {
      binding.Start.mockResolvedValue(devStatus(true))
      const s = useDevServerStore()
      s.addr = '  127.0.0.1:18787 '
      await s.start()
      expect(binding.Start).toHaveBeenCalledExactlyOnceWith('sandbox', '127.0.0.1:18787', '')
      expect(s.running).toBe(true)
      expect(s.status?.baseUrl).toBe('http://127.0.0.1:18787')
      expect(s.status?.endpoints.map((e) => e.name)).toEqual(['config-signature', 'agent-signature', 'config', 'customers'])
      expect(s.busy).toBeNull()
    })

    it('start shows the address really bound (port 0 picks one)', async () => {
      binding.Start.mockResolvedValue(devStatus(true, { addr: '127.0.0.1:43210', baseUrl: 'http://127.0.0.1:43210' }))
      const s = useDevServerStore()
      s.addr = '127.0.0.1:0'
      await s.start()
      expect(s.addr).toBe('127.0.0.1:43210')
    })

    it('start passes the upstream, trimmed, and shows the one Go proxies to', async () => {
      binding.Start.mockResolvedValue(devStatus(true, { upstream: 'http://localhost:5173' }))
      const s = useDevServerStore()
      s.upstream = '  http://localhost:5173 '
      await s.start()
      expect(binding.Start).toHaveBeenCalledExactlyOnceWith('sandbox', '', 'http://localhost:5173')
      expect(s.status?.upstream).toBe('http://localhost:5173')
      expect(s.upstream).toBe('http://localhost:5173')
    })

    it('an upstream Go refuses is an UPSTREAM_INVALID error of the server form', async () => {
      binding.Start.mockRejectedValue("UPSTREAM_INVALID: upstream \"5173\": give the dev server's URL, like http://localhost:5173")
      const s = useDevServerStore()
      s.upstream = '5173'
      await expect(s.start()).rejects.toMatchObject({ code: 'UPSTREAM_INVALID' })
      expect(s.serverError?.code).toBe('UPSTREAM_INVALID')
      expect(s.upstreamInvalid).toBe(true)
      expect(s.running).toBe(false)
    })

    it('load shows the upstream of the server that runs', async () => {
      binding.Status.mockResolvedValue(devStatus(true, { upstream: 'http://localhost:3000' }))
      const s = useDevServerStore()
      await s.load()
      expect(s.upstream).toBe('http://localhost:3000')
    })

    it('setEmulator turns the emulator on and off, running or stopped, and applies Go\'s status', async () => {
      binding.SetEmulator.mockImplementation(async (on: boolean) => devStatus(false, { emulate: on }))
      const s = useDevServerStore()
      expect(s.emulate).toBe(false)
      const turning = s.setEmulator(true)
      expect(s.busy).toBe('emulator')
      await turning
      expect(binding.SetEmulator).toHaveBeenCalledExactlyOnceWith(true)
      expect(s.emulate).toBe(true)
      expect(s.busy).toBeNull()
      await s.setEmulator(false)
      expect(binding.SetEmulator).toHaveBeenLastCalledWith(false)
      expect(s.emulate).toBe(false)
    })

    it('setEntry sends the entry with its trimmed ids and applies Go\'s status', async () => {
      binding.SetEntry.mockImplementation(async (entry: string, contact: string, chat: string) => devStatus(true, { entry: { entry, contact, chat } }))
      const s = useDevServerStore()
      expect(s.entry).toEqual({ entry: 'normal' })
      const setting = s.setEntry({ entry: 'single_chat_tools', contact: ' wmPicked ', chat: '' })
      expect(s.busy).toBe('entry')
      await setting
      expect(binding.SetEntry).toHaveBeenCalledExactlyOnceWith('single_chat_tools', 'wmPicked', '')
      expect(s.entry).toEqual({ entry: 'single_chat_tools', contact: 'wmPicked', chat: '' })
      expect(s.busy).toBeNull()
    })

    it('a bad entry is an ENTRY_INVALID error of the server form, and the entry stays', async () => {
      binding.SetEntry.mockRejectedValue('ENTRY_INVALID: entry "workbench" is not one the emulator knows')
      const s = useDevServerStore()
      await expect(s.setEntry({ entry: 'workbench' })).rejects.toMatchObject({ code: 'ENTRY_INVALID' })
      expect(s.serverError?.code).toBe('ENTRY_INVALID')
      expect(s.entry).toEqual({ entry: 'normal' })
    })

    it('the entry follows devserver:status, and a status without one is the workbench', () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerStatus, devStatus(true, { emulate: true, entry: { entry: 'group_chat_tools', chat: 'wrX' } }))
      expect(s.entry).toEqual({ entry: 'group_chat_tools', chat: 'wrX' })
      bus.emit(Events.devServerStatus, { ...devStatus(true), entry: undefined })
      expect(s.entry).toEqual({ entry: 'normal' })
    })

    it('loadEntryChoices keeps the member\'s customers and groups, and none when Go fails', async () => {
      binding.EntryChoices.mockResolvedValue({ member: 'zhangsan', customers: ['wmA'], groups: null })
      const s = useDevServerStore()
      await s.loadEntryChoices()
      expect(s.entryChoices).toEqual({ member: 'zhangsan', customers: ['wmA'], groups: [] })
      binding.EntryChoices.mockRejectedValue('INTERNAL: boom')
      await s.loadEntryChoices()
      expect(s.entryChoices).toEqual({ member: '', customers: [], groups: [] })
    })

    it('the emulator follows devserver:status (the CLI or another window may switch it)', () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerStatus, devStatus(true, { emulate: true }))
      expect(s.emulate).toBe(true)
      expect(s.status?.testPageUrl).toBe('http://127.0.0.1:18787/__wecomdev/test/')
    })

    it('a status from an older Go without the new fields reads as no upstream, emulator off', () => {
      const s = useDevServerStore()
      const { upstream: _u, emulate: _e, testPageUrl: _t, ...old } = devStatus(true)
      bus.emit(Events.devServerStatus, old)
      expect(s.status).toMatchObject({ upstream: '', emulate: false, testPageUrl: '' })
    })

    it('stop applies the stopped status', async () => {
      binding.Start.mockResolvedValue(devStatus(true))
      binding.Stop.mockResolvedValue(devStatus(false))
      const s = useDevServerStore()
      await s.start()
      await s.stop()
      expect(binding.Stop).toHaveBeenCalledOnce()
      expect(s.running).toBe(false)
      expect(s.status?.endpoints).toEqual([])
    })

    it('a port that is taken is an AppError LISTEN_FAILED and the server stays stopped', async () => {
      binding.Start.mockRejectedValue('LISTEN_FAILED: cannot listen on 127.0.0.1:8787: the port is taken by another program')
      const s = useDevServerStore()
      await s.load()
      const err = await s.start().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect(s.serverError).toMatchObject({ code: 'LISTEN_FAILED' })
      expect(s.running).toBe(false)
      expect(s.busy).toBeNull()
    })

    it('applies devserver:status and tolerates null lists from Go', () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerStatus, { ...devStatus(true), allowedHosts: null, verifyFiles: null, requests: 7, dropped: 2 })
      expect(s.running).toBe(true)
      expect(s.status?.allowedHosts).toEqual([])
      expect(s.status?.verifyFiles).toEqual([])
      expect(s.total).toBe(7)
      expect(s.dropped).toBe(2)
    })

    it('saves and deletes verification files, keeping Go\'s list', async () => {
      const file = { name: 'WW_verify_abc.txt', content: 'abc', url: 'http://127.0.0.1:18787/WW_verify_abc.txt' }
      binding.SaveVerifyFile.mockResolvedValue(devStatus(true, { verifyFiles: [file] }))
      binding.DeleteVerifyFile.mockResolvedValue(devStatus(true))
      const s = useDevServerStore()
      await s.saveVerifyFile('WW_verify_abc.txt', 'abc')
      expect(s.status?.verifyFiles).toEqual([file])
      await s.deleteVerifyFile('WW_verify_abc.txt')
      expect(binding.DeleteVerifyFile).toHaveBeenCalledWith('WW_verify_abc.txt')
      expect(s.status?.verifyFiles).toEqual([])
    })

    it('a bad verification file is a VERIFY_FILE_INVALID error of its own, not the server\'s', async () => {
      binding.SaveVerifyFile.mockRejectedValue('VERIFY_FILE_INVALID: invalid verification file: the content is empty')
      const s = useDevServerStore()
      await expect(s.saveVerifyFile('WW_verify_abc.txt', '')).rejects.toMatchObject({ code: 'VERIFY_FILE_INVALID' })
      expect(s.verifyError?.code).toBe('VERIFY_FILE_INVALID')
      expect(s.serverError).toBeNull()
    })
  })

  describe('request log', () => {
    it('loads the newest page with the empty filter', async () => {
      binding.Requests.mockResolvedValue(entries(3, 1))
      const s = useDevServerStore()
      await s.load()
      expect(binding.Requests).toHaveBeenCalledExactlyOnceWith({ profile: '', text: '', endpoint: '', failed: false, beforeId: 0, limit: PAGE_SIZE })
      expect(ids(s.requests)).toEqual([3, 2, 1])
      expect(s.hasOlder).toBe(false)
    })

    it('a devserver:requests event puts its entries on top, newest first', async () => {
      binding.Requests.mockResolvedValue(entries(2, 1))
      const s = useDevServerStore()
      await s.load()
      bus.emit(Events.devServerRequests, requestsEvent(entries(3, 5), { total: 5, dropped: 1 }))
      expect(ids(s.requests)).toEqual([5, 4, 3, 2, 1])
      expect(s.total).toBe(5)
      expect(s.dropped).toBe(1)
    })

    it("keeps the count of a flood's identical requests that Go logged as one row", () => {
      const s = useDevServerStore()
      const flood = requestEntry(1, { count: 4000, lastTime: '2025-01-02T03:04:06.000Z' })
      bus.emit(Events.devServerRequests, requestsEvent([flood, requestEntry(2, { url: 'https://h5.example.com/b' }), requestEntry(3, { count: 1 })]))
      expect(s.requests.map((e) => [e.id, e.count])).toEqual([
        [3, undefined],
        [2, undefined],
        [1, 4000],
      ])
      expect(s.requests[2]!.lastTime).toBe('2025-01-02T03:04:06.000Z')
    })

    it('ignores an entry it already shows', async () => {
      binding.Requests.mockResolvedValue(entries(2, 1))
      const s = useDevServerStore()
      await s.load()
      bus.emit(Events.devServerRequests, requestsEvent(entries(2, 3)))
      expect(ids(s.requests)).toEqual([3, 2, 1])
    })

    it(`keeps at most ${MAX_ROWS} rows, dropping the oldest, and then offers older ones`, () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent(entries(1, 100)))
      for (let start = 101; start <= 601; start += 100) bus.emit(Events.devServerRequests, requestsEvent(entries(start, start + 99)))
      expect(s.requests).toHaveLength(MAX_ROWS)
      expect(s.requests[0]!.id).toBe(700)
      expect(s.requests[MAX_ROWS - 1]!.id).toBe(201)
      expect(s.hasOlder).toBe(true)
      expect(s.atCap).toBe(true)
    })

    it('a live entry the filter hides is counted but not listed', async () => {
      const s = useDevServerStore()
      await s.setFilter({ failed: true })
      bus.emit(Events.devServerRequests, requestsEvent([requestEntry(1), refusedEntry(2)], { total: 2 }))
      expect(ids(s.requests)).toEqual([2])
      expect(s.total).toBe(2)
    })

    it('remembers how many entries of a flood Go did not send, until a reload', async () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent(entries(1, 100), { more: 40 }))
      expect(s.missed).toBe(40)
      await s.reload()
      expect(s.missed).toBe(0)
    })

    it('shows entries Go could not store and keeps the reason it gave once, until the log is cleared', async () => {
      binding.ClearRequests.mockResolvedValue(devStatus(true, { requests: 0, dropped: 0 }))
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent([requestEntry(-1)], { storeError: 'write the request log to the database: no space left on device' }))
      bus.emit(Events.devServerRequests, requestsEvent([requestEntry(-2)]))
      expect(ids(s.requests)).toEqual([-2, -1])
      expect(s.storeError).toContain('no space left on device')
      await s.clear()
      expect(s.storeError).toBe('')
    })

    it('a filter change asks Go for the newest page under the filter', async () => {
      const s = useDevServerStore()
      await s.load()
      binding.Requests.mockClear()
      binding.Requests.mockResolvedValue([refusedEntry(9)])
      await s.setFilter({ text: ' evil ', endpoint: 'config-signature', failed: true })
      expect(binding.Requests).toHaveBeenCalledExactlyOnceWith({
        profile: '',
        text: 'evil',
        endpoint: 'config-signature',
        failed: true,
        beforeId: 0,
        limit: PAGE_SIZE,
      })
      expect(ids(s.requests)).toEqual([9])
    })

    it('drops the answer of a filter that was replaced meanwhile', async () => {
      const s = useDevServerStore()
      let answerFirst: (v: RequestEntry[]) => void = () => {}
      binding.Requests.mockReturnValueOnce(new Promise((r) => (answerFirst = r)))
      binding.Requests.mockResolvedValueOnce([refusedEntry(2)])
      const first = s.setFilter({ text: 'a' })
      await s.setFilter({ text: 'evil' })
      answerFirst([requestEntry(1)])
      await first
      expect(ids(s.requests)).toEqual([2])
    })

    it('load older asks for the entries before the oldest row and appends them', async () => {
      binding.Requests.mockResolvedValueOnce(entries(300, 300 - PAGE_SIZE + 1))
      const s = useDevServerStore()
      await s.reload()
      expect(s.hasOlder).toBe(true)
      binding.Requests.mockResolvedValueOnce(entries(200, 151))
      await s.loadOlder()
      expect(binding.Requests).toHaveBeenLastCalledWith(expect.objectContaining({ beforeId: 201, limit: PAGE_SIZE }))
      expect(s.requests).toHaveLength(PAGE_SIZE + 50)
      expect(s.requests.at(-1)!.id).toBe(151)
      expect(s.hasOlder).toBe(false)
    })

    it(`load older stops at ${MAX_ROWS} rows`, async () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent(entries(1, MAX_ROWS + 10)))
      binding.Requests.mockClear()
      await s.loadOlder()
      expect(binding.Requests).not.toHaveBeenCalled()
    })

    it('clear empties the log in Go and here', async () => {
      binding.Requests.mockResolvedValue(entries(3, 1))
      binding.ClearRequests.mockResolvedValue(devStatus(true, { requests: 0, dropped: 0 }))
      const s = useDevServerStore()
      await s.load()
      bus.emit(Events.devServerRequests, requestsEvent([requestEntry(4)], { total: 4, dropped: 3 }))
      await s.clear()
      expect(binding.ClearRequests).toHaveBeenCalledOnce()
      expect(s.requests).toEqual([])
      expect(s.total).toBe(0)
      expect(s.dropped).toBe(0)
      expect(s.hasOlder).toBe(false)
    })

    it('a failed clear keeps the rows and reports the error', async () => {
      binding.Requests.mockResolvedValue(entries(2, 1))
      binding.ClearRequests.mockRejectedValue('INTERNAL: clear the request log: database is locked')
      const s = useDevServerStore()
      await s.load()
      await expect(s.clear()).rejects.toMatchObject({ code: 'INTERNAL' })
      expect(ids(s.requests)).toEqual([2, 1])
      expect(s.logError?.code).toBe('INTERNAL')
    })
  })

  describe('reports and chat labels', () => {
    it('report entries arrive live with their report, null lists made empty', () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent([emulatorEntry(1, { findings: null as never, warnings: null as never }), reportEntry(2)]))
      expect(ids(s.requests)).toEqual([2, 1])
      expect(s.requests[1]!.report).toMatchObject({ type: 'verify', api: 'config', ok: true, findings: [], warnings: [] })
      expect(s.requests[0]!.report?.findings?.map((f) => f.code)).toEqual(['TRAILING_SLASH', 'QUERY_EXTRA'])
      expect('report' in s.requests.find((e) => e.id === 1)!).toBe(true)
    })

    it('loads the chat labels of the profile picked', async () => {
      binding.ChatLabels.mockResolvedValue([chatLabel()])
      const s = useDevServerStore()
      s.profile = 'prod'
      await s.loadChats()
      expect(binding.ChatLabels).toHaveBeenCalledExactlyOnceWith('prod')
      expect(s.chats).toEqual([chatLabel()])
      expect(s.chatsProfile).toBe('prod')
    })

    it('a chat entry in the log reloads the chat labels, even when the filter hides it', async () => {
      const s = useDevServerStore()
      await s.setFilter({ endpoint: 'emulator' })
      await s.loadChats()
      binding.ChatLabels.mockClear()
      binding.ChatLabels.mockResolvedValue([chatLabel({ chatId: 'wrNew', label: 'B-7' }), chatLabel()])
      bus.emit(Events.devServerRequests, requestsEvent([emulatorEntry(1), chatEntry(2, 'wrNew', 'B-7')]))
      await vi.waitFor(() => expect(s.chats).toHaveLength(2))
      expect(binding.ChatLabels).toHaveBeenCalledExactlyOnceWith('sandbox')
      expect(s.chats[0]).toMatchObject({ chatId: 'wrNew', label: 'B-7' })
      expect(ids(s.requests)).toEqual([1])
    })

    it('other entries, a refused chat and a chat of another profile do not reload them', async () => {
      const s = useDevServerStore()
      bus.emit(Events.devServerRequests, requestsEvent([emulatorEntry(1), { ...chatEntry(2), status: 400, report: undefined }, { ...chatEntry(3), profile: 'prod' }]))
      await Promise.resolve()
      expect(binding.ChatLabels).not.toHaveBeenCalled()
      expect(s.requests).toHaveLength(3)
    })

    it('an answer for a profile no longer picked is dropped', async () => {
      let answerFirst: (v: unknown) => void = () => {}
      binding.ChatLabels.mockReturnValueOnce(new Promise((r) => (answerFirst = r)))
      binding.ChatLabels.mockResolvedValueOnce([chatLabel({ profile: 'prod', chatId: 'wrProd' })])
      const s = useDevServerStore()
      const first = s.loadChats()
      s.profile = 'prod'
      await s.loadChats()
      answerFirst([chatLabel()])
      await first
      expect(s.chats.map((c) => c.chatId)).toEqual(['wrProd'])
      expect(s.chatsProfile).toBe('prod')
    })

    it('the drawer of a report signed over another URL gets Go\'s diff of the two URLs', async () => {
      diagnose.Compare.mockResolvedValue(diffResult())
      binding.Request.mockImplementation(async () => ({ entry: reportEntry(4), breakdowns: [] }))
      const s = useDevServerStore()
      await s.openDetail(reportEntry(4))
      await vi.waitFor(() => expect(s.detailDiff).not.toBeNull())
      expect(diagnose.Compare).toHaveBeenCalledExactlyOnceWith(REPORT_SIGNED, REPORT_PAGE)
      expect(s.detailDiff?.pageCut).toBe('https://h5.example.com/page?from=singlemessage')
      s.closeDetail()
      expect(s.detailDiff).toBeNull()
    })

    it('a report signed over the page URL itself needs no diff', async () => {
      binding.Request.mockImplementation(async () => ({ entry: emulatorEntry(4), breakdowns: [] }))
      const s = useDevServerStore()
      await s.openDetail(emulatorEntry(4))
      expect(diagnose.Compare).not.toHaveBeenCalled()
      expect(s.detailDiff).toBeNull()
    })
  })

  describe('detail', () => {
    it('shows the row at once, then the breakdowns Go explains', async () => {
      let answer: (v: unknown) => void = () => {}
      binding.Request.mockReturnValue(new Promise((r) => (answer = r)))
      const s = useDevServerStore()
      const opening = s.openDetail(requestEntry(7))
      expect(s.detail?.entry.id).toBe(7)
      expect(s.detailLoading).toBe(true)
      answer({ entry: requestEntry(7), breakdowns: [{ ...breakdown('corp'), warnings: null }] })
      await opening
      expect(binding.Request).toHaveBeenCalledWith(7)
      expect(s.detail?.breakdowns.map((b) => b.kind)).toEqual(['corp'])
      expect(s.detail?.breakdowns[0]!.warnings).toEqual([])
      expect(s.detailLoading).toBe(false)
    })

    it('a request that left the log keeps its row and reports REQUEST_NOT_FOUND', async () => {
      binding.Request.mockRejectedValue('REQUEST_NOT_FOUND: no such request in the log')
      const s = useDevServerStore()
      await s.openDetail(requestEntry(7))
      expect(s.detail?.entry.id).toBe(7)
      expect(s.detailError).toMatchObject({ code: 'REQUEST_NOT_FOUND' })
      s.closeDetail()
      expect(s.detail).toBeNull()
      expect(s.detailError).toBeNull()
    })
  })

  it('releases both listeners when the store is disposed', () => {
    const s = useDevServerStore()
    expect(bus.count(Events.devServerStatus)).toBe(1)
    expect(bus.count(Events.devServerRequests)).toBe(1)
    s.$dispose()
    expect(bus.count(Events.devServerStatus)).toBe(0)
    expect(bus.count(Events.devServerRequests)).toBe(0)
  })
})

describe('helpers', () => {
  it.each([
    [{ text: '', endpoint: '', failed: false }, true],
    [{ text: 'EVIL', endpoint: '', failed: false }, false],
    [{ text: '5173', endpoint: '', failed: false }, true],
    [{ text: '127.0.0', endpoint: '', failed: false }, true],
    [{ text: '', endpoint: 'agent-signature', failed: false }, false],
    [{ text: '', endpoint: 'config-signature', failed: false }, true],
    [{ text: '', endpoint: '', failed: true }, false],
  ])('matchesFilter(%j) of a 200 loopback request is %s', (f, want) => {
    expect(matchesFilter(requestEntry(1), f)).toBe(want)
  })

  it('a refused request matches "failed only" and its host', () => {
    expect(matchesFilter(refusedEntry(1), { text: 'evil.example', endpoint: '', failed: true })).toBe(true)
  })

  it('shortens a signature to its first 8 digits', () => {
    expect(shortSignature('0f9de62fce790f9a083d5c99e95740ceb90c27ed')).toBe('0f9de62f…')
    expect(shortSignature('abc')).toBe('abc')
  })

  it('the ww.register snippet fetches both signatures from the server', () => {
    const text = registerSnippet('http://127.0.0.1:18787', "ww'1", 1000002, [], 'BASE: where\nit is')
    expect(text).toContain("const BASE = 'http://127.0.0.1:18787'")
    expect(text.split('\n')[0]).toBe('// BASE: where it is')
    expect(text).toContain("corpId: 'ww\\'1',")
    expect(text).toContain('agentId: 1000002,')
    expect(text).toContain(
      "getConfigSignature: url => fetch(BASE + '/api/jssdk/config-signature?url=' + encodeURIComponent(url)).then(r => r.json()),",
    )
    expect(text).toContain(
      "getAgentConfigSignature: url => fetch(BASE + '/api/jssdk/agent-signature?url=' + encodeURIComponent(url)).then(r => r.json()),",
    )
  })
})
