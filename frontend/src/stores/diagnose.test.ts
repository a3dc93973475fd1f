import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import {
  auditReport,
  chatEntry,
  diffResult,
  emulatorEntry,
  REPORT_PAGE,
  REPORT_SIGNED,
  refusedEntry,
  reportEntry,
  requestEntry,
  textExplanation,
  verdict,
} from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import {
  diagnoseLinkFor,
  diagnoseQuery,
  invalidField,
  parseDiagnoseQuery,
  parseFailed,
  toolTarget,
  useDiagnoseStore,
} from './diagnose'

const binding = vi.hoisted(() => ({
  Compare: vi.fn(),
  Explain: vi.fn(),
  Forensics: vi.fn(),
  Audit: vi.fn(),
}))

beforeEach(() => {
  installGo({ DiagnoseService: binding })
  setActivePinia(createPinia())
  binding.Compare.mockResolvedValue(diffResult())
  binding.Explain.mockResolvedValue(textExplanation())
  binding.Forensics.mockResolvedValue(verdict())
  binding.Audit.mockResolvedValue(auditReport())
})

/** A promise with its resolve handle, to answer a call later. */
function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const SIGNED = 'https://h5.example.com/page/'
const PAGE = 'https://h5.example.com/page?from=singlemessage#/x'
const FORENSICS = {
  pageUrl: PAGE,
  signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
  timestamp: '1700000000',
  nonceStr: 'Wm3WZYTPz0wzccnW',
  failed: 'agent' as const,
}

