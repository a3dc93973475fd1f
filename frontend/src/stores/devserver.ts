import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as api from '@/api/devserver'
import type {
  ChatLabel,
  DevEndpoint,
  DevServerStatus,
  EntryChoices,
  EntryReport,
  PageEntry,
  RequestDetail,
  RequestEntry,
  RequestsEvent,
} from '@/api/devserver'
import { compareUrls } from '@/api/diagnose'
import type { DiffResult } from '@/api/diagnose'
import { AppError, toAppError } from '@/api/errors'
import { Events } from '@/api/events'
import { SANDBOX } from '@/api/profiles'
import { useEvent } from '@/composables/useEvent'
import { run, withBusy as busyWhile } from './async'
import { signedElsewhere } from '@/utils/reports'
import { normalizeDiff } from './diagnose'
import { normalizeBreakdown } from './sign'

/** Rows of the request log kept in memory; older ones are dropped (the log in Go keeps them). */
export const MAX_ROWS = 500
/** Rows asked for at a time. */
export const PAGE_SIZE = 100

/** What the request log shows; Go's Filter without the paging fields. */
export interface LogFilter {
  /** A substring of the URL, path or client (case-insensitive). */
  text: string
  /** One of DEV_ENDPOINTS, or "" for all. */
  endpoint: string
  /** Status ≥ 400 only. */
  failed: boolean
}

/** The paths Go serves the signatures at (also in status.endpoints while it runs). */
const SIGNATURE_PATHS = {
  'config-signature': '/api/jssdk/config-signature',
  'agent-signature': '/api/jssdk/agent-signature',
} as const

/**
 * Whether a live entry belongs in the list under the filter; the same test Go's
 * Requests applies (SQLite's LIKE is case-insensitive for ASCII).
 */
export function matchesFilter(e: RequestEntry, f: LogFilter): boolean {
  if (f.endpoint && e.endpoint !== f.endpoint) return false
  if (f.failed && !(e.status >= 400)) return false
  const text = f.text.trim().toLowerCase()
  if (text && ![e.url, e.path, e.client].some((v) => (v ?? '').toLowerCase().includes(text))) return false
  return true
}

/** "0f9de62f…" for the table; the drawer shows the whole signature. */
export function shortSignature(signature: string): string {
  return signature.length > 8 ? `${signature.slice(0, 8)}…` : signature
}

/** s as a JavaScript single-quoted string literal. */
function jsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/<\//g, '<\\/')}'`
}

/**
 * A ww.register call whose signature callbacks ask this dev server, for
 * pasting into the page. `base` is the server's base URL as the page reaches it;
 * `baseComment` says what BASE is, in the UI's language (snippetText.registerBase).
 */
export function registerSnippet(
  base: string,
  corpId: string,
  agentId: number,
  endpoints: DevEndpoint[],
  baseComment: string,
): string {
  const path = (name: keyof typeof SIGNATURE_PATHS) => endpoints.find((e) => e.name === name)?.path || SIGNATURE_PATHS[name]
  const callback = (name: keyof typeof SIGNATURE_PATHS) =>
    `url => fetch(BASE + ${jsString(`${path(name)}?url=`)} + encodeURIComponent(url)).then(r => r.json())`
  return [
    `// ${baseComment.replace(/[\r\n]+/g, ' ')}`,
    `const BASE = ${jsString(base)}`,
    'ww.register({',
    `  corpId: ${jsString(corpId)},`,
    `  agentId: ${Number.isFinite(agentId) ? agentId : 0},`,
    "  jsApiList: ['getContext', 'getCurExternalContact', 'openEnterpriseChat'],",
    `  getConfigSignature: ${callback('config-signature')},`,
    `  getAgentConfigSignature: ${callback('agent-signature')},`,
    '})',
    '',
  ].join('\n')
}

function normalizeStatus(s: DevServerStatus): DevServerStatus {
  return {
    ...s,
    endpoints: Array.isArray(s.endpoints) ? s.endpoints : [],
    allowedHosts: Array.isArray(s.allowedHosts) ? s.allowedHosts : [],
    verifyFiles: Array.isArray(s.verifyFiles) ? s.verifyFiles : [],
    requests: Number(s.requests) || 0,
    dropped: Number(s.dropped) || 0,
    upstream: typeof s.upstream === 'string' ? s.upstream : '',
    emulate: s.emulate === true,
    entry: s.entry && typeof s.entry.entry === 'string' && s.entry.entry ? s.entry : { entry: 'normal' },
    testPageUrl: typeof s.testPageUrl === 'string' ? s.testPageUrl : '',
  }
}

