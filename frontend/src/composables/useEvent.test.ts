import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { useEvent } from './useEvent'

vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

beforeEach(() => bus.reset())

describe('useEvent', () => {
  it('delivers the payload while the component is mounted and unsubscribes on unmount', () => {
    const seen: unknown[] = []
    const Comp = defineComponent({
      setup() {
        useEvent(Events.settingsChanged, (p) => seen.push(p))
        return () => h('div')
      },
    })
    const wrapper = mount(Comp)
    expect(bus.count(Events.settingsChanged)).toBe(1)
    bus.emit(Events.settingsChanged, { language: 'en-US' })
    expect(seen).toEqual([{ language: 'en-US' }])

    wrapper.unmount()
    expect(bus.count(Events.settingsChanged)).toBe(0)
    bus.emit(Events.settingsChanged, { language: 'zh-CN' })
    expect(seen).toHaveLength(1)
  })

  it('unsubscribes when its effect scope stops, and stop() is idempotent', () => {
    const scope = effectScope()
    const stop = scope.run(() => useEvent(Events.settingsChanged, () => {}))!
    expect(bus.count(Events.settingsChanged)).toBe(1)
    stop()
    expect(bus.count(Events.settingsChanged)).toBe(0)
    scope.stop()
    expect(bus.count(Events.settingsChanged)).toBe(0)
  })
})
