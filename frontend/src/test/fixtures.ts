/** Sample values of the Go contract for tests. */
import type { Breakdown, Credential, ProfileView, SignResult, TicketStatus } from '@/api/types'

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
