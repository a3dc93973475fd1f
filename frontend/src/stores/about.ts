import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getBuildInfo, type BuildInfo } from '@/api/about'
import { toAppError, type AppError } from '@/api/errors'

/** Build information shown in the About box (loaded once, on demand). */
export const useAboutStore = defineStore('about', () => {
  const info = ref<BuildInfo | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)

  async function load(): Promise<void> {
    if (info.value || loading.value) return
    loading.value = true
    try {
      info.value = await getBuildInfo()
      error.value = null
    } catch (reason) {
      error.value = toAppError(reason)
      throw error.value
    } finally {
      loading.value = false
    }
  }

  /** One line with everything a bug report needs. */
  function versionLine(): string {
    const i = info.value
    if (!i) return ''
    return `${i.name || 'wecomdev'} ${i.version} (commit ${i.commit}, built ${i.buildDate}, ${i.goVersion}, ${i.platform})`
  }

  return { info, loading, error, load, versionLine }
})