function normalizeReport(r: EntryReport | null | undefined): EntryReport | undefined {
  if (!r || typeof r !== 'object') return undefined
  return {
    ...r,
    type: typeof r.type === 'string' ? r.type : '',
    ok: r.ok === true,
    findings: Array.isArray(r.findings) ? r.findings : [],
    warnings: Array.isArray(r.warnings) ? r.warnings : [],
  }
}

function normalizeEntry(e: RequestEntry): RequestEntry {
  const out: RequestEntry = { ...e, app: e.app ?? {}, signatures: Array.isArray(e.signatures) ? e.signatures : [] }
  // a flood's identical requests, aggregated by Go's log into this one row
  if (Number.isInteger(e.count) && e.count! > 1) out.count = e.count
  else delete out.count
  const report = normalizeReport(e.report)
  if (report) out.report = report
  else delete out.report
  return out
}

/** A chatId ↔ label was stored: the chat labels have a new one. */
function isStoredChat(e: RequestEntry | null | undefined): boolean {
  return !!e && typeof e === 'object' && e.endpoint === 'chat' && e.status >= 200 && e.status < 300
}

/**
 * What is running: a server change, a verification file change, clearing the log, or
 * turning the emulator on or off.
 */
export type DevServerBusy = 'start' | 'stop' | 'verify' | 'clear' | 'emulator' | 'entry' | null

/**
 * The phone-facing dev server of the Dev server area: its status (Go's, kept
 * current by `devserver:status`, the emulator switch included), the request log
 * (newest first, at most MAX_ROWS rows, new rows from `devserver:requests`), the
 * log filter, the request opened in the detail drawer, and the customer groups the
 * test page made (reloaded when a `chat` entry arrives).
 */
