/** Locale resolution: which UI language to show. */
import type { LanguagePref } from '@/api/settings'

export type Locale = 'zh-CN' | 'en-US'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US']

/** Maps any BCP-47 tag to a supported locale: zh* → zh-CN, anything else → en-US. */
export function localeFromTag(tag: string | undefined | null): Locale {
  return (tag ?? '').trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US'
}

/** The browser's language (used when Go could not detect the OS language). */
export function browserLanguage(): string {
  return typeof navigator === 'undefined' ? '' : navigator.language || ''
}

/**
 * The language to show: the explicit preference, or when it is "system" the
 * OS language detected by Go, or when that is unknown the browser's language.
 */
export function effectiveLocale(pref: LanguagePref, systemLanguage: string, browser: string): Locale {
  if (pref !== 'system') return pref
  return localeFromTag(systemLanguage || browser)
}
