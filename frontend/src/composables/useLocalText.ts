import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '@/api/tickets.types'

/**
 * Picks the current locale's side of a text Go sends in both languages
 * ({"zh-CN": …, "en-US": …}); the other side when that one is empty.
 */
export function useLocalText() {
  const { locale } = useI18n({ useScope: 'global' })
  return (x: LocalizedText | null | undefined): string => {
    if (!x) return ''
    const mine = locale.value === 'zh-CN' ? x['zh-CN'] : x['en-US']
    return mine || x['en-US'] || x['zh-CN'] || ''
  }
}
