/**
 * Types of the Go services of the profile, ticket, signature and dev server
 * areas, exactly as their JSON crosses the bridge (package app:
 * ProfilesService, TicketsService, SignService, DevServerService). Times are
 * Unix milliseconds, except a request log entry's `time` (an ISO string).
 */

/** Where a profile's corp secret comes from. */
export type SecretState = 'stored' | 'missing' | 'env' | 'builtin' | 'unknown'
export const SECRET_STATES: readonly SecretState[] = ['stored', 'missing', 'env', 'builtin', 'unknown']

export interface ProfileView {
  name: string
  corpId: string
  agentId: number
  apiBase: string
  trustedDomains: string[]
  sandbox: boolean
  secret: SecretState
  createdAt: number
  updatedAt: number
}

/** Add when `originalName` is "", else edit the profile of that name (rename allowed). */
export interface ProfileInput {
  originalName: string
  name: string
  corpId: string
  agentId: number
  apiBase: string
  trustedDomains: string[]
}

/** `error` is "KEYCHAIN_UNAVAILABLE: …how to fix it…" or "". */
export interface KeychainStatus {
  available: boolean
  error: string
}

/** token = access_token, corp = corp jsapi_ticket (wx.config), agent = app ticket (wx.agentConfig). */
export type CredentialKind = 'token' | 'corp' | 'agent'
export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['token', 'corp', 'agent']

export type CredentialState = 'valid' | 'expired' | 'none'

export interface Credential {
  kind: CredentialKind
  masked: string
  fetchedAt: number
  expiresAt: number
  state: CredentialState
}

export interface BudgetCount {
  used: number
  limit: number
  warn: boolean
}

/** One text in both UI languages. */
export interface LocalizedText {
  'zh-CN': string
  'en-US': string
}

export interface Explanation {
  code: number
  cause: LocalizedText
  fix: LocalizedText
  /** WeCom's error-code page. */
  doc: string
}

export interface TicketError {
  kind: string
  code: string
  wecomCode: number
  message: string
  at: number
  retryAt: number
  explanation: Explanation | null
}

export type TicketKind = 'corp' | 'agent'

export interface TicketHistoryEntry {
  kind: TicketKind
  masked: string
  fetchedAt: number
  expiresAt: number
}

export interface TicketStatus {
  profile: string
  /** Always three, in the order token, corp, agent. */
  credentials: Credential[]
  budget: { corp: BudgetCount; app: BudgetCount }
  lastError: TicketError | null
  history: TicketHistoryEntry[]
  /** "" or why the cache could not be saved to the keychain. */
  persistError: string
}

export interface SignWarning {
  code: string
  detail: string
}

export interface Breakdown {
  kind: TicketKind
  url: string
  signedUrl: string
  timestamp: string
  nonceStr: string
  ticketMasked: string
  signStringMasked: string
  signature: string
  warnings: SignWarning[]
}

export interface SignResult {
  profile: string
  corpId: string
  agentId: number
  url: string
  timestamp: string
  nonceStr: string
  /** Signed with the corp ticket: wx.config / ww.register getConfigSignature. */
  config: Breakdown
  /** Signed with the app ticket: wx.agentConfig / ww.register getAgentConfigSignature. */
  agent: Breakdown
  /** A ready-to-paste ww.register({...}) snippet. */
  register: string
}

/** Warning codes of internal/jssdk (Check / Explain); each has a `sign.warnings.<CODE>` message. */
export const WARNING_CODES = [
  'URL_EMPTY',
  'URL_NO_SCHEME',
  'URL_NOT_HTTP',
  'URL_HAS_HASH',
  'URL_ENCODED',
  'URL_DOUBLE_ENCODED',
  'URL_HTML_ESCAPED',
  'URL_WHITESPACE',
  'URL_LOCALHOST',
  'URL_IP_HOST',
  'URL_TOO_LONG',
  'TIMESTAMP_NOT_SECONDS',
  'NONCE_EMPTY',
  'NONCE_INVALID',
  'TICKET_IN_INPUT',
] as const

// --- Dev server (DevServerService) ---------------------------------------------------

/** One endpoint of the running dev server, with the full URL to call. */
export interface DevEndpoint {
  /** config-signature, agent-signature, config or customers. */
  name: string
  method: string
  path: string
  /** Base URL + path + the start of the query (`?url=` / `?userId=`). */
  url: string
}

