import type { Ref } from 'vue'
import { type AppError, toAppError } from '@/api/errors'

/**
 * Runs `op` and keeps its outcome in `where`: null once it succeeds, the AppError when it
 * fails (then rejects with that AppError). When `stale` answers true after `op` settles
 * (the user switched profile meanwhile), `where` is left alone.
 */
export async function run<T>(where: Ref<AppError | null>, op: () => Promise<T>, stale?: () => boolean): Promise<T> {
  try {
    const value = await op()
    if (!stale?.()) where.value = null
    return value
  } catch (reason) {
    const err = toAppError(reason)
    if (!stale?.()) where.value = err
    throw err
  }
}

/** Marks `busy` as `what` while `op` runs: one action at a time (a button's spinner). */
export async function withBusy<K extends string, T>(busy: Ref<K | null>, what: K, op: () => Promise<T>): Promise<T> {
  busy.value = what
  try {
    return await op()
  } finally {
    busy.value = null
  }
}

/** Adds `key` to `busy` while `op` runs: several actions at once, each with its own key. */
export async function withBusyKey<T>(busy: Ref<string[]>, key: string, op: () => Promise<T>): Promise<T> {
  busy.value = [...busy.value, key]
  try {
    return await op()
  } finally {
    const i = busy.value.indexOf(key)
    if (i >= 0) busy.value = [...busy.value.slice(0, i), ...busy.value.slice(i + 1)]
  }
}
