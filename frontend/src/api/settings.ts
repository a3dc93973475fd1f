/** Typed wrapper over the Go SettingsService binding. */
import { Get, SetLanguage, SetTheme } from '../../wailsjs/go/app/SettingsService'
import type { settings } from '../../wailsjs/go/models'
import { call } from './errors'

export type Snapshot = settings.Snapshot

/** Stored language preference. */
export type LanguagePref = 'system' | 'zh-CN' | 'en-US'
/** Stored theme preference. */
export type ThemePref = 'system' | 'light' | 'dark'

export const LANGUAGE_PREFS: readonly LanguagePref[] = ['system', 'zh-CN', 'en-US']
export const THEME_PREFS: readonly ThemePref[] = ['system', 'light', 'dark']

export function getSettings(): Promise<Snapshot> {
  return call(() => Get())
}

export function setLanguage(language: LanguagePref): Promise<Snapshot> {
  return call(() => SetLanguage(language))
}

export function setTheme(theme: ThemePref): Promise<Snapshot> {
  return call(() => SetTheme(theme))
}
