import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { AppError, toAppError } from '@/api/errors'
import { SANDBOX } from '@/api/profiles'
import * as api from '@/api/sign'
import type { Breakdown, SignResult } from '@/api/sign'

/** One signature as the Signature area shows it. */
export interface SignedKind {
  /** Which JS-SDK call it is for. */
  api: 'config' | 'agentConfig'
  /** Which ticket signed it. */
  ticket: 'corp' | 'agent'
  breakdown: Breakdown
}

/** A breakdown with every field present (Go sends `warnings: null` when there are none). */
export function normalizeBreakdown(b: Breakdown | null | undefined, kind: Breakdown['kind']): Breakdown {
  const x = b ?? ({} as Partial<Breakdown>)
  return {
    kind: x.kind ?? kind,
    url: x.url ?? '',
    signedUrl: x.signedUrl ?? '',
    timestamp: x.timestamp ?? '',
    nonceStr: x.nonceStr ?? '',
    ticketMasked: x.ticketMasked ?? '',
    signStringMasked: x.signStringMasked ?? '',
    signature: x.signature ?? '',
    warnings: Array.isArray(x.warnings) ? x.warnings : [],
  }
}

/** Signs a page URL with both tickets of a profile and keeps the last result. */
export const useSignStore = defineStore('sign', () => {
  const profile = ref(SANDBOX)
  const url = ref('')
  const result = ref<SignResult | null>(null)
  const loading = ref(false)
  const lastError = ref<AppError | null>(null)

  /** config (corp ticket) first, then agentConfig (app ticket). */
  const kinds = computed<SignedKind[]>(() => {
    const r = result.value
    if (!r) return []
    return [
      { api: 'config', ticket: 'corp', breakdown: normalizeBreakdown(r.config, 'corp') },
      { api: 'agentConfig', ticket: 'agent', breakdown: normalizeBreakdown(r.agent, 'agent') },
    ]
  })

  /** Signs `url` for `profile`; clears the result on failure. Rejects with an AppError. */
  async function sign(): Promise<void> {
    loading.value = true
    try {
      result.value = await api.sign(profile.value, url.value)
      lastError.value = null
    } catch (reason) {
      const err = toAppError(reason)
      lastError.value = err
      result.value = null // never show a result next to a URL it is not for
      throw err
    } finally {
      loading.value = false
    }
  }

  function select(name: string): void {
    if (name === profile.value) return
    profile.value = name
    result.value = null
    lastError.value = null
  }

  return { profile, url, result, loading, lastError, kinds, sign, select }
})
