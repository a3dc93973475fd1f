/** Sample values of the Go contract for tests. */
import type { Breakdown, Credential, DevServerStatus, ProfileView, RequestEntry, SignResult, TicketStatus } from '@/api/types'

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
