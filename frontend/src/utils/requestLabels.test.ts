import { describe, expect, it } from 'vitest'
import { isToken, messageParts } from './requestLabels'

describe('a message cut into prose and tokens', () => {
  it('keeps prose in one part, so it wraps between words', () => {
    expect(messageParts('invalid signature')).toEqual([{ text: 'invalid signature', token: false }])
  })

  it('sets a URL, a path and a hash apart as tokens, and the parts join back to the message', () => {
    const m = 'the page https://a.example.com/x?y=1 is not /api/jssdk/config nor 0123456789abcdef0123456789abcdef here'
    const parts = messageParts(m)
    expect(parts.filter((p) => p.token).map((p) => p.text)).toEqual([
      'https://a.example.com/x?y=1',
      '/api/jssdk/config',
      '0123456789abcdef0123456789abcdef',
    ])
    expect(parts.map((p) => p.text).join('')).toBe(m)
  })

  it('treats ordinary words in both languages as words', () => {
    for (const w of ['signature', 'refused', 'trailing-slash', '签名错误', 'config:ok']) expect(isToken(w)).toBe(false)
  })

  it('gives nothing for an empty message', () => {
    expect(messageParts('')).toEqual([])
  })
})
