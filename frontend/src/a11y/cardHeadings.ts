import type { App, ComponentPublicInstance } from 'vue'

/**
 * Naive UI's NCard (2.45) draws its header as two nested elements that both carry
 * role="heading" and neither an aria-level: a heading inside a heading, with the header's
 * extra buttons inside it too. axe-core reports it as critical (aria-required-attr): ARIA 1.2
 * requires aria-level on a heading role. A card's title is a heading below the area's own
 * title, so the title element (.n-card-header__main) keeps role="heading" with level 3 and
 * the wrapper, which holds the buttons as well, loses the role.
 */
export function fixCardHeading(root: unknown): void {
  if (!(root instanceof HTMLElement)) return
  const header = root.querySelector(':scope > .n-card-header')
  if (!header) return
  if (header.getAttribute('role') === 'heading') header.removeAttribute('role')
  const title = header.querySelector(':scope > .n-card-header__main')
  if (title && !title.hasAttribute('aria-level')) {
    title.setAttribute('role', 'heading')
    title.setAttribute('aria-level', '3')
  }
}

/** Applies fixCardHeading to every NCard when it mounts and after it re-renders. */
export const cardHeadings = {
  install(app: App) {
    app.mixin({
      mounted(this: ComponentPublicInstance) {
        if (this.$options.name === 'Card') fixCardHeading(this.$el)
      },
      updated(this: ComponentPublicInstance) {
        if (this.$options.name === 'Card') fixCardHeading(this.$el)
      },
    })
  },
}
