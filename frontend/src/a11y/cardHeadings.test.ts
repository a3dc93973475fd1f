import { mount } from '@vue/test-utils'
import { NCard } from 'naive-ui'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { cardHeadings } from './cardHeadings'

const Host = defineComponent({
  setup() {
    const title = ref<string | undefined>(undefined)
    return { title }
  },
  render() {
    return h(NCard, { title: this.title }, { default: () => 'body', 'header-extra': () => h('button', 'Refresh') })
  },
})

describe('cardHeadings', () => {
  it('leaves one heading with level 3 on the title, none on the wrapper with the buttons', async () => {
    const w = mount(Host, { global: { plugins: [cardHeadings] }, attachTo: document.body })
    w.vm.title = 'Recent tickets'
    await nextTick()
    await nextTick()
    const headings = w.element.querySelectorAll('[role="heading"]')
    expect(headings).toHaveLength(1)
    expect(headings[0].classList.contains('n-card-header__main')).toBe(true)
    expect(headings[0].getAttribute('aria-level')).toBe('3')
    expect(headings[0].textContent).toBe('Recent tickets')
    expect(w.element.querySelector('.n-card-header')?.hasAttribute('role')).toBe(false)
    w.unmount()
  })

  it('without the plugin Naive UI nests two headings without a level (what the fix is for)', () => {
    const w = mount(NCard, { props: { title: 'T' } })
    const headings = w.element.querySelectorAll('[role="heading"]')
    expect(headings).toHaveLength(2)
    expect(headings[0].hasAttribute('aria-level')).toBe(false)
  })
})
