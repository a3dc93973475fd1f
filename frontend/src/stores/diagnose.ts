import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as api from '@/api/diagnose'
import type {
  AuditCall,
  AuditCheck,
  AuditInput,
  AuditReport,
  AuditStatus,
  DiffResult,
  FailedCall,
  Finding,
  ForensicsInput,
  Segment,
  TextExplanation,
  Verdict,
} from '@/api/diagnose'
import { AppError, toAppError } from '@/api/errors'
import { SANDBOX } from '@/api/profiles'
import type { EntryReport, RequestEntry } from '@/api/devserver.types'
import type { LocalizedText } from '@/api/tickets.types'
import { answeredReport, isFailedSignatureCall, signatureCall, signatureInputs, signedElsewhere } from '@/utils/reports'

/** The four tools of the Diagnose area, also its `?tool=` values and its tab names. */
export const DIAGNOSE_TOOLS = ['diff', 'forensics', 'explain', 'audit', 'oauth'] as const
export type DiagnoseTool = (typeof DIAGNOSE_TOOLS)[number]

/**
 * What a link to the Diagnose area fills in: its query, parsed. `page` is the page URL
 * of the URL diff or of the forensics, as `tool` says.
 *
 *   ?tool=diff&signed=…&page=…
 *   ?tool=forensics&profile=…&page=…&signature=…&timestamp=…&nonce=…&failed=corp|agent
 *   ?tool=explain&text=…
 */
export interface DiagnoseLink {
  tool: DiagnoseTool
  profile?: string
  signed?: string
  page?: string
  signature?: string
  timestamp?: string
  nonce?: string
  failed?: FailedCall
  text?: string
}

const LINK_FIELDS = ['profile', 'signed', 'page', 'signature', 'timestamp', 'nonce', 'text'] as const

/** The call that failed, from a link: corp / config → corp, agent / agentConfig → agent, "" / unknown → "". */
export function parseFailed(value: string): FailedCall | null {
  switch (value.trim().toLowerCase()) {
    case 'corp':
    case 'config':
      return 'corp'
    case 'agent':
    case 'agentconfig':
      return 'agent'
    case '':
    case 'unknown':
      return ''
    default:
      return null
  }
}

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : undefined
}

/** Reads a route query; null when it names no tool of this area. Unknown parameters are ignored. */
export function parseDiagnoseQuery(query: Record<string, unknown>): DiagnoseLink | null {
  const tool = first(query.tool)
  if (!tool || !(DIAGNOSE_TOOLS as readonly string[]).includes(tool)) return null
  const link: DiagnoseLink = { tool: tool as DiagnoseTool }
  for (const key of LINK_FIELDS) {
    const v = first(query[key])
    if (v !== undefined) link[key] = v
  }
  const failed = first(query.failed)
  if (failed !== undefined) {
    const f = parseFailed(failed)
    if (f !== null) link.failed = f
  }
  return link
}

/** The route query of a link (empty values left out), for `router.push({ name: 'diagnose', query })`. */
export function diagnoseQuery(link: DiagnoseLink): Record<string, string> {
  const q: Record<string, string> = { tool: link.tool }
  for (const key of LINK_FIELDS) {
    const v = link[key]
    if (v) q[key] = v
  }
  if (link.failed) q.failed = link.failed
  return q
}

/** The endpoints of the dev server that sign, and the call each one is for. */
const SIGNING_ENDPOINTS: Record<string, FailedCall> = { 'config-signature': 'corp', 'agent-signature': 'agent', config: 'corp' }

/**
 * Where the Dev server's log sends a request to be diagnosed, or null when there is
 * nothing to diagnose (it succeeded without a signature). A signing request, failed or
 * signed, opens the forensics with its page URL, timestamp, nonceStr and first
 * signature; any other failed request opens the explainer with what went wrong. A
 * report (or emulator verification) Go answered is diagnosed only when it is a failed
 * config / agentConfig (see reportDiagnoseLink).
 */
