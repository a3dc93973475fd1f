import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api/oauth'
import type { OAuthInput, OAuthResult } from '@/api/oauth'
import { toAppError, type AppError } from '@/api/errors'

/**
 * Diagnose → OAuth: the builder's form and its URL with the checker's findings, and a
 * pasted URL with its findings. The profile is the Diagnose area's (passed in).
 */
export const useOAuthStore = defineStore('oauth', () => {
  const form = ref<OAuthInput>({ redirect: '', scope: 'snsapi_base', state: '' })
  const built = ref<OAuthResult | null>(null)
  const building = ref(false)
  const buildError = ref<AppError | null>(null)

  const pasted = ref('')
  const checked = ref<OAuthResult | null>(null)
  const checking = ref(false)
  const checkError = ref<AppError | null>(null)

  const canBuild = computed(() => form.value.redirect.trim() !== '')
  const canCheck = computed(() => pasted.value.trim() !== '')

  /** Builds the profile's URL from the form. Rejects with an AppError. */
  async function build(profile: string) {
    building.value = true
    buildError.value = null
    try {
      built.value = await api.buildOAuthURL(profile, { ...form.value, redirect: form.value.redirect.trim() })
    } catch (e) {
      built.value = null
      buildError.value = toAppError(e)
      throw buildError.value
    } finally {
      building.value = false
    }
  }

  /** Checks the pasted URL, against profile when it is not "". Rejects with an AppError. */
  async function check(profile: string) {
    checking.value = true
    checkError.value = null
    try {
      checked.value = await api.checkOAuthURL(profile, pasted.value.trim())
    } catch (e) {
      checked.value = null
      checkError.value = toAppError(e)
      throw checkError.value
    } finally {
      checking.value = false
    }
  }

  /** Puts the built URL into the checker (to see its findings in full). */
  function checkBuilt() {
    if (built.value?.url) pasted.value = built.value.url
  }

  return { form, built, building, buildError, pasted, checked, checking, checkError, canBuild, canCheck, build, check, checkBuilt }
})
