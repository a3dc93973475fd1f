import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { byTestId, mountView } from '@/test/mountView'
import { type ConfirmOptions, useConfirm } from './useConfirm'

/** Mounts a component that hands out its confirm function. */
function mountConfirm(): (o: ConfirmOptions) => Promise<boolean> {
  let confirm: ((o: ConfirmOptions) => Promise<boolean>) | null = null
  const Probe = defineComponent({
    setup() {
      confirm = useConfirm()
      return () => h('div')
    },
  })
  mountView(Probe, createPinia())
  return confirm!
}

async function click(id: string): Promise<void> {
  byTestId(id)!.click()
  await flushPromises()
}

describe('useConfirm', () => {
  it('resolves true on OK', async () => {
    const confirm = mountConfirm()
    const ok = confirm({ title: 'Delete?', content: 'It is gone for good.' })
    await flushPromises()
    await click('confirm-ok')
    await expect(ok).resolves.toBe(true)
  })

  it('resolves false on Cancel', async () => {
    const confirm = mountConfirm()
    const cancelled = confirm({ title: 'Delete?', content: 'It is gone for good.' })
    await flushPromises()
    await click('confirm-cancel')
    await expect(cancelled).resolves.toBe(false)
  })

  it('runs the action on OK and keeps the dialog open until the action settles', async () => {
    const confirm = mountConfirm()
    let finish: () => void = () => undefined
    let ran = 0
    let settled = false
    const answer = confirm({
      title: 'Clear the log?',
      content: 'Every entry is removed.',
      action: () => {
        ran++
        return new Promise<void>((resolve) => {
          finish = resolve
        })
      },
    })
    void answer.then(() => {
      settled = true
    })
    await flushPromises()
    await click('confirm-ok')
    expect(ran).toBe(1)
    expect(settled).toBe(false)
    expect(byTestId('confirm-ok')).not.toBeNull() // still open while the action runs

    finish()
    await flushPromises()
    await expect(answer).resolves.toBe(true)
  })

  it('does not run the action on Cancel', async () => {
    const confirm = mountConfirm()
    let ran = 0
    const answer = confirm({ title: 'Delete?', content: 'It is gone for good.', action: async () => void ran++ })
    await flushPromises()
    await click('confirm-cancel')
    await expect(answer).resolves.toBe(false)
    expect(ran).toBe(0)
  })
})