export function diagnoseLinkFor(entry: RequestEntry): DiagnoseLink | null {
  const report = answeredReport(entry)
  if (report) return reportDiagnoseLink(entry)
  const signatures = entry.signatures ?? []
  if (!(entry.status >= 400) && signatures.length === 0) return null
  const endpoint = entry.endpoint.replace(/ \(preflight\)$/, '')
  const sig = signatures[0]
  if (sig || endpoint in SIGNING_ENDPOINTS) {
    return {
      tool: 'forensics',
      profile: entry.profile || undefined,
      page: entry.url || undefined,
      signature: sig?.signature || undefined,
      timestamp: entry.timestamp || undefined,
      nonce: entry.nonceStr || undefined,
      failed: sig?.kind ?? SIGNING_ENDPOINTS[endpoint] ?? '',
    }
  }
  const detail = entry.error || entry.message || ''
  const text = entry.code && !detail.includes(entry.code) ? [entry.code, detail].filter(Boolean).join(': ') : detail
  // The bridge's WECOM_<n> is WeCom's errcode <n>: said so, the explainer finds it.
  return { tool: 'explain', text: text.replace(/\bWECOM_(-?\d+)\b/g, 'errcode $1') || `HTTP ${entry.status}` }
}

/**
 * Where a report (or an emulator verification) is diagnosed: only a failed config /
 * agentConfig is. When Go found the URL the page's signature is over and it is not the
 * page's, the URL diff of the two; else, with the signature the page passed, the
 * forensics (page URL, signature, timestamp, nonceStr from the params, and the call);
 * when the client refused before it looked at the signature (missing parameters, a wrong
 * corpId, an untrusted domain: Go gave no verdict) the explainer of what the client
 * answered, whose err_Info / err_msg name the cause (iOS says only errMsg "config:fail").
 */
function reportDiagnoseLink(entry: RequestEntry): DiagnoseLink | null {
  const r = entry.report
  if (!r || !isFailedSignatureCall(r)) return null
  if (signedElsewhere(r)) return { tool: 'diff', signed: r.signedUrl, page: r.pageUrl }
  const inputs = signatureInputs(r)
  if (inputs.signature && r.verdict) {
    return {
      tool: 'forensics',
      profile: entry.profile || undefined,
      page: r.pageUrl || entry.url || undefined,
      signature: inputs.signature,
      timestamp: inputs.timestamp || entry.timestamp || undefined,
      nonce: inputs.nonceStr || entry.nonceStr || undefined,
      failed: signatureCall(r) ?? '',
    }
  }
  return { tool: 'explain', text: clientAnswerText(r) || r.errMsg || r.message || `${r.api || r.type}:fail` }
}

/** The client's whole answer as JSON when it says more than errMsg (err_Info, err_msg, hint). */
function clientAnswerText(r: EntryReport): string {
  const res = r.result
  if (!res || typeof res !== 'object' || Array.isArray(res)) return ''
  const keys = Object.keys(res as Record<string, unknown>)
  return keys.some((k) => k !== 'errMsg') ? JSON.stringify(res) : ''
}

/** Where a tool an explanation names lives: a tab of this area, another area, or nowhere yet. */
export type ToolTarget = { tab: DiagnoseTool } | { area: 'tickets' | 'profiles' | 'sign' | 'devserver' }

export function toolTarget(tool: string): ToolTarget | null {
  switch (tool) {
    case 'url-diff':
      return { tab: 'diff' }
    case 'forensics':
      return { tab: 'forensics' }
    case 'audit':
      return { tab: 'audit' }
    case 'oauth':
      return { tab: 'oauth' }
    case 'tickets':
    case 'sign':
    case 'devserver':
    case 'profiles':
      return { area: tool }
    case 'profiles/trusted-domains':
      return { area: 'profiles' }
    case 'emulator':
      return { area: 'devserver' } // its switch is in the Dev server area
    default:
      return null
  }
}

/**
 * The field a DIAGNOSE_INVALID error names ("diagnose: signature: want 40 …",
 * "audit: endpoint: the template has no {url} …"), so the form can mark it; null for
 * any other error.
 */
export function invalidField(err: AppError | null): string | null {
  if (!err || err.code !== api.DIAGNOSE_INVALID) return null
  const m = /^(?:diagnose: )?(?:audit: )?([A-Za-z]+):/.exec(err.message)
  return m && INPUT_FIELDS.has(m[1]!) ? m[1]! : null
}

/** The inputs Go names in DIAGNOSE_INVALID (ForensicsInput's and AuditInput's JSON names). */
const INPUT_FIELDS = new Set([
  'pageUrl',
  'signature',
  'timestamp',
  'nonceStr',
  'failed',
  'endpoint',
  'kind',
  'timestampField',
  'nonceField',
  'signatureField',
  'pageBase',
])

