/** Sample values of the Go contract for tests. */
import type { ChatLabel, DevServerStatus, EntryReport, RequestEntry } from '@/api/devserver.types'
import type { AuditReport, DiffResult, TextExplanation, Verdict } from '@/api/diagnose.types'
import type { ProfileView } from '@/api/profiles.types'
import type { Breakdown, SignResult } from '@/api/sign.types'
import type { Credential, TicketStatus } from '@/api/tickets.types'

export function profileView(over: Partial<ProfileView> = {}): ProfileView {
  return {
    name: 'demo',
    corpId: 'ww0000000000000001',
    agentId: 1000002,
    apiBase: 'https://qyapi.weixin.qq.com',
    trustedDomains: ['h5.example.com'],
    sandbox: false,
    secret: 'missing',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...over,
  }
}

export function sandboxView(over: Partial<ProfileView> = {}): ProfileView {
  return profileView({
    name: 'sandbox',
    corpId: 'ww5andb0x0000001',
    agentId: 1000002,
    apiBase: 'http://127.0.0.1:41234',
    trustedDomains: [],
    sandbox: true,
    secret: 'builtin',
    ...over,
  })
}

export function credential(kind: Credential['kind'], over: Partial<Credential> = {}): Credential {
  return { kind, masked: '', fetchedAt: 0, expiresAt: 0, state: 'none', ...over }
}

export function ticketStatus(profile = 'sandbox', over: Partial<TicketStatus> = {}): TicketStatus {
  return {
    profile,
    credentials: [credential('token'), credential('corp'), credential('agent')],
    budget: { corp: { used: 0, limit: 400, warn: false }, app: { used: 0, limit: 100, warn: false } },
    lastError: null,
    history: [],
    persistError: '',
    ...over,
  }
}

/** A status with three valid credentials fetched at `now`, living 7200 s. */
export function fetchedStatus(profile = 'sandbox', now = Date.now()): TicketStatus {
  const live = { fetchedAt: now, expiresAt: now + 7_200_000, state: 'valid' as const }
  return ticketStatus(profile, {
    credentials: [
      credential('token', { masked: 'at…ok', ...live }),
      credential('corp', { masked: 'co…rp', ...live }),
      credential('agent', { masked: 'ag…nt', ...live }),
    ],
    budget: { corp: { used: 1, limit: 400, warn: false }, app: { used: 1, limit: 100, warn: false } },
    history: [
      { kind: 'corp', masked: 'co…rp', fetchedAt: now, expiresAt: now + 7_200_000 },
      { kind: 'agent', masked: 'ag…nt', fetchedAt: now, expiresAt: now + 7_200_000 },
    ],
  })
}

export function breakdown(kind: Breakdown['kind'], over: Partial<Breakdown> = {}): Breakdown {
  return {
    kind,
    url: 'https://example.com/page?a=1#frag',
    signedUrl: 'https://example.com/page?a=1',
    timestamp: '1700000000',
    nonceStr: 'Wm3WZYTPz0wzccnW',
    ticketMasked: kind === 'corp' ? 'co…rp' : 'ag…nt',
    signStringMasked: `jsapi_ticket=${kind === 'corp' ? 'co…rp' : 'ag…nt'}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1700000000&url=https://example.com/page?a=1`,
    signature: kind === 'corp' ? '0f9de62fce790f9a083d5c99e95740ceb90c27ed' : '2f9de62fce790f9a083d5c99e95740ceb90c27ee',
    warnings: [{ code: 'URL_HAS_HASH', detail: 'the fragment "#frag" is not signed: it was cut' }],
    ...over,
  }
}

export function signResult(over: Partial<SignResult> = {}): SignResult {
  return {
    profile: 'sandbox',
    corpId: 'ww5andb0x0000001',
    agentId: 1000002,
    url: 'https://example.com/page?a=1#frag',
    timestamp: '1700000000',
    nonceStr: 'Wm3WZYTPz0wzccnW',
    config: breakdown('corp'),
    agent: breakdown('agent'),
    register: "ww.register({\n  corpId: 'ww5andb0x0000001',\n  agentId: 1000002,\n})",
    ...over,
  }
}

