import { useI18n } from 'vue-i18n'
import { toAppError } from '@/api/errors'

/** Text for an error: translated by code when the UI knows the code, else Go's message. */
export function useErrorText() {
  const { t, te } = useI18n({ useScope: 'global' })
  return (reason: unknown): string => {
    const err = toAppError(reason)
    const key = `errors.${err.code}`
    return te(key) ? `${t(key)} (${err.message})` : err.message
  }
}