/** A domain verification file (WW_verify_….txt) the server serves at its root. */
export interface VerifyFile {
  name: string
  content: string
  /** Where the running server serves it; "" when stopped. */
  url: string
}

export interface DevServerStatus {
  running: boolean
  /** The profile it signs for ("" when stopped). */
  profile: string
  /** The address bound, e.g. 127.0.0.1:8787 ("" when stopped). */
  addr: string
  /** http://host:port a browser can open ("" when stopped). */
  baseUrl: string
  /** Where Start listens when given no address. */
  defaultAddr: string
  /** Unix ms, 0 when stopped. */
  startedAt: number
  endpoints: DevEndpoint[]
  /** What it signs for: loopback names, then the trusted domains, then the tunnel host. */
  allowedHosts: string[]
  tunnelHost: string
  verifyFiles: VerifyFile[]
  /** Requests seen since the log was last cleared (this session). */
  requests: number
  /** Requests not logged: they came faster than the log keeps. */
  dropped: number
  /** The developer's own dev server every other path is proxied to; "" when none. */
  upstream: string
  /** The WeCom client emulator is on (kept while stopped, for the next start). */
  emulate: boolean
  /** Where emulated pages count as opened unless a page's overlay says otherwise (kept while stopped). */
  entry: PageEntry
  /** The built-in test page (/__wecomdev/test/); "" when stopped. */
  testPageUrl: string
}

/** The endpoints as the request log names them (preflights get " (preflight)" appended). */
export const DEV_ENDPOINTS = [
  'config-signature',
  'agent-signature',
  'config',
  'customers',
  'verify-file',
  'index',
  'other',
  // The phone side and the proxy: a proxied path of the upstream, the test page and its
  // scripts, a page's reports, the emulator's verifications and client APIs, a chatId stored.
  'proxy',
  'phone',
  'report',
  'emulator',
  'chat',
] as const

/** The endpoints whose entries carry a `report`. */
export const REPORT_ENDPOINTS = ['report', 'emulator', 'chat'] as const

/**
 * What a report is (internal/devserver Report…): what a page reported (register …
 * step), the emulator verifying config / agentConfig (verify), a chatId stored (chat).
 */
export const REPORT_TYPES = [
  'register',
  'signature',
  'config',
  'agentConfig',
  'wx.error',
  'error',
  'unhandledrejection',
  'console',
  'invoke',
  'step',
  'verify',
  'chat',
] as const

/** Something the emulator wants known about a verification (a phone would answer otherwise, …). */
export interface ReportWarning {
  code: string
  message: LocalizedText
}

/**
 * One event of a phone page (endpoint report), one emulator verification or client API
 * call (endpoint emulator), or a chatId stored (endpoint chat). Never a credential.
 */
export interface EntryReport {
  /** One of REPORT_TYPES. */
  type: string
  /** console's level: log, info, warn, error, debug. */
  level?: string
  /** config, agentConfig, a client API, ww.register / wx.config, a test page step. */
  api?: string
  /** The call succeeded; false for errors and for events that are not calls. */
  ok: boolean
  errMsg?: string
  message?: string
  stack?: string
  /** The call's parameters (a JSON object, credentials removed). */
  params?: unknown
  /** What the emulator answered. */
  result?: unknown
  pageUrl?: string
  /** The first URL of the page's session. */
  landingUrl?: string
  /** As the page saw it (the emulator changes it). */
  userAgent?: string
  /** Unix ms on the page's clock. */
  clientTime?: number
  seq?: number
  /** Events the page dropped so far. */
  dropped?: number
  chatId?: string
  /** A signature check: what the page was given and what the console's ticket gives. */
  signature?: string
  expectedSignature?: string
  /** One of VERDICT_CODES. */
  verdict?: string
  /** The URL the page's signature is over, when found. */
  signedUrl?: string
  findings?: Finding[]
  warnings?: ReportWarning[]
  explanation?: LocalizedText | null
  note?: string
}

/** A customer group the test page created, with the label (customer / order number) given to it. */
export interface ChatLabel {
  chatId: string
  label: string
  profile: string
  /** ISO 8601. */
  createdAt: string
}

