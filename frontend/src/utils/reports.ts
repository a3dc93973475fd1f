/**
 * How the request log reads a report (what a phone page reported, what the emulator
 * verified or answered, a chatId stored): its outcome, its name, its one line, and the
 * signature inputs of a config / agentConfig call.
 */
import type { EntryReport, RequestEntry } from '@/api/devserver.types'
import type { FailedCall } from '@/api/diagnose.types'

/** ok / fail for calls, warn for console warnings, info for the rest. */
export type ReportOutcome = 'ok' | 'fail' | 'warn' | 'info'

/** The report types that are calls with an answer (ok true or false). */
const CALLS = new Set(['config', 'agentConfig', 'signature', 'invoke', 'step', 'verify', 'chat'])
/** The report types that are errors whatever `ok` says. */
const ERRORS = new Set(['wx.error', 'error', 'unhandledrejection'])

export function reportOutcome(r: EntryReport): ReportOutcome {
  if (CALLS.has(r.type)) return r.ok ? 'ok' : 'fail'
  if (ERRORS.has(r.type)) return 'fail'
  if (r.type === 'console') return r.level === 'error' ? 'fail' : r.level === 'warn' ? 'warn' : 'info'
  return 'info'
}

/** The tag colour of an outcome. */
export function outcomeType(o: ReportOutcome): 'success' | 'error' | 'warning' | 'default' {
  return o === 'ok' ? 'success' : o === 'fail' ? 'error' : o === 'warn' ? 'warning' : 'default'
}

/**
 * The name of what was reported, as the page's code spells it: "config",
 * "agentConfig", "getContext", "ww.register", "console.warn", "wx.error", "step save".
 */
export function reportName(r: EntryReport): string {
  switch (r.type) {
    case 'console':
      return `console.${r.level || 'log'}`
    case 'step':
      return r.api ? `step ${r.api}` : 'step'
    case 'signature':
      return r.api ? `signature ${r.api}` : 'signature'
    case 'chat':
      return 'chat'
    default:
      return r.api || r.type
  }
}

/** The one line of a report: the answer (errMsg), else the message, else nothing. */
export function reportLine(r: EntryReport): string {
  const s = r.errMsg || r.message || (r.type === 'chat' && r.chatId ? r.chatId : '')
  return s.replace(/\s+/g, ' ').trim()
}

/**
 * A report's answer in a word or two, for the log's Decision column: the reason of its
 * errMsg ("config:invalid url domain" → "invalid url domain", "config:ok" → "ok"), else
 * its outcome's name for calls, else "" (the row's name and line say the rest).
 */
export function reportAnswer(r: EntryReport): string {
  const m = (r.errMsg ?? '').replace(/\s+/g, ' ').trim()
  if (m) {
    const i = m.indexOf(':')
    return i >= 0 && i < m.length - 1 ? m.slice(i + 1).trim() : m
  }
  return ''
}

/** The call a config / agentConfig report (or emulator verification) is for; null for any other report. */
export function signatureCall(r: EntryReport | undefined): FailedCall | null {
  if (!r) return null
  const api = r.type === 'verify' ? r.api : r.type === 'config' || r.type === 'agentConfig' ? r.type : ''
  return api === 'config' ? 'corp' : api === 'agentConfig' ? 'agent' : null
}

/** A failed config / agentConfig: what the Diagnose button is for. */
export function isFailedSignatureCall(r: EntryReport | undefined): boolean {
  return !!r && !r.ok && signatureCall(r) !== null
}

/** The signature inputs a page passed (report.params, as reporter.js and emulator.js send them). */
export interface SignatureInputs {
  timestamp: string
  nonceStr: string
  signature: string
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '')

export function signatureInputs(r: EntryReport): SignatureInputs {
  const p = r.params && typeof r.params === 'object' && !Array.isArray(r.params) ? (r.params as Record<string, unknown>) : {}
  return {
    timestamp: text(p.timestamp ?? p.verifyTimestamp),
    nonceStr: text(p.nonceStr ?? p.verifyNonceStr),
    signature: text(p.signature ?? p.verifySignature) || r.signature || '',
  }
}

/** The URL as the SDK signs it: without its "#…". */
export function cutHash(url: string): string {
  const i = url.indexOf('#')
  return i < 0 ? url : url.slice(0, i)
}

/** A report's signed URL that is not the page's own (the signature is over another URL). */
export function signedElsewhere(r: EntryReport): boolean {
  return !!r.signedUrl && !!r.pageUrl && r.signedUrl !== cutHash(r.pageUrl)
}

/** The report of an entry of the report, emulator or chat endpoint that Go answered (status < 400). */
export function answeredReport(e: RequestEntry): EntryReport | null {
  return e.report && typeof e.report === 'object' && !(e.status >= 400) ? e.report : null
}

/** A value as indented JSON (the params or result of a call). */
export function prettyJSON(v: unknown): string {
  if (v === undefined || v === null) return ''
  try {
    return JSON.stringify(v, null, 2)
  } catch {
    return String(v)
  }
}