// --- normalising Go's answers (lists may be null, fields missing) ---------------------

const noText = (): LocalizedText => ({ 'zh-CN': '', 'en-US': '' })
const text = (x: LocalizedText | null | undefined): LocalizedText => ({ ...noText(), ...(x ?? {}) })
const list = <T>(x: T[] | null | undefined): T[] => (Array.isArray(x) ? x : [])
const str = (x: unknown): string => (typeof x === 'string' ? x : '')

function normalizeFinding(f: Finding): Finding {
  return { code: str(f?.code), message: text(f?.message), fix: text(f?.fix), signed: str(f?.signed), page: str(f?.page) }
}

function normalizeSegments(s: Segment[] | null | undefined): Segment[] {
  return list(s).map((x) => ({ text: str(x?.text), differs: x?.differs === true, ignored: x?.ignored === true }))
}

export function normalizeDiff(r: DiffResult): DiffResult {
  return {
    ...r,
    match: r.match === true,
    findings: list(r.findings).map(normalizeFinding),
    pageCut: str(r.pageCut),
    signedSegments: normalizeSegments(r.signedSegments),
    pageSegments: normalizeSegments(r.pageSegments),
  }
}

export function normalizeVerdict(v: Verdict | null | undefined): Verdict {
  const x = v ?? ({} as Partial<Verdict>)
  return {
    code: str(x.code),
    explanation: text(x.explanation),
    fix: text(x.fix),
    kind: x.kind === 'corp' || x.kind === 'agent' ? x.kind : '',
    ticketMasked: str(x.ticketMasked),
    ticketCurrent: x.ticketCurrent === true,
    ticketFetchedAt: Number(x.ticketFetchedAt) || 0,
    ticketExpiresAt: Number(x.ticketExpiresAt) || 0,
    ticketIssue: str(x.ticketIssue),
    url: str(x.url),
    variantCode: str(x.variantCode),
    signStringMasked: str(x.signStringMasked),
    expectedSignature: str(x.expectedSignature),
    expectedSignStringMasked: str(x.expectedSignStringMasked),
    findings: list(x.findings).map(normalizeFinding),
    warnings: list(x.warnings),
    tried: Number(x.tried) || 0,
  }
}

function normalizeExplanation(e: TextExplanation): TextExplanation {
  return {
    matched: e?.matched === true,
    kind: str(e?.kind),
    call: str(e?.call),
    code: Number(e?.code) || 0,
    cause: text(e?.cause),
    fix: text(e?.fix),
    tool: str(e?.tool),
    doc: str(e?.doc),
  }
}

const AUDIT_STATUSES: readonly AuditStatus[] = ['pass', 'fail', 'warn', 'skip']

/** A check's status: Go's, or read from pass / skipped when it sends none. */
function checkStatus(c: Partial<AuditCheck>): AuditStatus {
  if (c.status && AUDIT_STATUSES.includes(c.status)) return c.status
  return c.skipped ? 'skip' : c.pass ? 'pass' : 'fail'
}

export function normalizeReport(r: AuditReport): AuditReport {
  const checks = list(r?.checks).map(
    (c): AuditCheck => ({
      code: str(c?.code),
      title: text(c?.title),
      pass: c?.pass === true,
      skipped: c?.skipped === true,
      status: checkStatus(c ?? {}),
      evidence: str(c?.evidence),
      evidenceZh: str(c?.evidenceZh),
      fix: text(c?.fix),
    }),
  )
  const count = (s: AuditStatus) => checks.filter((c) => c.status === s).length
  const num = (x: unknown, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback)
  return {
    endpoint: str(r?.endpoint),
    kind: str(r?.kind),
    pageBase: str(r?.pageBase),
    checks,
    calls: list(r?.calls).map(
      (c): AuditCall => ({
        case: str(c?.case),
        pageUrl: str(c?.pageUrl),
        requestUrl: str(c?.requestUrl),
        status: Number(c?.status) || 0,
        body: str(c?.body),
        timestamp: str(c?.timestamp),
        nonceStr: str(c?.nonceStr),
        signature: str(c?.signature),
        verdict: normalizeVerdict(c?.verdict),
        error: str(c?.error),
      }),
    ),
    passed: num(r?.passed, count('pass') + count('warn')),
    failed: num(r?.failed, count('fail')),
    warnings: num(r?.warnings, count('warn')),
    skipped: num(r?.skipped, count('skip')),
  }
}