/** Why the server signed (loopback / trusted domain / tunnel) or refused. */
export const DEV_DECISIONS = ['loopback', 'trusted domain', 'tunnel', 'host refused', 'origin refused'] as const

/** The WeCom (or WeChat) client a User-Agent names; "" is a plain browser. */
export type DevClient = 'wxwork' | 'wxworklocal' | 'wechat' | ''
export const DEV_CLIENTS: readonly DevClient[] = ['wxwork', 'wxworklocal', 'wechat', '']

export interface ClientInfo {
  client?: DevClient
  version?: string
  platform?: 'iOS' | 'Android' | 'Windows' | 'Mac' | 'Linux' | ''
}

/** One signature given to a client. */
export interface EntrySignature {
  kind: TicketKind
  ticketMasked: string
  signature: string
}

/** One request to the dev server, as the log keeps it (never a secret; tickets masked). */
export interface RequestEntry {
  id: number
  /** ISO 8601. */
  time: string
  profile: string
  /** The client's IP address. */
  client: string
  userAgent: string
  app: ClientInfo
  method: string
  path: string
  /** One of DEV_ENDPOINTS, possibly with " (preflight)". */
  endpoint: string
  origin?: string
  /** The page URL asked for (customers: the query, mobile masked). */
  url: string
  host?: string
  allowed: boolean
  /** One of DEV_DECISIONS. */
  decision?: string
  timestamp?: string
  nonceStr?: string
  signatures?: EntrySignature[]
  customers?: number
  cached?: boolean
  /** HTTP status. */
  status: number
  /** The error code the client got. */
  code?: string
  /** What the client was told. */
  message?: string
  /** The whole reason, for the console only. */
  error?: string
  durationUs: number
  /** What a page reported, or what the emulator did (endpoints report, emulator, chat). */
  report?: EntryReport
}

/** Selects log entries; zero values select everything. */
export interface RequestsFilter {
  profile: string
  /** A substring of the URL, path or client. */
  text: string
  /** One of DEV_ENDPOINTS, or "". */
  endpoint: string
  /** Status ≥ 400 only. */
  failed: boolean
  /** Paging: entries older than this id (0: the newest). */
  beforeId: number
  /** Default 200, at most 1000. */
  limit: number
}

/** Payload of `devserver:requests`: what was logged since the last one. */
export interface RequestsEvent {
  /** Newest last, at most 100. */
  entries: RequestEntry[]
  /** Entries of this batch not sent (a flood); they are in the log. */
  more: number
  dropped: number
  total: number
  /** Why the request log cannot be written (disk full, …), once per spell of failures; the entries still come but are not kept. */
  storeError?: string
}

/** One logged request with its signatures explained. */
export interface RequestDetail {
  entry: RequestEntry
  breakdowns: Breakdown[]
}

// --- Diagnose (DiagnoseService) ------------------------------------------------------

/** Finding codes of the URL diff (internal/diagnose FindingCodes), in Go's order. */
export const FINDING_CODES = [
  'WHITESPACE',
  'HTML_ESCAPED',
  'QUERY_ENCODING',
  'HASH_INCLUDED',
  'SCHEME',
  'HOST_CASE',
  'HOST',
  'PORT',
  'TRAILING_SLASH',
  'INDEX_FILE',
  'PATH',
  'QUERY_ORDER',
  'OAUTH_PARAMS',
  'QUERY_EXTRA',
  'QUERY_MISSING',
  'OTHER',
] as const

/** One explained difference between the signed URL and the page's URL. */
export interface Finding {
  /** One of FINDING_CODES (a code the UI does not know yet is shown as is). */
  code: string
  message: LocalizedText
  fix: LocalizedText
  /** The differing fragment as it appears in each URL; either may be "". */
  signed: string
  page: string
}

/** A run of one URL that is the same in the other URL or differs from it. */
export interface Segment {
  text: string
  differs: boolean
  /** The page's own "#…": shown, never compared (the SDK cuts it). */
  ignored?: boolean
}

/** A URL cut into its parts, as typed (nothing normalised). */
export interface URLParts {
  lead: string
  scheme: string
  separator: string
  userInfo: string
  host: string
  port: string
  path: string
  query: string
  hash: string
  trail: string
}

