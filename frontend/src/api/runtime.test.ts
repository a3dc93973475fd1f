import { afterEach, describe, expect, it, vi } from 'vitest'
import * as rt from '@/test/fakeRuntime'
import { setWindowTheme } from './runtime'

vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

afterEach(() => {
  delete window.runtime
})

describe('setWindowTheme', () => {
  it('does nothing without the Wails runtime', () => {
    setWindowTheme('dark')
    setWindowTheme('light')
    setWindowTheme('system')
    expect(rt.WindowSetDarkTheme).not.toHaveBeenCalled()
    expect(rt.WindowSetLightTheme).not.toHaveBeenCalled()
    expect(rt.WindowSetSystemDefaultTheme).not.toHaveBeenCalled()
  })

  it('calls the matching runtime function under Wails', () => {
    window.runtime = {}
    setWindowTheme('dark')
    expect(rt.WindowSetDarkTheme).toHaveBeenCalledOnce()
    setWindowTheme('light')
    expect(rt.WindowSetLightTheme).toHaveBeenCalledOnce()
    setWindowTheme('system')
    expect(rt.WindowSetSystemDefaultTheme).toHaveBeenCalledOnce()
  })
})
