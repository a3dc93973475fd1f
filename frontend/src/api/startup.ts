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
 * Tells Go that the first frame with the app is on screen (Go prints the marks under
 * WECOMDEV_STARTUP_TRACE=1; scripts/startup-time.sh reads them). Never rejects: nothing
 * in the UI waits on it.
 */
export function reportFirstFrame(marks: UIMarks): Promise<void> {
  if (!hasBridge()) return Promise.resolve()
  return call(() => FirstFrame(marks)).catch(() => undefined)
}

/**
 * Calls reportFirstFrame once the frame after `mounted` has been painted: the first
 * requestAnimationFrame callback runs before that frame is painted, the second one after.
 */
export function reportAfterFirstPaint(marks: Omit<UIMarks, 'painted'>): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        void reportFirstFrame({ ...marks, painted: epochNow() }).then(resolve)
      }),
    )
  })
}