/** The signed URL compared with the page's URL (DiagnoseService.Compare). */
export interface DiffResult {
  /** The signed URL is byte-identical to the page URL without its "#…". */
  match: boolean
  /** At least one when match is false. */
  findings: Finding[]
  signed: URLParts
  page: URLParts
  /** The page URL without "#…": what the signature must have been made over. */
  pageCut: string
  /** Each joins back into its URL; the page's "#…" is a last, ignored segment. */
  signedSegments: Segment[]
  pageSegments: Segment[]
}

/** The verdicts of the signature forensics. */
export const VERDICT_CODES = ['OK', 'WRONG_TICKET_KIND', 'STALE_TICKET', 'URL_VARIANT', 'UNKNOWN_TICKET'] as const
export type VerdictCode = (typeof VERDICT_CODES)[number]

/** Which call failed: wx.config (corp ticket), wx.agentConfig (app ticket), or unknown (""). */
export type FailedCall = TicketKind | ''

/** What a page was given, and which call failed. */
export interface ForensicsInput {
  /** location.href; the hash is cut. */
  pageUrl: string
  signature: string
  timestamp: string
  nonceStr: string
  failed: FailedCall
}

/** What produced a signature. No field ever holds a ticket in clear. */
export interface Verdict {
  code: VerdictCode | string
  explanation: LocalizedText
  fix: LocalizedText
  /** The kind of the ticket that matched; "" when none did. */
  kind: TicketKind | ''
  ticketMasked: string
  ticketCurrent: boolean
  /** Unix ms, 0 when unknown. */
  ticketFetchedAt: number
  ticketExpiresAt: number
  /** WRONG_TICKET_KIND or STALE_TICKET when a URL_VARIANT match also used the wrong or an earlier ticket. */
  ticketIssue: string
  /** The URL that matched ("" when none did). */
  url: string
  /** The finding code of that URL, for URL_VARIANT. */
  variantCode: string
  /** The sign string that gives the signature, ticket masked. */
  signStringMasked: string
  /** What the console's current ticket gives over the page URL ("" for OK or without one). */
  expectedSignature: string
  expectedSignStringMasked: string
  /** The URL diff of the variant against the page, for URL_VARIANT. */
  findings: Finding[]
  warnings: SignWarning[]
  /** (URL, ticket) pairs hashed. */
  tried: number
}

/** The console tools an explanation points at (internal/diagnose Tool…). */
export const EXPLAIN_TOOLS = [
  'url-diff',
  'forensics',
  'tickets',
  'profiles/trusted-domains',
  'profiles',
  'sign',
  'audit',
  'emulator',
  'devserver',
] as const

/** What a pasted error means (DiagnoseService.Explain). */
export interface TextExplanation {
  matched: boolean
  /** The rule that matched; "" when none did. */
  kind: string
  /** The JS call the text names ("config", "agentConfig", …), "" when none. */
  call: string
  /** The errcode found in the text, 0 when none. */
  code: number
  cause: LocalizedText
  fix: LocalizedText
  /** One of EXPLAIN_TOOLS, "" when no tool checks it. */
  tool: string
  /** WeCom's page for `code`, "" without a code. */
  doc: string
}

/** The developer's own signing endpoint, as the audit calls it. */
export interface AuditInput {
  /** A URL template with a {url} placeholder, replaced by the encoded page URL. */
  endpoint: string
  /** The ticket it should sign with. */
  kind: TicketKind
  /** Response field names ("" → timestamp / nonceStr / signature); dotted paths reach into nested JSON. */
  timestampField: string
  nonceField: string
  signatureField: string
  /** The page URL the test URLs are built from ("" → the first trusted domain). */
  pageBase: string
}

/** How an audit check came out: warn is a pass with a caveat worth fixing. */
export type AuditStatus = 'pass' | 'fail' | 'warn' | 'skip'

/** One line of the audit's checklist. */
export interface AuditCheck {
  code: string
  title: LocalizedText
  /** True for pass and warn. */
  pass: boolean
  /** Could not be judged (the evidence says why). */
  skipped: boolean
  status: AuditStatus
  evidence: string
  fix: LocalizedText
}

/** One call the audit made, with what came back (credentials masked). */
export interface AuditCall {
  /** The test page: slash, no-slash, hash or share. */
  case: string
  pageUrl: string
  requestUrl: string
  status: number
  /** The first 2 kB, credentials masked. */
  body: string
  /** What was read from the answer ("" when absent). */
  timestamp: string
  nonceStr: string
  signature: string
  /** Code "" when there was no signature to examine. */
  verdict: Verdict
  error?: string
}

