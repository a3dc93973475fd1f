import { afterEach, describe, expect, it } from 'vitest'
import { AppError, BRIDGE_UNAVAILABLE, call, parseErrorString, toAppError, UNKNOWN } from './errors'

describe('toAppError', () => {
  it('splits a Go error of the form CODE: message', () => {
    const e = toAppError('SETTINGS_INVALID: language must be one of system, zh-CN, en-US (got "fr")')
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('SETTINGS_INVALID')
    expect(e.message).toBe('language must be one of system, zh-CN, en-US (got "fr")')
  })

  it('keeps codes with digits and colons inside the message', () => {
    const e = toAppError('WECOM_60020: not allow to access from your ip: from ip: 1.2.3.4')
    expect(e.code).toBe('WECOM_60020')
    expect(e.message).toBe('not allow to access from your ip: from ip: 1.2.3.4')
  })

  it('gives a plain string the UNKNOWN code and keeps it as the message', () => {
    const e = toAppError('open /tmp/x: permission denied')
    expect(e.code).toBe(UNKNOWN)
    expect(e.message).toBe('open /tmp/x: permission denied')
  })

  it('does not take a lower-case prefix for a code', () => {
    expect(toAppError('settings: broken').code).toBe(UNKNOWN)
  })

  it('parses the message of an Error object', () => {
    const e = toAppError(new Error('KEYRING_LOCKED: the keyring is locked'))
    expect(e).toMatchObject({ code: 'KEYRING_LOCKED', message: 'the keyring is locked' })
  })

  it('returns an AppError unchanged', () => {
    const original = new AppError('X', 'y')
    expect(toAppError(original)).toBe(original)
  })

  it('accepts an object with code and message', () => {
    expect(toAppError({ code: 'A_B', message: 'c' })).toMatchObject({ code: 'A_B', message: 'c' })
  })

  it('never returns an empty message', () => {
    expect(toAppError(undefined)).toMatchObject({ code: UNKNOWN, message: 'unknown error' })
    expect(toAppError('')).toMatchObject({ code: UNKNOWN, message: 'unknown error' })
    expect(parseErrorString('ONLY_CODE:')).toMatchObject({ code: 'ONLY_CODE', message: 'ONLY_CODE' })
  })
})

describe('call', () => {
  afterEach(() => {
    delete window.go
  })

  it('turns a rejection into an AppError', async () => {
    window.go = {}
    await expect(call(() => Promise.reject('SETTINGS_INVALID: bad'))).rejects.toMatchObject({
      code: 'SETTINGS_INVALID',
      message: 'bad',
    })
  })

  it('reports a missing Go bridge as BRIDGE_UNAVAILABLE', async () => {
    const binding = () => (window as unknown as { go: { app: { X: () => Promise<void> } } }).go.app.X()
    await expect(call(binding)).rejects.toMatchObject({ code: BRIDGE_UNAVAILABLE })
  })

  it('passes the value through on success', async () => {
    await expect(call(async () => 42)).resolves.toBe(42)
  })
})
