import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

/**
 * The current time (Unix ms), ticking every `intervalMs`, with one interval for
 * the calling component (or scope); the interval is cleared when it ends.
 */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now())
  const id = setInterval(() => {
    now.value = Date.now()
  }, intervalMs)
  if (getCurrentScope()) onScopeDispose(() => clearInterval(id))
  return now
}