export interface AuditReport {
  endpoint: string
  kind: TicketKind | string
  /** The page URL the test pages were made from. */
  pageBase: string
  checks: AuditCheck[]
  calls: AuditCall[]
  /** Pass and warn. */
  passed: number
  failed: number
  warnings: number
  skipped: number
}

/** The tunnel's state, as Go's tunnel.Status says it. */
export type TunnelState = 'connecting' | 'up' | 'down' | 'error'

/** Go's tunnel.Status. */
export interface TunnelStatus {
  /** ssh, ngrok, cmd or lan ("" when none runs). */
  provider: string
  state: TunnelState
  /** Where the phone reaches the dev server (when up). */
  publicUrl?: string
  /** Every such URL (LAN: one per address); publicUrl first. */
  urls?: string[]
  /** Why it is down or in error, or a note. */
  reason?: string
  /** RFC 3339 time of the change. */
  at: string
  /** Connection attempts since it was last up (1 on the first). */
  attempt: number
}

/** An SSH server key the user has to accept (or not) before the tunnel connects. */
export interface TunnelHostKey {
  host: string
  keyType: string
  /** SHA256:… as ssh-keygen -lf prints it. */
  fingerprint: string
  /** The known_hosts file the key is added to. */
  knownHosts: string
}

/** What works from a phone through the public URL. */
export type ReachLevel = 'page-and-signing' | 'signing-only' | 'nothing'

/** Go's reach.Verdict. */
export interface ReachVerdict {
  host: string
  level: ReachLevel
  reasons: LocalizedText[]
  /** The origin to allow on the signing endpoints; "" when none is needed. */
  corsOrigin: string
  /** ww.register for a deployed page, signatures fetched from the public URL; "" when nothing works. */
  snippet: string
  /** A trusted domain that WeCom has not verified yet: serve WW_verify_….txt. */
  needsVerifyFile: boolean
}

/** Go's app.TunnelView: the tunnel as the UI shows it (also the tunnel:status payload). */
export interface TunnelView {
  running: boolean
  spec: string
  status: TunnelStatus
  /** The last lines of the provider's output (the command's, ssh's log…). */
  output: string[]
  hostKey: TunnelHostKey | null
  reach: ReachVerdict | null
  /** SSH: the nginx server block for the public domain ("" otherwise). */
  nginx: string
  /** SSH: the sshd settings the remote forward needs ("" otherwise). */
  sshd: string
}

/** What Start takes: the spec and the options that do not fit in it. */
export interface TunnelInput {
  spec: string
  identity: string
  knownHosts: string
  publicUrl: string
  publicUrlPattern: string
}

// --- Join way (JoinWayService) -------------------------------------------------------
// Times of this service are ISO 8601 strings (Go's time.Time), absent when zero.

/** Join-way scenes: 1 the mini-program plugin, 2 the QR code (the default). */
export const JOINWAY_SCENES = [2, 1] as const

/** A join way as the user edits it: the whole config (update_join_way overwrites every field). */
export interface JoinWayConfig {
  /** 1 mini-program plugin, 2 QR code. */
  scene: number
  /** WeCom keeps the first 30 characters. */
  remark: string
  autoCreateRoom: boolean
  /** At most 40 characters; only when autoCreateRoom. */
  roomBaseName: string
  roomBaseId: number
  /** 1–5 customer groups. */
  chatIds: string[]
  /** At most 30 characters: the channel members join with. */
  state: string
  markSource: boolean
}

/** Something WeCom accepts but changes or ignores (REMARK_TRUNCATED, ROOM_NAME_UNUSED, NO_QR_CODE). */
export interface JoinWayWarning {
  code: string
  message: string
}

/** Warning codes of internal/joinway Validate; each has a `joinway.warnings.<CODE>` message. */
export const JOINWAY_WARNING_CODES = ['REMARK_TRUNCATED', 'ROOM_NAME_UNUSED', 'NO_QR_CODE'] as const

/** pending: add_join_way was sent and no answer stored (a possible orphan at WeCom). */
export const JOINWAY_STATUSES = ['pending', 'abandoned', 'created', 'ready'] as const
export type JoinWayStatus = (typeof JOINWAY_STATUSES)[number]

