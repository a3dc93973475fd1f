import { defineStore } from 'pinia'
import { ref } from 'vue'
import { AppError, toAppError } from '@/api/errors'
import { Events } from '@/api/events'
import { SANDBOX } from '@/api/profiles'
import * as api from '@/api/tickets'
import type { Credential, CredentialKind, Explanation, TicketStatus } from '@/api/tickets'
import { useEvent } from '@/composables/useEvent'
import { formatTTL } from '@/utils/time'
import { run as runInto, withBusy } from './async'

export const BUDGET_CONFIRM = 'BUDGET_CONFIRM'

/** Time left (ms) of a credential at `now`; 0 when it has none or it is over. */
export function ttlMs(c: Pick<Credential, 'expiresAt'>, now: number): number {
  return c.expiresAt > 0 ? Math.max(0, c.expiresAt - now) : 0
}

/** "1:59:58" for a live credential, "" for one that was never fetched. */
export function countdown(c: Pick<Credential, 'expiresAt' | 'state'>, now: number): string {
  if (c.state === 'none' || !c.expiresAt) return ''
  return formatTTL(ttlMs(c, now))
}

/** Go's state, but a credential whose time ran out since Go said "valid" is expired. */
export function liveState(c: Credential, now: number): Credential['state'] {
  if (c.state === 'valid' && c.expiresAt > 0 && c.expiresAt <= now) return 'expired'
  return c.state
}

/**
 * How urgent a credential's time left is. Go fetches a credential again once a fifth of its
 * 7200 s is left (refreshAhead in internal/tickets: 24 minutes), on the next signature asked;
 * so under 10 minutes means nothing has asked for a while and the next page will wait for a
 * fetch: amber. Under 2 minutes a signature made now may be checked by WeCom after the ticket
 * is gone (a phone's page load, the tunnel, the register call): red.
 */
export const TTL_WARN_MS = 10 * 60_000
export const TTL_DANGER_MS = 2 * 60_000
export type TtlLevel = 'ok' | 'warn' | 'danger' | 'none'

/** The colour level of a credential's time left at `now`. */
export function ttlLevel(c: Pick<Credential, 'expiresAt' | 'state'>, now: number): TtlLevel {
  if (c.state === 'none' || !c.expiresAt) return 'none'
  const left = ttlMs(c, now)
  if (left < TTL_DANGER_MS) return 'danger'
  if (left < TTL_WARN_MS) return 'warn'
  return 'ok'
}

/** One row of "Recent tickets": a credential now in use, or an earlier one. */
export interface RecentTicket {
  kind: CredentialKind
  masked: string
  fetchedAt: number
  expiresAt: number
  current: boolean
}

/**
 * The current credentials and the earlier ones, newest first. Go's status keeps the current
 * credential in `credentials` and only the replaced ones in `history`, so a list of `history`
 * alone stays empty right after the first fetch.
 */
export function recentTickets(status: TicketStatus | null | undefined): RecentTicket[] {
  if (!status) return []
  const seen = new Set<string>()
  const out: RecentTicket[] = []
  const add = (r: RecentTicket) => {
    const key = `${r.kind}@${r.fetchedAt}`
    if (seen.has(key)) return
    seen.add(key)
    out.push(r)
  }
  for (const c of status.credentials ?? []) {
    if (c.state !== 'none' && c.masked) add({ kind: c.kind, masked: c.masked, fetchedAt: c.fetchedAt, expiresAt: c.expiresAt, current: true })
  }
  for (const h of status.history ?? []) add({ ...h, current: false })
  return out.sort((a, b) => b.fetchedAt - a.fetchedAt || Number(b.current) - Number(a.current))
}

/** The WeCom code of a `WECOM_<n>` error code, or null. */
export function wecomCode(code: string): number | null {
  const m = /^WECOM_(-?\d+)$/.exec(code)
  return m ? Number(m[1]) : null
}

/** Answers whether to spend budget on a forced refresh; gets Go's BUDGET_CONFIRM error. */
export type ConfirmBudget = (err: AppError) => Promise<boolean>

/**
 * Credentials (access_token, corp ticket, app ticket), budget and history of
 * the profile shown in the Tickets area. Statuses Go emits (`tickets:changed`)
 * are applied when they are for that profile.
 */
export const useTicketsStore = defineStore('tickets', () => {
  /** The chosen profile, kept while the app runs. */
  const profile = ref(SANDBOX)
  const status = ref<TicketStatus | null>(null)
  const loading = ref(false)
  /** What is running: 'fetch', a credential kind being refreshed, or null. */
  const busy = ref<'fetch' | CredentialKind | null>(null)
  const lastError = ref<AppError | null>(null)
  const explanations = new Map<number, Explanation>()

  /** Applies a status if it is for the shown profile; returns whether it did. */
  function apply(s: TicketStatus | null | undefined): boolean {
    if (!s || typeof s !== 'object' || s.profile !== profile.value) return false
    status.value = {
      ...s,
      credentials: Array.isArray(s.credentials) ? s.credentials : [],
      history: Array.isArray(s.history) ? s.history : [],
    }
    return true
  }

  async function run(op: () => Promise<TicketStatus>): Promise<void> {
    const asked = profile.value
    const stale = () => asked !== profile.value // the user switched profile meanwhile
    await runInto(
      lastError,
      async () => {
        const s = await op()
        if (!stale()) apply(s)
      },
      stale,
    )
  }

  /** Loads what Go has cached for the shown profile (no network). */
  async function load(): Promise<void> {
    loading.value = true
    try {
      await run(() => api.ticketStatus(profile.value))
    } finally {
      loading.value = false
    }
  }

  /** Shows another profile and loads its cached state. */
  async function select(name: string): Promise<void> {
    if (name === profile.value && status.value) return
    profile.value = name
    status.value = null
    lastError.value = null
    await load()
  }

  /** Fetches whatever is missing or expired. */
  async function fetch(): Promise<void> {
    await withBusy(busy, 'fetch', () => run(() => api.fetchTickets(profile.value)))
  }

  /**
   * Forces a new credential. When Go answers BUDGET_CONFIRM (the hour's budget
   * is running low), asks `confirm` and, if it agrees, calls again with
   * confirm=true. Resolves to false when the user declined.
   */
  async function refresh(kind: CredentialKind, confirm: ConfirmBudget): Promise<boolean> {
    const name = profile.value
    return withBusy(busy, kind, async () => {
      try {
        await run(() => api.refreshTicket(name, kind, false))
        return true
      } catch (reason) {
        const err = toAppError(reason)
        if (err.code !== BUDGET_CONFIRM) throw err
        if (lastError.value === err) lastError.value = null // a question, not a failure
        if (!(await confirm(err))) return false
        await run(() => api.refreshTicket(name, kind, true))
        return true
      }
    })
  }

  /** Cause and fix of a WeCom code (asked once per code). */
  async function explain(code: number): Promise<Explanation> {
    const known = explanations.get(code)
    if (known) return known
    const e = await api.explainCode(code)
    explanations.set(code, e)
    return e
  }

  useEvent<TicketStatus>(Events.ticketsChanged, (s) => {
    apply(s)
  })

  return { profile, status, loading, busy, lastError, apply, load, select, fetch, refresh, explain }
})
