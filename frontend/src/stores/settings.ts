import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import * as api from '@/api/settings'
import type { LanguagePref, Snapshot, ThemePref } from '@/api/settings'
import { useEvent } from '@/composables/useEvent'
import { browserLanguage, effectiveLocale, type Locale } from '@/i18n/locale'
import { run as runInto } from './async'

export type EffectiveTheme = 'light' | 'dark'

const DARK_QUERY = '(prefers-color-scheme: dark)'

function asLanguage(v: unknown): LanguagePref {
  return api.LANGUAGE_PREFS.includes(v as LanguagePref) ? (v as LanguagePref) : 'system'
}

function asTheme(v: unknown): ThemePref {
  return api.THEME_PREFS.includes(v as ThemePref) ? (v as ThemePref) : 'system'
}

/**
 * The last snapshot, kept in localStorage only to paint the first frame in the
 * right language and theme (no light flash on a dark start). Go stays the
 * source of truth: its snapshot replaces the hint as soon as it arrives.
 */
const HINT_KEY = 'wecomdev:settings-hint'

function readHint(): Partial<Snapshot> | null {
  try {
    const raw = localStorage.getItem(HINT_KEY)
    const v: unknown = raw ? JSON.parse(raw) : null
    return v && typeof v === 'object' ? (v as Partial<Snapshot>) : null
  } catch {
    return null
  }
}

function writeHint(s: Pick<Snapshot, 'language' | 'theme' | 'systemLanguage'>): void {
  try {
    localStorage.setItem(HINT_KEY, JSON.stringify(s))
  } catch {
    // storage unavailable: only the first frame is affected
  }
}

/** Watches the OS colour scheme; released when the store's scope ends. */
function useSystemDark() {
  const dark = ref(false)
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return dark
  const mq = window.matchMedia(DARK_QUERY)
  dark.value = mq.matches
  const onChange = (e: MediaQueryListEvent) => {
    dark.value = e.matches
  }
  mq.addEventListener('change', onChange)
  onScopeDispose(() => mq.removeEventListener('change', onChange))
  return dark
}

/**
 * Language and theme. The Go SettingsService is the source of truth: every
 * change goes to Go and the returned snapshot is applied; snapshots Go emits
 * (`settings:changed`, e.g. from another window) are applied too.
 */
export const useSettingsStore = defineStore('settings', () => {
  const language = ref<LanguagePref>('system')
  const theme = ref<ThemePref>('system')
  const systemLanguage = ref('')
  const loaded = ref(false)
  const lastError = ref<AppError | null>(null)
  const systemDark = useSystemDark()

  const hint = readHint()
  if (hint) {
    language.value = asLanguage(hint.language)
    theme.value = asTheme(hint.theme)
    systemLanguage.value = typeof hint.systemLanguage === 'string' ? hint.systemLanguage : ''
  }

  const effectiveLanguage = computed<Locale>(() =>
    effectiveLocale(language.value, systemLanguage.value, browserLanguage()),
  )
  const systemLocale = computed<Locale>(() => effectiveLocale('system', systemLanguage.value, browserLanguage()))
  const systemTheme = computed<EffectiveTheme>(() => (systemDark.value ? 'dark' : 'light'))
  const effectiveTheme = computed<EffectiveTheme>(() => (theme.value === 'system' ? systemTheme.value : theme.value))

  function apply(snapshot: Snapshot | null | undefined) {
    if (!snapshot || typeof snapshot !== 'object') return
    language.value = asLanguage(snapshot.language)
    theme.value = asTheme(snapshot.theme)
    systemLanguage.value = typeof snapshot.systemLanguage === 'string' ? snapshot.systemLanguage : ''
    loaded.value = true
    writeHint({ language: language.value, theme: theme.value, systemLanguage: systemLanguage.value })
  }

  async function run(op: () => Promise<Snapshot>): Promise<void> {
    await runInto(lastError, async () => apply(await op()))
  }

  /** Loads the stored settings from Go. Rejects with an AppError. */
  function load(): Promise<void> {
    return run(() => api.getSettings())
  }

  /** Stores a language preference in Go. Rejects with an AppError and keeps the previous state. */
  function setLanguage(pref: LanguagePref): Promise<void> {
    return run(() => api.setLanguage(pref))
  }

  /** Stores a theme preference in Go. Rejects with an AppError and keeps the previous state. */
  function setTheme(pref: ThemePref): Promise<void> {
    return run(() => api.setTheme(pref))
  }

  // Released when the store is disposed (store.$dispose() or the app unmounts).
  useEvent<Snapshot>(Events.settingsChanged, apply)

  return {
    language,
    theme,
    systemLanguage,
    loaded,
    lastError,
    effectiveLanguage,
    effectiveTheme,
    systemLocale,
    systemTheme,
    apply,
    load,
    setLanguage,
    setTheme,
  }
})
