/**
 * What Go's callback probe (internal/callback, CallbackProbeService.Probe) sends.
 * Texts come in both languages; the UI picks one with useLocalText.
 */
import type { LocalizedText } from './tickets.types'

export type ProbeStatus = 'pass' | 'fail' | 'warn' | 'skip'

/** The checks, in Go's report order (callback.Check… constants). */
export const PROBE_CHECKS = [
  'url',
  'reach',
  'tls',
  'get_status',
  'get_answer',
  'get_time',
  'post_status',
  'post_answer',
  'post_time',
] as const
export type ProbeCheckCode = (typeof PROBE_CHECKS)[number]

export interface ProbeCheck {
  code: ProbeCheckCode
  status: ProbeStatus
  /** What made it fail or warn: bom, newline, quotes, json, html, receiveid, slow, redirect, tls, … */
  cause?: string
  title: LocalizedText
  evidence: LocalizedText
  fix: LocalizedText
  /** WeCom's doc the rule comes from. */
  doc?: string
  /** The rule is a stricter guess, not a documented fact (the texts say so too). */
  guess?: boolean
}

export interface ProbeRequest {
  method: 'GET' | 'POST'
  url: string
  receiveId: string
  status: number
  durationMs: number
  contentType?: string
  location?: string
  /** The start of the answer, Go-quoted so a BOM or a newline shows. */
  body: string
  error?: string
}

export interface ProbeReport {
  url: string
  receiveId: string
  ok: boolean
  /** What WeCom's admin console would answer on save. */
  console: LocalizedText
  checks: ProbeCheck[]
  requests: ProbeRequest[]
}