export const useDevServerStore = defineStore('devserver', () => {
  /** The profile to start the server for, kept while the app runs. */
  const profile = ref(SANDBOX)
  /** The address to listen on ("" → Go's default). */
  const addr = ref('')
  /** The developer's own dev server to proxy to ("" for none). */
  const upstream = ref('')
  const status = ref<DevServerStatus | null>(null)

  /** Newest first. Entries are never changed in place: the array is replaced. */
  const requests = shallowRef<RequestEntry[]>([])
  const filter = ref<LogFilter>({ text: '', endpoint: '', failed: false })
  /** Go has older entries matching the filter than the oldest row shown. */
  const hasOlder = ref(false)
  /** Requests seen this session, and those not logged (too many too fast). */
  const total = ref(0)
  const dropped = ref(0)
  /** Entries of floods Go logged but did not send live; a reload shows them. */
  const missed = ref(0)
  /** Why the request log cannot be written (from Go, untranslated); '' while it can. */
  const storeError = ref('')
  const loadingRequests = ref(false)
  const loadingOlder = ref(false)

  const busy = ref<DevServerBusy>(null)
  const serverError = ref<AppError | null>(null)
  const verifyError = ref<AppError | null>(null)
  const logError = ref<AppError | null>(null)

  /** The request open in the drawer: its row at once, the breakdowns when Go answers. */
  const detail = shallowRef<RequestDetail | null>(null)
  const detailLoading = ref(false)
  const detailError = ref<AppError | null>(null)
  /** For a report whose signature is over another URL than the page's: Go's diff of the two. */
  const detailDiff = shallowRef<DiffResult | null>(null)

  /** The customer groups the test page made, for `chatsProfile` (newest first). */
  const chats = shallowRef<ChatLabel[]>([])
  const chatsProfile = ref('')
  const loadingChats = ref(false)
  const chatsError = ref<AppError | null>(null)

  const running = computed(() => status.value?.running === true)
  const emulate = computed(() => status.value?.emulate === true)
  /** Where emulated pages count as opened (Go's, kept while stopped). */
  const entry = computed<PageEntry>(() => status.value?.entry ?? { entry: 'normal' })
  /** The customers and groups an entry can stand for (loaded with loadEntryChoices). */
  const entryChoices = shallowRef<EntryChoices>({ member: '', customers: [], groups: [] })
  /** The last start failed on the upstream field. */
  const upstreamInvalid = computed(() => serverError.value?.code === api.UPSTREAM_INVALID)
  const atCap = computed(() => requests.value.length >= MAX_ROWS)

  /** Answers of superseded list queries and detail lookups are dropped. */
  let listSeq = 0
  let detailSeq = 0
  let chatsSeq = 0

  function apply(s: DevServerStatus | null | undefined): void {
    if (!s || typeof s !== 'object') return
    const st = normalizeStatus(s)
    status.value = st
    total.value = st.requests
    dropped.value = st.dropped
  }

  /** Loads the status; the fields follow a running server, else keep what was typed. */
  async function loadStatus(): Promise<void> {
    const s = await run(serverError, () => api.devServerStatus())
    apply(s)
    if (s.running) {
      profile.value = s.profile || profile.value
      addr.value = s.addr
      upstream.value = s.upstream ?? ''
    } else if (!addr.value) {
      addr.value = s.defaultAddr
    }
  }

  /** The status and the newest page of the log. */
  async function load(): Promise<void> {
    const results = await Promise.allSettled([loadStatus(), reload()])
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }

  function query(beforeId: number, limit: number) {
    return { profile: '', text: filter.value.text.trim(), endpoint: filter.value.endpoint, failed: filter.value.failed, beforeId, limit }
  }

  /** The newest page of the log under the filter. */
  async function reload(): Promise<void> {
    const seq = ++listSeq
    loadingRequests.value = true
    try {
      const rows = await run(logError, () => api.listRequests(query(0, PAGE_SIZE)))
      if (seq !== listSeq) return
      const list = Array.isArray(rows) ? rows.map(normalizeEntry) : []
      requests.value = list
      hasOlder.value = list.length >= PAGE_SIZE
      missed.value = 0
    } finally {
      if (seq === listSeq) loadingRequests.value = false
    }
  }

  /** The page before the oldest row, up to MAX_ROWS rows in all. */
  async function loadOlder(): Promise<void> {
    const oldest = requests.value[requests.value.length - 1]
    const room = MAX_ROWS - requests.value.length
    if (!oldest || room <= 0 || !hasOlder.value || loadingOlder.value) return
    const seq = listSeq
    const limit = Math.min(PAGE_SIZE, room)
    loadingOlder.value = true
    try {
      const rows = await run(logError, () => api.listRequests(query(oldest.id, limit)))
      if (seq !== listSeq) return
      const list = Array.isArray(rows) ? rows.map(normalizeEntry) : []
      const have = new Set(requests.value.map((e) => e.id))
      requests.value = [...requests.value, ...list.filter((e) => !have.has(e.id))]
      hasOlder.value = list.length >= limit
    } finally {
      loadingOlder.value = false
    }
  }

  /** Changes the filter and shows the newest page under it. */
  function setFilter(patch: Partial<LogFilter>): Promise<void> {
    filter.value = { ...filter.value, ...patch }
    return reload()
  }

  /** Puts live entries (newest last) on top of the list, if the filter shows them. */
  function receive(ev: RequestsEvent | null | undefined): void {
    if (!ev || typeof ev !== 'object') return
    if (typeof ev.total === 'number') total.value = ev.total
    if (typeof ev.dropped === 'number') dropped.value = ev.dropped
    if (ev.more > 0) missed.value += ev.more
    if (typeof ev.storeError === 'string' && ev.storeError) storeError.value = ev.storeError
    const entries = Array.isArray(ev.entries) ? ev.entries : []
    // The chat labels follow, whatever the filter shows.
    if (entries.some((e) => isStoredChat(e) && (!e.profile || e.profile === profile.value))) {
      loadChats().catch(() => {
        // shown from chatsError
      })
    }
    const have = new Set(requests.value.map((e) => e.id))
    const fresh: RequestEntry[] = []
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]
      if (e && typeof e === 'object' && !have.has(e.id) && matchesFilter(e, filter.value)) fresh.push(normalizeEntry(e))
    }
    if (!fresh.length) return
    const next = [...fresh, ...requests.value]
    if (next.length > MAX_ROWS) {
      next.length = MAX_ROWS
      hasOlder.value = true
    }
    requests.value = next
  }

  const withBusy = <T>(what: Exclude<DevServerBusy, null>, op: () => Promise<T>) => busyWhile(busy, what, op)

  /**
   * Starts (or restarts) the server for `profile` on `addr`, proxying to `upstream` when
   * one is given. Rejects with an AppError (UPSTREAM_INVALID for an upstream that is not
   * a dev server URL).
   */
  function start(): Promise<void> {
    return withBusy('start', async () => {
      const s = await run(serverError, () => api.startDevServer(profile.value, addr.value.trim(), upstream.value.trim()))
      apply(s)
      if (s.running && s.addr) addr.value = s.addr
      if (s.running) upstream.value = s.upstream ?? upstream.value.trim()
    })
  }

  /** Turns the WeCom client emulator on or off, running or stopped. Rejects with an AppError. */
  function setEmulator(on: boolean): Promise<void> {
    return withBusy('emulator', async () => apply(await run(serverError, () => api.setEmulator(on))))
  }

  /**
   * Sets the emulator's entry and the customer / group it stands for; the running server
   * takes it at once. Rejects with an AppError (ENTRY_INVALID for a bad one).
   */
  function setEntry(next: PageEntry): Promise<void> {
    return withBusy('entry', async () =>
      apply(await run(serverError, () => api.setEntry(next.entry, next.contact?.trim() ?? '', next.chat?.trim() ?? ''))),
    )
  }

  /** Loads the signed-in member's customers and groups, the picks the entry offers; none on failure. */
  async function loadEntryChoices(): Promise<void> {
    try {
      const c = await api.entryChoices()
      entryChoices.value = {
        member: c.member ?? '',
        customers: Array.isArray(c.customers) ? c.customers : [],
        groups: Array.isArray(c.groups) ? c.groups : [],
      }
    } catch {
      entryChoices.value = { member: '', customers: [], groups: [] }
    }
  }

  /** The chat labels of `profile` (the one picked); an answer for a profile no longer picked is dropped. */
  async function loadChats(): Promise<void> {
    const seq = ++chatsSeq
    const name = profile.value
    loadingChats.value = true
    try {
      const list = await api.chatLabels(name)
      if (seq !== chatsSeq) return
      chats.value = Array.isArray(list) ? list : []
      chatsProfile.value = name
      chatsError.value = null
    } catch (reason) {
      if (seq !== chatsSeq) return
      const err = toAppError(reason)
      chatsError.value = err
      throw err
    } finally {
      if (seq === chatsSeq) loadingChats.value = false
    }
  }

  function stop(): Promise<void> {
    return withBusy('stop', async () => apply(await run(serverError, () => api.stopDevServer())))
  }

  function saveVerifyFile(name: string, content: string): Promise<void> {
    return withBusy('verify', async () => apply(await run(verifyError, () => api.saveVerifyFile(name, content))))
  }

  function deleteVerifyFile(name: string): Promise<void> {
    return withBusy('verify', async () => apply(await run(verifyError, () => api.deleteVerifyFile(name))))
  }

  /** Empties the log in Go and here. */
  function clear(): Promise<void> {
    return withBusy('clear', async () => {
      const s = await run(logError, () => api.clearRequests())
      listSeq++
      loadingRequests.value = false
      requests.value = []
      hasOlder.value = false
      missed.value = 0
      storeError.value = ''
      apply(s)
      closeDetail()
    })
  }

  /** Opens a row: shows it at once, then Go's breakdowns of its signatures. */
  async function openDetail(entry: RequestEntry): Promise<void> {
    const seq = ++detailSeq
    detail.value = { entry, breakdowns: [] }
    detailError.value = null
    detailDiff.value = null
    detailLoading.value = true
    void compareReport(entry.report, seq)
    try {
      const d = await api.requestDetail(entry.id)
      if (seq !== detailSeq) return
      const e = d?.entry ? normalizeEntry(d.entry) : entry
      const breakdowns = Array.isArray(d?.breakdowns) ? d.breakdowns.map((b) => normalizeBreakdown(b, b?.kind ?? 'corp')) : []
      detail.value = { entry: e, breakdowns }
    } catch (reason) {
      if (seq === detailSeq) detailError.value = toAppError(reason)
    } finally {
      if (seq === detailSeq) detailLoading.value = false
    }
  }

  /** Asks Go how the URL a report's signature is over differs from the page's (for the drawer). */
  async function compareReport(r: EntryReport | undefined, seq: number): Promise<void> {
    if (!r || !signedElsewhere(r)) return
    try {
      const d = await compareUrls(r.signedUrl!, r.pageUrl!)
      if (seq === detailSeq) detailDiff.value = normalizeDiff(d)
    } catch {
      // the drawer shows both URLs as they are, and the findings Go logged
    }
  }

  function closeDetail(): void {
    detailSeq++
    detail.value = null
    detailError.value = null
    detailLoading.value = false
    detailDiff.value = null
  }

  useEvent<DevServerStatus>(Events.devServerStatus, apply)
  useEvent<RequestsEvent>(Events.devServerRequests, receive)

  return {
    profile,
    addr,
    upstream,
    status,
    running,
    emulate,
    entry,
    entryChoices,
    upstreamInvalid,
    requests,
    filter,
    hasOlder,
    atCap,
    total,
    dropped,
    missed,
    storeError,
    loadingRequests,
    loadingOlder,
    busy,
    serverError,
    verifyError,
    logError,
    detail,
    detailLoading,
    detailError,
    detailDiff,
    chats,
    chatsProfile,
    loadingChats,
    chatsError,
    apply,
    receive,
    load,
    loadStatus,
    reload,
    loadOlder,
    setFilter,
    start,
    stop,
    setEmulator,
    setEntry,
    loadEntryChoices,
    loadChats,
    saveVerifyFile,
    deleteVerifyFile,
    clear,
    openDetail,
    closeDetail,
  }
})