/** The audit's defaults: the usual field names of a signing endpoint's answer. */
export const AUDIT_DEFAULT_FIELDS = { timestampField: 'timestamp', nonceField: 'nonceStr', signatureField: 'signature' } as const

/**
 * The Diagnose area: the tool shown, one profile for the forensics and the audit, and
 * each tool's inputs, answer, progress and error. Answers to superseded questions
 * (typing on while Go answers) are dropped.
 */
export const useDiagnoseStore = defineStore('diagnose', () => {
  const tool = ref<DiagnoseTool>('diff')
  const profile = ref(SANDBOX)

  // --- URL diff ---
  const diff = ref({ signed: '', page: '' })
  const diffResult = shallowRef<DiffResult | null>(null)
  const comparing = ref(false)
  const diffError = ref<AppError | null>(null)
  let diffSeq = 0
  /** The inputs of the last comparison asked (answered or not). */
  let diffAsked = ''

  /**
   * Compares the two URLs (both needed; either empty clears the result). Does nothing
   * when these exact inputs were already compared, unless `force`.
   */
  async function compare(force = false): Promise<void> {
    const { signed, page } = diff.value
    const key = `${signed}\u0000${page}`
    if (!force && key === diffAsked) return
    diffAsked = key
    const seq = ++diffSeq
    if (!signed.trim() || !page.trim()) {
      diffResult.value = null
      diffError.value = null
      comparing.value = false
      return
    }
    comparing.value = true
    try {
      const r = await api.compareUrls(signed, page)
      if (seq !== diffSeq) return
      diffResult.value = normalizeDiff(r)
      diffError.value = null
    } catch (reason) {
      if (seq !== diffSeq) return
      const err = toAppError(reason)
      diffAsked = ''
      diffResult.value = null
      diffError.value = err
      throw err
    } finally {
      if (seq === diffSeq) comparing.value = false
    }
  }

  // --- signature forensics ---
  const forensicsForm = ref<ForensicsInput>({ pageUrl: '', signature: '', timestamp: '', nonceStr: '', failed: '' })
  const verdict = shallowRef<Verdict | null>(null)
  /** The profile and inputs the verdict answers. */
  const verdictFor = shallowRef<string>('')
  const investigating = ref(false)
  const forensicsError = ref<AppError | null>(null)
  let forensicsSeq = 0

  const forensicsKey = () => JSON.stringify([profile.value, forensicsForm.value])
  /** The inputs (or the profile) changed since the verdict shown. */
  const verdictStale = computed(() => verdict.value !== null && verdictFor.value !== forensicsKey())
  /** All the forensics needs is there (Go checks the rest). */
  const forensicsReady = computed(() => {
    const f = forensicsForm.value
    return !!(profile.value && f.pageUrl.trim() && f.signature.trim() && f.timestamp.trim() && f.nonceStr.trim())
  })

  /** Asks Go which ticket and URL made the signature. Rejects with an AppError (DIAGNOSE_INVALID for bad input). */
  async function investigate(): Promise<void> {
    const seq = ++forensicsSeq
    const key = forensicsKey()
    investigating.value = true
    try {
      const v = await api.forensics(profile.value, { ...forensicsForm.value })
      if (seq !== forensicsSeq) return
      verdict.value = normalizeVerdict(v)
      verdictFor.value = key
      forensicsError.value = null
    } catch (reason) {
      if (seq !== forensicsSeq) return
      const err = toAppError(reason)
      verdict.value = null // never show a verdict next to inputs it is not for
      forensicsError.value = err
      throw err
    } finally {
      if (seq === forensicsSeq) investigating.value = false
    }
  }

  // --- error explainer ---
  const explainInput = ref('')
  const explanation = shallowRef<TextExplanation | null>(null)
  const explaining = ref(false)
  const explainError = ref<AppError | null>(null)
  let explainSeq = 0
  let explainAsked: string | null = null

  /** Explains the pasted text (empty clears). Does nothing for text already explained, unless `force`. */
  async function explain(force = false): Promise<void> {
    const input = explainInput.value
    if (!force && input === explainAsked) return
    explainAsked = input
    const seq = ++explainSeq
    if (!input.trim()) {
      explanation.value = null
      explainError.value = null
      explaining.value = false
      return
    }
    explaining.value = true
    try {
      const e = await api.explainText(input)
      if (seq !== explainSeq) return
      explanation.value = normalizeExplanation(e)
      explainError.value = null
    } catch (reason) {
      if (seq !== explainSeq) return
      const err = toAppError(reason)
      explainAsked = null
      explanation.value = null
      explainError.value = err
      throw err
    } finally {
      if (seq === explainSeq) explaining.value = false
    }
  }

  // --- endpoint audit ---
  const auditForm = ref<AuditInput>({ endpoint: '', kind: 'corp', ...AUDIT_DEFAULT_FIELDS, pageBase: '' })
  const report = shallowRef<AuditReport | null>(null)
  const auditing = ref(false)
  const auditError = ref<AppError | null>(null)
  let auditSeq = 0

  /** Runs the audit of the endpoint for the profile. Rejects with an AppError. */
  async function audit(): Promise<void> {
    const seq = ++auditSeq
    const f = auditForm.value
    const input: AuditInput = {
      endpoint: f.endpoint.trim(),
      kind: f.kind,
      timestampField: f.timestampField.trim(),
      nonceField: f.nonceField.trim(),
      signatureField: f.signatureField.trim(),
      pageBase: f.pageBase.trim(),
    }
    auditing.value = true
    try {
      const r = await api.auditEndpoint(profile.value, input)
      if (seq !== auditSeq) return
      report.value = normalizeReport(r)
      auditError.value = null
    } catch (reason) {
      if (seq !== auditSeq) return
      const err = toAppError(reason)
      report.value = null
      auditError.value = err
      throw err
    } finally {
      if (seq === auditSeq) auditing.value = false
    }
  }

  // --- links ---

  /** Fills in what a link carries and shows its tool; fields it does not carry are kept. */
  function applyLink(link: DiagnoseLink): void {
    tool.value = link.tool
    if (link.profile) profile.value = link.profile
    switch (link.tool) {
      case 'diff':
        if (link.signed !== undefined) diff.value = { ...diff.value, signed: link.signed }
        if (link.page !== undefined) diff.value = { ...diff.value, page: link.page }
        break
      case 'forensics': {
        const f = { ...forensicsForm.value }
        if (link.page !== undefined) f.pageUrl = link.page
        if (link.signature !== undefined) f.signature = link.signature
        if (link.timestamp !== undefined) f.timestamp = link.timestamp
        if (link.nonce !== undefined) f.nonceStr = link.nonce
        if (link.failed !== undefined) f.failed = link.failed
        forensicsForm.value = f
        break
      }
      case 'explain':
        if (link.text !== undefined) explainInput.value = link.text
        break
      case 'audit':
        break
    }
  }

  /**
   * Applies a link, then runs its tool when the link filled it in enough: the diff
   * with both URLs, the forensics with every input, the explainer with a text.
   * Failures are kept in the tool's error.
   */
  async function openLink(link: DiagnoseLink): Promise<void> {
    applyLink(link)
    const quiet = (p: Promise<void>) => p.catch(() => {})
    switch (link.tool) {
      case 'diff':
        if (link.signed !== undefined || link.page !== undefined) await quiet(compare())
        break
      case 'forensics':
        if (link.page !== undefined && forensicsReady.value) await quiet(investigate())
        break
      case 'explain':
        if (link.text !== undefined) await quiet(explain())
        break
    }
  }

  /** Shows the URL diff of two URLs (a forensics variant against the page). */
  function compareInDiff(signed: string, page: string): Promise<void> {
    return openLink({ tool: 'diff', signed, page })
  }

  return {
    tool,
    profile,
    diff,
    diffResult,
    comparing,
    diffError,
    compare,
    forensicsForm,
    verdict,
    verdictStale,
    forensicsReady,
    investigating,
    forensicsError,
    investigate,
    explainInput,
    explanation,
    explaining,
    explainError,
    explain,
    auditForm,
    report,
    auditing,
    auditError,
    audit,
    applyLink,
    openLink,
    compareInDiff,
  }
})
