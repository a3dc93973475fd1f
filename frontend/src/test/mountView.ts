/** Mounts a component inside the providers the app gives it (Naive UI, i18n, Pinia). */
import { mount } from '@vue/test-utils'
import { expect, vi } from 'vitest'
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui'
import type { Pinia } from 'pinia'
import { defineComponent, h, type Component, type Plugin } from 'vue'
import type { Router } from 'vue-router'
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

/**
 * Waits until the router is on the named route. The areas are lazy routes: the first
 * navigation imports the view, which takes seconds on a loaded 2-core machine (CI, with
 * other builds beside it), far past vi.waitFor's 1 s default; it still ends as soon as
 * the route is there.
 */
export async function waitForRoute(router: Router, name: string): Promise<void> {
  await vi.waitFor(() => expect(router.currentRoute.value.name).toBe(name), { timeout: 20_000, interval: 20 })
}
