import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import * as api from '@/api/callbackProbe'
import type { ProbeReport } from '@/api/callbackProbe'
import { AppError, toAppError } from '@/api/errors'
import { sortChecks } from '@/utils/checks'

/**
 * The callback probe's form and its last report, kept while the user moves between areas.
 * One probe at a time; a report belongs to the profile and URL it was made for.
 */
export const useCallbackProbeStore = defineStore('callbackProbe', () => {
  const url = ref('')
  const receiveId = ref('')
  const report = shallowRef<ProbeReport | null>(null)
  const error = shallowRef<AppError | null>(null)
  const running = ref(false)
  /** The profile the report was made with. */
  const reportProfile = ref('')

  const checks = computed(() => sortChecks(report.value?.checks ?? []))
  const failed = computed(() => checks.value.filter((c) => c.status === 'fail').length)
  const warned = computed(() => checks.value.filter((c) => c.status === 'warn').length)

  async function run(profile: string): Promise<void> {
    if (running.value) return
    running.value = true
    error.value = null
    try {
      report.value = await api.probeCallback(profile, url.value.trim(), receiveId.value.trim())
      reportProfile.value = profile
    } catch (e) {
      error.value = toAppError(e)
      report.value = null
    } finally {
      running.value = false
    }
  }

  return { url, receiveId, report, error, running, reportProfile, checks, failed, warned, run }
})
