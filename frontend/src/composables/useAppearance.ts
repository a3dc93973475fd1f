import { darkTheme, dateEnUS, dateZhCN, enUS, zhCN } from 'naive-ui'
import { computed, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { setWindowTheme } from '@/api/runtime'
import { useSettingsStore } from '@/stores/settings'
import { darkOverrides, lightOverrides } from '@/theme/palette'

/**
 * Applies the effective language and theme to the page: vue-i18n's locale,
 * `<html lang>`, `<html data-theme>`, the native window theme, and the Naive
 * UI theme/locale (returned for NConfigProvider).
 */
export function useAppearance() {
  const settings = useSettingsStore()
  const { locale } = useI18n({ useScope: 'global' })

  watch(
    () => settings.effectiveLanguage,
    (lang) => {
      locale.value = lang
      document.documentElement.lang = lang
    },
    { immediate: true },
  )

  watch(
    () => settings.effectiveTheme,
    (theme) => {
      document.documentElement.dataset.theme = theme
      document.documentElement.style.colorScheme = theme
    },
    { immediate: true },
  )

  watch(
    () => settings.theme,
    (pref) => setWindowTheme(pref),
    { immediate: true },
  )

  const isDark = computed(() => settings.effectiveTheme === 'dark')
  return {
    naiveTheme: computed(() => (isDark.value ? darkTheme : null)),
    themeOverrides: computed(() => (isDark.value ? darkOverrides : lightOverrides)),
    naiveLocale: computed(() => (settings.effectiveLanguage === 'zh-CN' ? zhCN : enUS)),
    naiveDateLocale: computed(() => (settings.effectiveLanguage === 'zh-CN' ? dateZhCN : dateEnUS)),
  }
}
