/** Mounts a component inside the providers the app gives it (Naive UI, i18n, Pinia). */
import { mount } from '@vue/test-utils'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import type { Pinia } from 'pinia'
import { defineComponent, h, type Component, type Plugin } from 'vue'
import { createAppI18n } from '@/i18n'
import type { Locale } from '@/i18n/locale'

export function mountView(
  component: Component,
  pinia: Pinia,
  props: Record<string, unknown> = {},
  locale: Locale = 'en-US',
  /** More plugins, e.g. a router for views with links. */
  plugins: Plugin[] = [],
) {
  const Host = defineComponent({
    setup() {
      return () =>
        h(NConfigProvider, null, () =>
          h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(component, props))),
        )
    },
  })
  return mount(Host, { attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale), ...plugins] } })
}

/** The element with that data-testid anywhere in the document (dialogs are teleported). */
export function byTestId<T extends Element = HTMLElement>(id: string): T | null {
  return document.querySelector<T>(`[data-testid="${id}"]`)
}
