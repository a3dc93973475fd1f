import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { AppError } from '@/api/errors'
import { run, withBusy, withBusyKey } from './async'

describe('run', () => {
  it('clears the error it keeps once the call succeeds', async () => {
    const where = ref<AppError | null>(new AppError('TIMEOUT', 'earlier'))
    await expect(run(where, async () => 42)).resolves.toBe(42)
    expect(where.value).toBeNull()
  })

  it('keeps the failure as an AppError and rejects with that same error', async () => {
    const where = ref<AppError | null>(null)
    const failure = run(where, () => Promise.reject(new Error('PROFILE_NOT_FOUND: profile "x"')))
    await expect(failure).rejects.toBeInstanceOf(AppError)
    const err = await failure.catch((e: unknown) => e)
    expect(where.value).toBe(err)
    expect(where.value?.code).toBe('PROFILE_NOT_FOUND')
  })

  it('leaves the error alone when the answer is stale (the user switched profile meanwhile)', async () => {
    const kept = new AppError('TIMEOUT', 'of the profile shown')
    const where = ref<AppError | null>(kept)
    await run(where, async () => 1, () => true)
    expect(where.value).toBe(kept)
    await expect(run(where, () => Promise.reject(new Error('INTERNAL: boom')), () => true)).rejects.toBeInstanceOf(AppError)
    expect(where.value).toBe(kept)
  })
})

describe('withBusy', () => {
  it('marks one action while it runs and clears it after a failure too', async () => {
    const busy = ref<'start' | 'stop' | null>(null)
    let seen: string | null = null
    await withBusy(busy, 'start', async () => {
      seen = busy.value
    })
    expect(seen).toBe('start')
    expect(busy.value).toBeNull()
    await expect(withBusy(busy, 'stop', () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(busy.value).toBeNull()
  })
})

describe('withBusyKey', () => {
  it('keeps several keys at once and drops only its own when done', async () => {
    const busy = ref<string[]>([])
    let release: () => void = () => undefined
    const slow = withBusyKey(busy, 'list', () => new Promise<void>((resolve) => (release = resolve)))
    await withBusyKey(busy, 'pool', async () => {
      expect(busy.value).toEqual(['list', 'pool'])
    })
    expect(busy.value).toEqual(['list'])
    release()
    await slow
    expect(busy.value).toEqual([])
  })
})
