import { getCurrentScope, onScopeDispose } from 'vue'
import type { EventName } from '@/api/events'
import { onEvent } from '@/api/runtime'

/**
 * Subscribes to a Go event for the lifetime of the current effect scope
 * (component, store or effectScope) and unsubscribes when it ends. Also
 * returns the stop function for early release.
 */
export function useEvent<T>(name: EventName, handler: (payload: T) => void): () => void {
  let off: (() => void) | null = onEvent<T>(name, handler)
  const stop = () => {
    off?.()
    off = null
  }
  if (getCurrentScope()) onScopeDispose(stop)
  return stop
}
