/**
 * Types of the Go DiagnoseService (package app), exactly as their JSON crosses the bridge: the
 * URL diff, the forensics, the explainer and the audit.
 * Times are Unix milliseconds unless a field says otherwise.
 */
import type { SignWarning } from './sign.types'
import type { LocalizedText, TicketKind } from './tickets.types'

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
  /** Checks that also warn (the OAuth checker): "error" or "warn"; absent for the URL diff (all errors). */
  severity?: 'error' | 'warn'
  /** The part of the input the finding is about (the OAuth checker); absent or "" when none. */
  evidence?: string
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
  'oauth',
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
  /** The evidence in English; evidenceZh is the same in zh-CN (quoted values as they are). */
  evidence: string
  evidenceZh?: string
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