/** A dev server status: stopped, or running for `profile` on 127.0.0.1:18787. */
export function devStatus(running = false, over: Partial<DevServerStatus> = {}): DevServerStatus {
  const base = 'http://127.0.0.1:18787'
  return {
    running,
    profile: running ? 'sandbox' : '',
    addr: running ? '127.0.0.1:18787' : '',
    baseUrl: running ? base : '',
    defaultAddr: '127.0.0.1:8787',
    startedAt: running ? 1_700_000_000_000 : 0,
    endpoints: running
      ? [
          { name: 'config-signature', method: 'GET', path: '/api/jssdk/config-signature', url: `${base}/api/jssdk/config-signature?url=` },
          { name: 'agent-signature', method: 'GET', path: '/api/jssdk/agent-signature', url: `${base}/api/jssdk/agent-signature?url=` },
          { name: 'config', method: 'GET', path: '/api/jssdk/config', url: `${base}/api/jssdk/config?url=` },
          { name: 'customers', method: 'GET', path: '/api/customers', url: `${base}/api/customers?userId=` },
        ]
      : [],
    allowedHosts: running ? ['localhost', '127.0.0.1', '[::1]'] : [],
    tunnelHost: '',
    verifyFiles: [],
    requests: 0,
    dropped: 0,
    upstream: '',
    emulate: false,
    entry: { entry: 'normal' },
    testPageUrl: running ? `${base}/__wecomdev/test/` : '',
    ...over,
  }
}

