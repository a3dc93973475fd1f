import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { cardHeadings } from './a11y/cardHeadings'
import { epochNow, reportAfterFirstPaint } from './api/startup'
import { createAppI18n } from './i18n'
import { browserLanguage, localeFromTag } from './i18n/locale'
import { createAppRouter } from './router'
import './style.css'

const script = epochNow()
createApp(App)
  .use(createPinia())
  .use(cardHeadings)
  .use(createAppI18n(localeFromTag(browserLanguage())))
  .use(createAppRouter())
  .mount('#app')
void reportAfterFirstPaint({ navigation: performance.timeOrigin, script, mounted: epochNow() })
