/**
 * Typed wrapper over the Go DiagnoseService binding: the URL diff, the signature
 * forensics, the error explainer and the endpoint audit.
 *
 * The generated models are classes with plain `string` fields; results are cast to the
 * interfaces of ./diagnose.types, which spell out the values Go sends.
 */
import { Audit, Compare, Explain, Forensics } from '../../wailsjs/go/app/DiagnoseService'
import type { diagnose } from '../../wailsjs/go/models'
import { call } from './errors'
import type { AuditInput, AuditReport, DiffResult, ForensicsInput, TextExplanation, Verdict } from './diagnose.types'

export type {
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
  URLParts,
  Verdict,
  VerdictCode,
} from './diagnose.types'
export { EXPLAIN_TOOLS, FINDING_CODES, VERDICT_CODES } from './diagnose.types'

/** Error code of this service: unusable input to the forensics or the audit. */
export const DIAGNOSE_INVALID = 'DIAGNOSE_INVALID'

/** Compares the URL a backend signed with the page's URL (location.href, hash and all). Never fails in Go. */
export function compareUrls(signedUrl: string, pageUrl: string): Promise<DiffResult> {
  return call(() => Compare(signedUrl, pageUrl) as unknown as Promise<DiffResult>)
}

/** Explains what the phone showed (an errMsg, a server errcode). Never fails in Go. */
export function explainText(text: string): Promise<TextExplanation> {
  return call(() => Explain(text) as unknown as Promise<TextExplanation>)
}

/** Finds which ticket and which URL made a signature; DIAGNOSE_INVALID for unusable input. */
export function forensics(profile: string, input: ForensicsInput): Promise<Verdict> {
  return call(() => Forensics(profile, input as diagnose.ForensicsInput) as unknown as Promise<Verdict>)
}

/** Calls the developer's signing endpoint with test URLs and checks each answer; DIAGNOSE_INVALID for unusable input. */
export function auditEndpoint(profile: string, input: AuditInput): Promise<AuditReport> {
  return call(() => Audit(profile, input as diagnose.AuditInput) as unknown as Promise<AuditReport>)
}
