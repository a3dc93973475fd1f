import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installGo } from '@/test/goBindings'
import { reportAfterFirstPaint, reportFirstFrame } from './startup'

const binding = vi.hoisted(() => ({ FirstFrame: vi.fn() }))

beforeEach(() => {
  installGo({ StartupService: binding })
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the StartupService wrapper', () => {
  it('passes the marks to Go and never rejects', async () => {
    binding.FirstFrame.mockRejectedValue('UNKNOWN: gone')
    const marks = { navigation: 1, script: 2, mounted: 3, painted: 4 }
    await expect(reportFirstFrame(marks)).resolves.toBeUndefined()
    expect(binding.FirstFrame).toHaveBeenCalledWith(marks)
  })

  it('does nothing without the Wails bridge', async () => {
    window.go = undefined as unknown as typeof window.go
    await expect(reportFirstFrame({ navigation: 1, script: 2, mounted: 3, painted: 4 })).resolves.toBeUndefined()
    expect(binding.FirstFrame).not.toHaveBeenCalled()
  })

  it('reports the first paint two animation frames after mount', async () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb))
    binding.FirstFrame.mockResolvedValue(undefined)
    const reported = reportAfterFirstPaint({ navigation: 1, script: 2, mounted: 3 })
    frames.shift()!(0) // before the first frame is painted
    await Promise.resolve()
    expect(binding.FirstFrame).not.toHaveBeenCalled()
    frames.shift()!(16) // the frame after it: the first one is on screen
    await reported
    expect(binding.FirstFrame).toHaveBeenCalledWith(expect.objectContaining({ navigation: 1, script: 2, mounted: 3 }))
    expect(binding.FirstFrame.mock.calls[0]![0].painted).toBeGreaterThan(0)
  })
})
