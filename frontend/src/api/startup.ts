/** Typed wrapper over the Go StartupService binding. */
import { FirstFrame } from '../../wailsjs/go/app/StartupService'
import { call, hasBridge } from './errors'

/** The UI's start-up moments, in milliseconds since the Unix epoch; 0 when unknown. */
export interface UIMarks {
  navigation: number
  script: number
  mounted: number
  painted: number
}

/** Milliseconds since the Unix epoch on the page's high-resolution clock. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * Tells Go that the first frame with the app is on screen: Go then starts the work it put
 * off until the window was drawn (and prints the marks under WECOMDEV_STARTUP_TRACE=1).
 * Never rejects: nothing in the UI waits on it.
 */
export function reportFirstFrame(marks: UIMarks): Promise<void> {
  if (!hasBridge()) return Promise.resolve()
  return call(() => FirstFrame(marks)).catch(() => undefined)
}

let firstPaint: Promise<void> | null = null

/**
 * Calls reportFirstFrame once the frame after `mounted` has been painted: the first
 * requestAnimationFrame callback runs before that frame is painted, the second one after.
 */
export function reportAfterFirstPaint(marks: Omit<UIMarks, 'painted'>): Promise<void> {
  firstPaint = new Promise((resolve) => {
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        resolve()
        void reportFirstFrame({ ...marks, painted: epochNow() })
      }),
    )
  })
  return firstPaint
}

/**
 * Resolves once the app's first frame is painted (at once when nothing waits for one, as
 * in tests): loads that the first view does not show wait on it instead of competing with
 * that frame for the CPU.
 */
export function afterFirstPaint(): Promise<void> {
  return firstPaint ?? Promise.resolve()
}