describe('diagnose store', () => {
  describe('URL diff', () => {
    it('compares both URLs as typed and keeps the findings', async () => {
      const s = useDiagnoseStore()
      s.diff = { signed: SIGNED, page: PAGE }
      await s.compare()
      expect(binding.Compare).toHaveBeenCalledExactlyOnceWith(SIGNED, PAGE)
      expect(s.diffResult?.match).toBe(false)
      expect(s.diffResult?.findings.map((f) => f.code)).toEqual(['TRAILING_SLASH', 'QUERY_EXTRA'])
      expect(s.diffResult?.pageSegments.at(-1)).toEqual({ text: '#/x', differs: false, ignored: true })
      expect(s.comparing).toBe(false)
    })

    it('asks Go only once for the same inputs, unless forced', async () => {
      const s = useDiagnoseStore()
      s.diff = { signed: SIGNED, page: PAGE }
      await s.compare()
      await s.compare()
      expect(binding.Compare).toHaveBeenCalledOnce()
      await s.compare(true)
      expect(binding.Compare).toHaveBeenCalledTimes(2)
    })

    it('an empty URL clears the result without asking Go', async () => {
      const s = useDiagnoseStore()
      s.diff = { signed: SIGNED, page: PAGE }
      await s.compare()
      s.diff = { signed: SIGNED, page: '  ' }
      await s.compare()
      expect(binding.Compare).toHaveBeenCalledOnce()
      expect(s.diffResult).toBeNull()
    })

    it('drops the answer to inputs typed over while Go was answering', async () => {
      const slow = deferred<unknown>()
      binding.Compare.mockReturnValueOnce(slow.promise).mockResolvedValueOnce(diffResult({ match: true, findings: [] }))
      const s = useDiagnoseStore()
      s.diff = { signed: 'https://h5.example.com/a', page: PAGE }
      const first = s.compare()
      s.diff = { signed: SIGNED, page: PAGE }
      await s.compare()
      slow.resolve(diffResult())
      await first
      expect(s.diffResult?.match).toBe(true)
    })

    it('tolerates null lists from Go', async () => {
      binding.Compare.mockResolvedValue({ ...diffResult({ match: true }), findings: null, signedSegments: null, pageSegments: null })
      const s = useDiagnoseStore()
      s.diff = { signed: 'https://a.example/', page: 'https://a.example/' }
      await s.compare()
      expect(s.diffResult).toMatchObject({ match: true, findings: [], signedSegments: [], pageSegments: [] })
    })
  })

  describe('signature forensics', () => {
    it('sends the profile and the inputs, and keeps the verdict', async () => {
      const s = useDiagnoseStore()
      s.profile = 'prod'
      s.forensicsForm = { ...FORENSICS }
      expect(s.forensicsReady).toBe(true)
      await s.investigate()
      expect(binding.Forensics).toHaveBeenCalledExactlyOnceWith('prod', FORENSICS)
      expect(s.verdict).toMatchObject({ code: 'WRONG_TICKET_KIND', kind: 'corp', ticketMasked: 'co…rp' })
      expect(s.verdictStale).toBe(false)
      expect(s.investigating).toBe(false)
    })

    it('marks the verdict stale once an input or the profile changes', async () => {
      const s = useDiagnoseStore()
      s.forensicsForm = { ...FORENSICS }
      await s.investigate()
      s.forensicsForm.timestamp = '1700000001'
      expect(s.verdictStale).toBe(true)
      s.forensicsForm.timestamp = FORENSICS.timestamp
      expect(s.verdictStale).toBe(false)
      s.profile = 'other'
      expect(s.verdictStale).toBe(true)
    })

    it.each([
      ['diagnose: nonceStr: the nonceStr is empty', 'nonceStr'],
      ['audit: endpoint: the template has no {url} placeholder', 'endpoint'],
      ['audit: signatureField: the field path "a..b" has an empty part', 'signatureField'],
      ['audit: something: else', null],
      ['invalid forensics input', null],
    ])('DIAGNOSE_INVALID "%s" names the field %j', (message, field) => {
      expect(invalidField(new AppError('DIAGNOSE_INVALID', message))).toBe(field)
      expect(invalidField(new AppError('INTERNAL', message))).toBeNull()
    })

    it('bad input is DIAGNOSE_INVALID naming the field, and no verdict is left standing', async () => {
      const s = useDiagnoseStore()
      s.forensicsForm = { ...FORENSICS }
      await s.investigate()
      binding.Forensics.mockRejectedValue('DIAGNOSE_INVALID: diagnose: timestamp: want Unix seconds (digits only), got "17e9"')
      s.forensicsForm.timestamp = '17e9'
      const err = await s.investigate().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect(s.forensicsError?.code).toBe('DIAGNOSE_INVALID')
      expect(invalidField(s.forensicsError)).toBe('timestamp')
      expect(s.verdict).toBeNull()
    })

    it('is not ready without a signature, a timestamp, a nonceStr and a page URL', () => {
      const s = useDiagnoseStore()
      s.forensicsForm = { ...FORENSICS, nonceStr: ' ' }
      expect(s.forensicsReady).toBe(false)
    })

    it('fills what Go left out of a verdict', async () => {
      binding.Forensics.mockResolvedValue({ code: 'UNKNOWN_TICKET', explanation: { 'en-US': 'none matched' }, findings: null, warnings: null })
      const s = useDiagnoseStore()
      s.forensicsForm = { ...FORENSICS }
      await s.investigate()
      expect(s.verdict).toMatchObject({ code: 'UNKNOWN_TICKET', kind: '', findings: [], warnings: [], tried: 0 })
      expect(s.verdict?.explanation).toEqual({ 'zh-CN': '', 'en-US': 'none matched' })
    })
  })

  describe('error explainer', () => {
    it('explains the pasted text once, and clears for an empty one', async () => {
      const s = useDiagnoseStore()
      s.explainInput = 'config:invalid signature'
      await s.explain()
      await s.explain()
      expect(binding.Explain).toHaveBeenCalledExactlyOnceWith('config:invalid signature')
      expect(s.explanation).toMatchObject({ matched: true, tool: 'forensics', call: 'config' })
      s.explainInput = ''
      await s.explain()
      expect(s.explanation).toBeNull()
      expect(binding.Explain).toHaveBeenCalledOnce()
    })
  })

  describe('endpoint audit', () => {
    it('sends the trimmed inputs and keeps the checklist', async () => {
      const s = useDiagnoseStore()
      s.auditForm = { endpoint: ' https://api.example.com/sign?url={url} ', kind: 'agent', timestampField: 'ts', nonceField: 'nonceStr', signatureField: ' data.sig ', pageBase: '' }
      await s.audit()
      expect(binding.Audit).toHaveBeenCalledExactlyOnceWith('sandbox', {
        endpoint: 'https://api.example.com/sign?url={url}',
        kind: 'agent',
        timestampField: 'ts',
        nonceField: 'nonceStr',
        signatureField: 'data.sig',
        pageBase: '',
      })
      expect(s.report?.checks.map((c) => [c.code, c.status])).toEqual([
        ['ENDPOINT_REACHABLE', 'pass'],
        ['TIMESTAMP_SECONDS', 'warn'],
        ['HASH_CUT', 'fail'],
        ['TICKET_KNOWN', 'skip'],
      ])
      expect(s.report).toMatchObject({ passed: 2, failed: 1, warnings: 1, skipped: 1 })
      expect(s.report?.calls[0]?.verdict.code).toBe('URL_VARIANT')
    })

    it('starts with the usual field names', () => {
      expect(useDiagnoseStore().auditForm).toMatchObject({ kind: 'corp', timestampField: 'timestamp', nonceField: 'nonceStr', signatureField: 'signature' })
    })

    it('an audit Go cannot run is an error and no report', async () => {
      binding.Audit.mockRejectedValue('INTERNAL: audit: not built yet')
      const s = useDiagnoseStore()
      s.auditForm.endpoint = 'https://api.example.com/sign?url={url}'
      await expect(s.audit()).rejects.toMatchObject({ code: 'INTERNAL' })
      expect(s.auditError?.message).toBe('audit: not built yet')
      expect(s.report).toBeNull()
      expect(s.auditing).toBe(false)
    })

    it('tolerates null lists in the report', async () => {
      binding.Audit.mockResolvedValue({ endpoint: 'x', kind: 'corp', checks: null, calls: null, passed: 0, failed: 0 })
      const s = useDiagnoseStore()
      await s.audit()
      expect(s.report).toMatchObject({ checks: [], calls: [], warnings: 0, skipped: 0 })
    })

    it('reads a check\'s status from pass and skipped when Go sends none', async () => {
      const { checks } = auditReport()
      binding.Audit.mockResolvedValue({
        endpoint: 'x',
        kind: 'corp',
        checks: checks.map(({ status: _status, ...c }) => c),
        calls: [],
      })
      const s = useDiagnoseStore()
      await s.audit()
      expect(s.report?.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'fail', 'skip'])
      expect(s.report).toMatchObject({ passed: 2, failed: 1, warnings: 0, skipped: 1 })
    })
  })

  describe('links', () => {
    it('reads a forensics link', () => {
      expect(
        parseDiagnoseQuery({
          tool: 'forensics',
          profile: 'prod',
          page: PAGE,
          signature: FORENSICS.signature,
          timestamp: '1700000000',
          nonce: 'abc',
          failed: 'agentConfig',
          junk: 'ignored',
        }),
      ).toEqual({ tool: 'forensics', profile: 'prod', page: PAGE, signature: FORENSICS.signature, timestamp: '1700000000', nonce: 'abc', failed: 'agent' })
    })

    it('reads the first of repeated parameters, and nothing without a known tool', () => {
      expect(parseDiagnoseQuery({ tool: ['explain', 'diff'], text: ['config:fail', 'x'] })).toEqual({ tool: 'explain', text: 'config:fail' })
      expect(parseDiagnoseQuery({ tool: 'emulator', text: 'x' })).toBeNull()
      expect(parseDiagnoseQuery({})).toBeNull()
    })

    it.each([
      ['corp', 'corp'],
      ['config', 'corp'],
      ['agent', 'agent'],
      ['agentConfig', 'agent'],
      ['', ''],
      ['unknown', ''],
      ['both', null],
    ])('the failed call %j is %j', (value, want) => {
      expect(parseFailed(value)).toBe(want)
    })

    it('writes a link back as a query without empty values', () => {
      const link = { tool: 'diff' as const, signed: SIGNED, page: PAGE, text: '' }
      expect(diagnoseQuery(link)).toEqual({ tool: 'diff', signed: SIGNED, page: PAGE })
      expect(parseDiagnoseQuery(diagnoseQuery(link))).toEqual({ tool: 'diff', signed: SIGNED, page: PAGE })
    })

    it('a signed request of the dev server links to the forensics with its URL, timestamp, nonceStr and first signature', () => {
      const e = requestEntry(7, { endpoint: 'agent-signature', signatures: [{ kind: 'agent', ticketMasked: 'ag…nt', signature: 'ab'.repeat(20) }] })
      expect(diagnoseLinkFor(e)).toEqual({
        tool: 'forensics',
        profile: 'sandbox',
        page: 'http://127.0.0.1:5173/',
        signature: 'ab'.repeat(20),
        timestamp: '1700000000',
        nonce: 'Wm3WZYTPz0wzccnW',
        failed: 'agent',
      })
    })

    it('a refused signing request links to the forensics with its URL and the call of its endpoint', () => {
      expect(diagnoseLinkFor(refusedEntry(3))).toEqual({
        tool: 'forensics',
        profile: 'sandbox',
        page: 'https://evil.example.com/',
        signature: undefined,
        timestamp: undefined,
        nonce: undefined,
        failed: 'corp',
      })
    })

    it('a failed request that signs nothing links to the explainer with what went wrong', () => {
      const e = requestEntry(4, {
        endpoint: 'customers',
        path: '/api/customers',
        signatures: [],
        status: 502,
        code: 'WECOM_60020',
        message: 'WeCom refused the call',
        error: 'WECOM_60020: not allow to access from your ip',
      })
      expect(diagnoseLinkFor(e)).toEqual({ tool: 'explain', text: 'errcode 60020: not allow to access from your ip' })
    })

    it('a failed config report whose signature is over another URL opens the URL diff of the two', () => {
      expect(diagnoseLinkFor(reportEntry(6))).toEqual({ tool: 'diff', signed: REPORT_SIGNED, page: REPORT_PAGE })
    })

    it('a failed agentConfig report without a signed URL opens the forensics with the params it passed', () => {
      const e = reportEntry(6, { type: 'agentConfig', api: 'agentConfig', verdict: 'UNKNOWN_TICKET', signedUrl: undefined, findings: [] })
      expect(diagnoseLinkFor(e)).toEqual({
        tool: 'forensics',
        profile: 'sandbox',
        page: REPORT_PAGE,
        signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
        timestamp: '1700000000',
        nonce: 'Wm3WZYTPz0wzccnW',
        failed: 'agent',
      })
    })

    it('a failed emulator verification signed over the page URL itself (the other ticket) opens the forensics', () => {
      const page = 'http://127.0.0.1:18787/__wecomdev/test/'
      const e = emulatorEntry(7, { api: 'agentConfig', ok: false, errMsg: 'agentConfig:fail', verdict: 'WRONG_TICKET_KIND', signedUrl: page })
      expect(diagnoseLinkFor(e)).toMatchObject({ tool: 'forensics', page, failed: 'agent', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed', timestamp: '1700000000' })
    })

    it('a failed config without any signature (missing parameters) opens the explainer with its errMsg', () => {
      const e = emulatorEntry(8, { ok: false, errMsg: 'config:invalid url domain', params: { appId: 'wwOther' }, signature: '', verdict: undefined, signedUrl: undefined })
      expect(diagnoseLinkFor(e)).toEqual({ tool: 'explain', text: 'config:invalid url domain' })
    })

    it('a wrong corpId (refused before the signature: no verdict) opens the explainer with the client answer, not the forensics', () => {
      const result = { errCode: 2, errMsg: 'config:fail', err_Info: 'invalid corpid more info at https://open.work.weixin.qq.com/devtool/query?e=40013' }
      const e = emulatorEntry(9, { ok: false, errMsg: 'config:fail', verdict: undefined, signedUrl: undefined, result })
      expect(diagnoseLinkFor(e)).toEqual({ tool: 'explain', text: JSON.stringify(result) })
    })

    it.each([
      ['an emulator verification that passed', emulatorEntry(1)],
      ['a console message', reportEntry(2, { type: 'console', level: 'error', api: undefined, ok: false, errMsg: undefined, message: 'boom' })],
      ['a failed client API', emulatorEntry(3, { type: 'invoke', api: 'getCurExternalContact', ok: false, errMsg: 'getCurExternalContact:fail' })],
      ['a chatId stored', chatEntry(4)],
    ])('%s has nothing to diagnose', (_what, e) => {
      expect(diagnoseLinkFor(e)).toBeNull()
    })

    it('a request that succeeded without a signature has nothing to diagnose', () => {
      expect(diagnoseLinkFor(requestEntry(5, { endpoint: 'verify-file', signatures: [], status: 200 }))).toBeNull()
    })

    it('opening a link fills the tool in and runs it', async () => {
      const s = useDiagnoseStore()
      await s.openLink({ tool: 'forensics', profile: 'prod', page: PAGE, signature: FORENSICS.signature, timestamp: '1700000000', nonce: 'n', failed: 'corp' })
      expect(s.tool).toBe('forensics')
      expect(binding.Forensics).toHaveBeenCalledExactlyOnceWith('prod', { pageUrl: PAGE, signature: FORENSICS.signature, timestamp: '1700000000', nonceStr: 'n', failed: 'corp' })
      expect(s.verdict?.code).toBe('WRONG_TICKET_KIND')

      await s.openLink({ tool: 'diff', signed: SIGNED, page: PAGE })
      expect(s.tool).toBe('diff')
      expect(binding.Compare).toHaveBeenCalledExactlyOnceWith(SIGNED, PAGE)

      await s.openLink({ tool: 'explain', text: 'config:invalid signature' })
      expect(binding.Explain).toHaveBeenCalledExactlyOnceWith('config:invalid signature')
    })

    it('a link without enough to run only shows its tool, keeping what was typed', async () => {
      const s = useDiagnoseStore()
      s.forensicsForm.nonceStr = 'typed'
      await s.openLink({ tool: 'forensics', page: PAGE })
      expect(s.forensicsForm).toMatchObject({ pageUrl: PAGE, nonceStr: 'typed' })
      expect(binding.Forensics).not.toHaveBeenCalled()
      await s.openLink({ tool: 'audit' })
      expect(s.tool).toBe('audit')
    })

    it('a link whose forensics input is bad shows the error, it does not throw', async () => {
      binding.Forensics.mockRejectedValue('DIAGNOSE_INVALID: diagnose: signature: want 40 hexadecimal characters (a SHA-1), got "x"')
      const s = useDiagnoseStore()
      await s.openLink({ tool: 'forensics', page: PAGE, signature: 'x', timestamp: '1', nonce: 'n' })
      expect(invalidField(s.forensicsError)).toBe('signature')
    })
  })

  it.each([
    ['url-diff', { tab: 'diff' }],
    ['forensics', { tab: 'forensics' }],
    ['audit', { tab: 'audit' }],
    ['tickets', { area: 'tickets' }],
    ['profiles', { area: 'profiles' }],
    ['profiles/trusted-domains', { area: 'profiles' }],
    ['sign', { area: 'sign' }],
    ['devserver', { area: 'devserver' }],
    ['emulator', { area: 'devserver' }],
    ['a-tool-of-a-later-version', null],
    ['', null],
  ])('the tool %j of an explanation is %j', (tool, target) => {
    expect(toolTarget(tool)).toEqual(target)
  })
})