/** A logged config-signature request for a loopback page, answered 200. */
export function requestEntry(id: number, over: Partial<RequestEntry> = {}): RequestEntry {
  return {
    id,
    time: '2025-01-02T03:04:05.678Z',
    profile: 'sandbox',
    client: '127.0.0.1',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1',
    app: { client: 'wxwork', version: '4.1.22', platform: 'iOS' },
    method: 'GET',
    path: '/api/jssdk/config-signature',
    endpoint: 'config-signature',
    url: 'http://127.0.0.1:5173/',
    host: '127.0.0.1',
    allowed: true,
    decision: 'loopback',
    timestamp: '1700000000',
    nonceStr: 'Wm3WZYTPz0wzccnW',
    signatures: [{ kind: 'corp', ticketMasked: 'co…rp', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' }],
    status: 200,
    durationUs: 420,
    ...over,
  }
}

/** A request for a page on a host the server does not sign for, answered 403. */
export function refusedEntry(id: number, over: Partial<RequestEntry> = {}): RequestEntry {
  return requestEntry(id, {
    userAgent: 'curl/8.5.0',
    app: {},
    url: 'https://evil.example.com/',
    host: 'evil.example.com',
    allowed: false,
    decision: 'host refused',
    timestamp: undefined,
    nonceStr: undefined,
    signatures: undefined,
    status: 403,
    code: 'HOST_NOT_ALLOWED',
    message: 'evil.example.com is not an allowed host; this server signs only for localhost, 127.0.0.1, [::1]',
    ...over,
  })
}

const both = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

/** The page the report fixtures come from, and the URL its backend signed instead. */
export const REPORT_PAGE = 'https://h5.example.com/page?from=singlemessage#/x'
export const REPORT_SIGNED = 'https://h5.example.com/page/'

/**
 * What reporter.js sent for a wx.config that failed on a phone, as Go logged it after
 * its forensics found the signature was over another URL (endpoint report, 202).
 */
export function reportEntry(id: number, report: Partial<EntryReport> = {}, over: Partial<RequestEntry> = {}): RequestEntry {
  const r: EntryReport = {
    type: 'config',
    api: 'config',
    ok: false,
    errMsg: 'config:invalid signature',
    params: { appId: 'ww5andb0x0000001', timestamp: 1700000000, nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed', jsApiList: ['getContext'] },
    pageUrl: REPORT_PAGE,
    landingUrl: 'https://h5.example.com/page?from=singlemessage&code=CODE&state=s',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1',
    clientTime: 1_700_000_000_123,
    seq: 4,
    signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    expectedSignature: '7c4a8d09ca3762af61e59520943dc26494f8941b',
    verdict: 'URL_VARIANT',
    signedUrl: REPORT_SIGNED,
    findings: diffResult().findings,
    explanation: both('签名的是页面 URL 的变体：https://h5.example.com/page/。', 'The signature was made over a variant of the page URL: https://h5.example.com/page/.'),
    ...report,
  }
  return requestEntry(id, {
    method: 'POST',
    path: '/__wecomdev/report',
    endpoint: 'report',
    url: r.pageUrl ?? '',
    host: 'h5.example.com',
    decision: 'trusted domain',
    timestamp: undefined,
    nonceStr: undefined,
    signatures: undefined,
    status: 202,
    message: 'config:invalid signature [URL_VARIANT TRAILING_SLASH QUERY_EXTRA]',
    report: r,
    ...over,
  })
}

/** The emulator's verification of a desktop page's config on loopback: config:ok (endpoint emulator, 200). */
export function emulatorEntry(id: number, report: Partial<EntryReport> = {}, over: Partial<RequestEntry> = {}): RequestEntry {
  const page = 'http://127.0.0.1:18787/__wecomdev/test/'
  const r: EntryReport = {
    type: 'verify',
    api: 'config',
    ok: true,
    errMsg: 'config:ok',
    message: 'config:ok',
    params: { appId: 'ww5andb0x0000001', timestamp: '1700000000', nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed', jsApiList: ['getContext'] },
    result: { errMsg: 'config:ok' },
    pageUrl: page,
    signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    expectedSignature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    verdict: 'OK',
    signedUrl: page,
    findings: [],
    warnings: [
      {
        code: 'LOOPBACK',
        message: both('页面在本机地址上：模拟器放行，但手机上的企业微信会回答 config:invalid url domain。', 'the page is on loopback: the emulator lets it pass, but WeCom on a phone answers config:invalid url domain.'),
      },
    ],
    ...report,
  }
  return requestEntry(id, {
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 wxwork/4.1.22 MicroMessenger/7.0.1',
    app: { client: 'wxwork', version: '4.1.22', platform: 'Linux' },
    method: 'POST',
    path: '/__wecomdev/emulator/verify',
    endpoint: 'emulator',
    url: r.pageUrl ?? '',
    host: '127.0.0.1',
    signatures: undefined,
    status: 200,
    message: r.errMsg,
    report: r,
    ...over,
  })
}

/** A chatId ↔ label the test page stored (endpoint chat, 200). */
export function chatEntry(id: number, chatId = 'wrAbCdEfGhIjKlMnOpQrStUvWxYz0123', label = 'A-2026-0042'): RequestEntry {
  return requestEntry(id, {
    method: 'POST',
    path: '/__wecomdev/chat',
    endpoint: 'chat',
    url: `chatId=${chatId}`,
    timestamp: undefined,
    nonceStr: undefined,
    signatures: undefined,
    status: 200,
    report: { type: 'chat', ok: true, message: label, chatId },
  })
}

export function chatLabel(over: Partial<ChatLabel> = {}): ChatLabel {
  return { chatId: 'wrAbCdEfGhIjKlMnOpQrStUvWxYz0123', label: 'A-2026-0042', profile: 'sandbox', createdAt: '2025-01-02T03:04:05Z', ...over }
}

/**
 * What Go's Compare answers for a trailing slash against a page with an extra
 * parameter and a hash (copied from internal/diagnose's output).
 */
export function diffResult(over: Partial<DiffResult> = {}): DiffResult {
  const parts = { lead: '', scheme: 'https', separator: '://', userInfo: '', host: 'h5.example.com', port: '', path: '/page/', query: '', hash: '', trail: '' }
  return {
    match: false,
    findings: [
      {
        code: 'TRAILING_SLASH',
        message: both('签名的路径 "/page/" 末尾多了 "/"，页面路径是 "/page"。', 'The signed path "/page/" ends with "/" and the page\'s "/page" does not.'),
        fix: both('逐字按浏览器显示的 URL 签名。', 'Sign the URL the browser shows, character for character.'),
        signed: '/page/',
        page: '/page',
      },
      {
        code: 'QUERY_EXTRA',
        message: both('页面 URL 有签名的 URL 没有的参数："from=singlemessage"。', 'The page has parameters the signed URL lacks: "from=singlemessage".'),
        fix: both('对页面运行时读到的 URL（location.href）签名。', 'Sign the URL the page reads at run time (location.href).'),
        signed: '',
        page: 'from=singlemessage',
      },
    ],
    signed: parts,
    page: { ...parts, path: '/page', query: '?from=singlemessage', hash: '#/x' },
    pageCut: 'https://h5.example.com/page?from=singlemessage',
    signedSegments: [
      { text: 'https://h5.example.com/page', differs: false },
      { text: '/', differs: true },
    ],
    pageSegments: [
      { text: 'https://h5.example.com/page', differs: false },
      { text: '?from=singlemessage', differs: true },
      { text: '#/x', differs: false, ignored: true },
    ],
    ...over,
  }
}

/** A forensics verdict: agentConfig failed and the corp ticket made its signature. */
export function verdict(over: Partial<Verdict> = {}): Verdict {
  return {
    code: 'WRONG_TICKET_KIND',
    explanation: both('wx.agentConfig 失败了，而它的签名是用当前的企业 ticket "co…rp" 生成的。', 'wx.agentConfig failed, and its signature was made with the current corp ticket "co…rp".'),
    fix: both('getAgentConfigSignature 用应用 ticket 签名。', 'Sign getAgentConfigSignature with the app ticket.'),
    kind: 'corp',
    ticketMasked: 'co…rp',
    ticketCurrent: true,
    ticketFetchedAt: Date.now() - 12 * 60_000,
    ticketExpiresAt: Date.now() + 108 * 60_000,
    ticketIssue: '',
    url: 'https://h5.example.com/page',
    variantCode: '',
    signStringMasked: 'jsapi_ticket=co…rp&noncestr=Wm3WZYTPz0wzccnW&timestamp=1700000000&url=https://h5.example.com/page',
    expectedSignature: '2f9de62fce790f9a083d5c99e95740ceb90c27ee',
    expectedSignStringMasked: 'jsapi_ticket=ag…nt&noncestr=Wm3WZYTPz0wzccnW&timestamp=1700000000&url=https://h5.example.com/page',
    findings: [],
    warnings: [],
    tried: 2,
    ...over,
  }
}

/** Go's Explain of "config:invalid signature". */
export function textExplanation(over: Partial<TextExplanation> = {}): TextExplanation {
  return {
    matched: true,
    kind: 'invalid_signature',
    call: 'config',
    code: 0,
    cause: both('wx.config 的签名错误（40093）。', "wx.config's signature is wrong (40093)."),
    fix: both('用「签名溯源」查出是哪个 ticket 生成了这个签名。', 'Run Forensics: it says which ticket made the signature.'),
    tool: 'forensics',
    doc: '',
    ...over,
  }
}

/** An audit with a pass, a pass with a caveat, a failure and a skipped check, and one call. */
export function auditReport(over: Partial<AuditReport> = {}): AuditReport {
  return {
    endpoint: 'https://api.example.com/sign?url={url}',
    kind: 'corp',
    pageBase: 'https://h5.example.com/',
    checks: [
      {
        code: 'ENDPOINT_REACHABLE',
        title: both('接口可以访问', 'The endpoint answers'),
        pass: true,
        skipped: false,
        status: 'pass',
        evidence: '[slash] GET https://api.example.com/sign?url=https%3A%2F%2Fh5.example.com%2Faudit%2F → 200 with a JSON object [hash, share] GET … → 200 with a JSON object',
        fix: both('', ''),
      },
      {
        code: 'TIMESTAMP_SECONDS',
        title: both('timestamp 是秒', 'The timestamp is in seconds'),
        pass: true,
        skipped: false,
        status: 'warn',
        evidence: 'timestamp 1700000000 is a JSON number',
        fix: both('把 timestamp 作为字符串返回。', 'Answer the timestamp as a string.'),
      },
      {
        code: 'HASH_CUT',
        title: both('签名前去掉 #…', 'The #… is cut before signing'),
        pass: false,
        skipped: false,
        status: 'fail',
        evidence: 'signed "https://h5.example.com/audit/?a=1#/route"',
        fix: both('签名前去掉 # 及其后的内容。', 'Cut everything from the first "#" before signing.'),
      },
      {
        code: 'TICKET_KNOWN',
        title: both('用控制台知道的 ticket', 'Signs with a ticket the console knows'),
        pass: false,
        skipped: true,
        status: 'skip',
        evidence: 'no signature to check',
        fix: both('', ''),
      },
    ],
    calls: [
      {
        case: 'hash',
        pageUrl: 'https://h5.example.com/audit/?a=1#/route',
        requestUrl: 'https://api.example.com/sign?url=https%3A%2F%2Fh5.example.com%2Faudit%2F%3Fa%3D1%23%2Froute',
        status: 200,
        body: '{"timestamp":1700000000,"nonceStr":"abc","signature":"0f9d…"}',
        timestamp: '1700000000',
        nonceStr: 'abc',
        signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
        verdict: verdict({ code: 'URL_VARIANT', variantCode: 'HASH_INCLUDED' }),
      },
    ],
    passed: 2,
    failed: 1,
    warnings: 1,
    skipped: 1,
    ...over,
  }
}
