import { describe, expect, it } from 'vitest'
import type { EntryReport } from '@/api/devserver.types'
import { chatEntry, emulatorEntry, reportEntry } from '@/test/fixtures'
import {
  answeredReport,
  cutHash,
  isFailedSignatureCall,
  prettyJSON,
  reportLine,
  reportName,
  reportOutcome,
  signatureCall,
  signatureInputs,
  signedElsewhere,
} from './reports'

const rep = (over: Partial<EntryReport>): EntryReport => ({ type: 'console', ok: false, ...over })

describe('reading a report', () => {
  it.each([
    [rep({ type: 'verify', api: 'config', ok: true }), 'ok'],
    [rep({ type: 'config', api: 'config', ok: false }), 'fail'],
    [rep({ type: 'invoke', api: 'getContext', ok: true }), 'ok'],
    [rep({ type: 'wx.error', ok: false }), 'fail'],
    [rep({ type: 'unhandledrejection' }), 'fail'],
    [rep({ type: 'console', level: 'error' }), 'fail'],
    [rep({ type: 'console', level: 'warn' }), 'warn'],
    [rep({ type: 'console', level: 'log' }), 'info'],
    [rep({ type: 'register', api: 'ww.register' }), 'info'],
    [rep({ type: 'chat', ok: true }), 'ok'],
  ])('%j reads as %s', (r, want) => {
    expect(reportOutcome(r)).toBe(want)
  })

  it.each([
    [rep({ type: 'verify', api: 'agentConfig' }), 'agentConfig'],
    [rep({ type: 'console', level: 'warn' }), 'console.warn'],
    [rep({ type: 'console' }), 'console.log'],
    [rep({ type: 'step', api: 'save' }), 'step save'],
    [rep({ type: 'signature', api: 'config' }), 'signature config'],
    [rep({ type: 'register', api: 'ww.register' }), 'ww.register'],
    [rep({ type: 'error' }), 'error'],
  ])('%j is named %s', (r, want) => {
    expect(reportName(r)).toBe(want)
  })

  it('its line is the answer, else the message on one line, else a stored chatId', () => {
    expect(reportLine(rep({ errMsg: 'config:invalid signature', message: 'x' }))).toBe('config:invalid signature')
    expect(reportLine(rep({ message: 'a\n  b' }))).toBe('a b')
    expect(reportLine(rep({ type: 'chat', chatId: 'wrAbc' }))).toBe('wrAbc')
    expect(reportLine(rep({}))).toBe('')
  })

  it('only config and agentConfig (reported or verified) are signature calls', () => {
    expect(signatureCall(rep({ type: 'config' }))).toBe('corp')
    expect(signatureCall(rep({ type: 'agentConfig' }))).toBe('agent')
    expect(signatureCall(rep({ type: 'verify', api: 'config' }))).toBe('corp')
    expect(signatureCall(rep({ type: 'verify', api: 'agentConfig' }))).toBe('agent')
    expect(signatureCall(rep({ type: 'invoke', api: 'config' }))).toBeNull()
    expect(signatureCall(rep({ type: 'signature', api: 'config' }))).toBeNull()
    expect(isFailedSignatureCall(reportEntry(1).report)).toBe(true)
    expect(isFailedSignatureCall(emulatorEntry(1).report)).toBe(false)
  })

  it('reads timestamp (a number or a string), nonceStr and signature from the params', () => {
    expect(signatureInputs(reportEntry(1).report!)).toEqual({ timestamp: '1700000000', nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' })
    expect(signatureInputs(rep({ params: null, signature: 'ab' }))).toEqual({ timestamp: '', nonceStr: '', signature: 'ab' })
    expect(signatureInputs(rep({ params: ['x'] }))).toEqual({ timestamp: '', nonceStr: '', signature: '' })
  })

  it('a signature is over another URL only when Go found one that is not the page URL without its #…', () => {
    expect(cutHash('https://a.example/p?x=1#/r')).toBe('https://a.example/p?x=1')
    expect(signedElsewhere(reportEntry(1).report!)).toBe(true)
    expect(signedElsewhere(emulatorEntry(1).report!)).toBe(false)
    expect(signedElsewhere(rep({ pageUrl: 'https://a.example/p#x', signedUrl: 'https://a.example/p' }))).toBe(false)
  })

  it('a report counts only on an entry Go answered', () => {
    expect(answeredReport(chatEntry(1))?.type).toBe('chat')
    expect(answeredReport({ ...chatEntry(1), status: 429 })).toBeNull()
    expect(answeredReport({ ...chatEntry(1), report: undefined })).toBeNull()
  })

  it('prints params as indented JSON, nothing for none', () => {
    expect(prettyJSON({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(prettyJSON(undefined)).toBe('')
    expect(prettyJSON(null)).toBe('')
  })
})