/** One join way of the console's registry (WeCom cannot list them). */
export interface JoinWayEntry {
  id: number
  profile: string
  configId: string
  status: JoinWayStatus | string
  config: JoinWayConfig
  qrUrl: string
  /** The link the QR image encodes, when it could be read. */
  joinLink: string
  hasImage: boolean
  imageError?: string
  lastError?: string
  intentAt: string
  createdAt?: string
  updatedAt?: string
  /** The last get_join_way. */
  readAt?: string
}

/** What Create and Update return. */
export interface JoinWayResult {
  entry: JoinWayEntry
  /** No add_join_way was made: the registry had this state with these chats. */
  reused: boolean
  warnings: JoinWayWarning[]
}

/** The buffer pool's counts; low = it has groups and free < threshold. Also the `joinway:pool` payload. */
export interface PoolStatus {
  profile: string
  free: number
  used: number
  threshold: number
  low: boolean
}

/** One group of the pool; label is set while a customer or order holds it. */
export interface PoolGroup {
  chatId: string
  name: string
  addedAt: string
  free: boolean
  label?: string
  configId?: string
  takenAt?: string
}

export interface PoolView {
  groups: PoolGroup[]
  status: PoolStatus
}

/** Where a mapping comes from: a pool take, the phone test page (openEnterpriseChat), or by hand. */
export const MAPPING_SOURCES = ['pool', 'test-page', 'manual'] as const

/** One customer/order ↔ chat_id ↔ config_id row. */
export interface JoinWayMapping {
  label: string
  chatId: string
  configId: string
  source: string
  inPool: boolean
  createdAt: string
}

export interface TakeResult {
  mapping: JoinWayMapping
  entry: JoinWayEntry
  /** The label held a group already. */
  reused: boolean
  pool: PoolStatus
}

/** One state of a batch of test codes. */
export interface BatchItem {
  state: string
  entryId?: number
  configId?: string
  qrUrl?: string
  joinLink?: string
  reused: boolean
  error?: string
}

/** Payload of `joinway:batch`: after each code, and once more when the batch ends. */
export interface BatchEvent {
  id: string
  profile: string
  done: number
  total: number
  item?: BatchItem
  finished: boolean
  failed: number
  /** "CODE: message" when the batch stopped early. */
  error?: string
  /** The zip (a PNG per state with the state under it, and manifest.csv), once written. */
  path?: string
}

/** The owner-status filter of groupchat/list: 0 all, 1 owner resigned, 2 being inherited, 3 inherited. */
export const GROUP_STATUS_FILTERS = [0, 1, 2, 3] as const

export interface GroupQuery {
  statusFilter: number
  owners: string[]
  cursor: string
  limit: number
}

/** One row of groupchat/list (WeCom's field names). */
export interface GroupRef {
  chat_id: string
  /** 0 owner normal, 1 resigned, 2 being inherited, 3 inherited. */
  status: number
}

export interface GroupPage {
  groups: GroupRef[]
  /** "" after the last page. */
  nextCursor: string
}

/** A member of a customer group (groupchat/get, WeCom's field names; times in Unix seconds). */
export interface GroupMember {
  userid: string
  /** 1 a member of the corp, 2 a customer (external contact). */
  type: number
  unionid?: string
  join_time: number
  /** 1 invited, 2 invite link, 3 scanned the group QR code. */
  join_scene: number
  invitor?: { userid: string }
  group_nickname?: string
  name?: string
  /** The join way's state the member joined with. */
  state?: string
}

export interface GroupChat {
  chat_id: string
  name: string
  owner: string
  /** Unix seconds. */
  create_time: number
  notice: string
  member_list: GroupMember[]
  admin_list: { userid: string }[]
  member_version: string
}

/**
 * Where the emulated page was opened: getContext().entry (@wecom/jssdk's EntryType), and
 * the customer (external_userid) and group (chat_id) it stands for; "" = the emulator's
 * default pick (the signed-in member's first customer; the group opened last, else the first).
 */
export interface PageEntry {
  entry: string
  contact?: string
  chat?: string
}

/** The signed-in member's customers and groups an entry can stand for (any other id may be typed). */
export interface EntryChoices {
  member: string
  customers: string[]
  groups: string[]
}
