import { createI18n } from 'vue-i18n'
import enUS from './locales/en-US.json'
import zhCN from './locales/zh-CN.json'
import type { Locale } from './locale'

export type MessageSchema = typeof enUS

export function createAppI18n(locale: Locale = 'en-US') {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en-US',
    messages: { 'en-US': enUS, 'zh-CN': zhCN },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
