/**
 * A checklist's rows as Go's reports send them (the callback probe, the endpoint audit):
 * each check passed, passed with a caveat, failed or could not be judged. CheckList.vue
 * shows them; this is their one order.
 */
import type { LocalizedText } from '@/api/tickets.types'

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip'

/** One row of CheckList.vue. Texts in both languages; the list picks the UI's. */
export interface CheckItem {
  code: string
  status: CheckStatus
  title: LocalizedText
  evidence: LocalizedText
  fix: LocalizedText
  /** What made it fail or warn (the callback probe's bom, slow, …); data-cause on the row. */
  cause?: string
  /** WeCom's doc the rule comes from; linked on a row that did not pass. */
  doc?: string
}

/** Failures first, then caveats, then skipped, then passes. */
const RANK: Record<CheckStatus, number> = { fail: 0, warn: 1, skip: 2, pass: 3 }

/** The checks failures first, then caveats, then skipped, then passes; Go's order within each. */
export function sortChecks<C extends { status: CheckStatus }>(checks: readonly C[]): C[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => RANK[a.c.status] - RANK[b.c.status] || a.i - b.i)
    .map((x) => x.c)
}

/** A failure or a caveat opens; a pass or a skip is one line until the user opens it. */
export const opensByDefault = (status: CheckStatus) => status === 'fail' || status === 'warn'
