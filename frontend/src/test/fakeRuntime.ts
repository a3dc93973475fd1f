/**
 * A stand-in for wailsjs/runtime/runtime with an in-memory event bus.
 * Use as: vi.mock('<path>/wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))
 */
import { vi } from 'vitest'

type Callback = (...data: unknown[]) => void
const handlers = new Map<string, Set<Callback>>()

export const bus = {
  emit(name: string, ...data: unknown[]) {
    for (const cb of [...(handlers.get(name) ?? [])]) cb(...data)
  },
  count(name: string): number {
    return handlers.get(name)?.size ?? 0
  },
  reset() {
    handlers.clear()
  },
}

export const EventsOn = vi.fn((name: string, cb: Callback) => {
  const set = handlers.get(name) ?? new Set<Callback>()
  handlers.set(name, set)
  set.add(cb)
  return () => set.delete(cb)
})
export const EventsOff = vi.fn((name: string) => handlers.delete(name))
export const WindowSetDarkTheme = vi.fn()
export const WindowSetLightTheme = vi.fn()
export const WindowSetSystemDefaultTheme = vi.fn()
export const ClipboardSetText = vi.fn(async () => true)
export const BrowserOpenURL = vi.fn()
