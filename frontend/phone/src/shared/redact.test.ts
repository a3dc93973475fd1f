import { describe as suite, expect, it } from 'vitest'
import { clip, describe, maskText, sanitize } from './redact'

const ticket = 'bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA'

suite('redact', () => {
  it('masks a ticket-like run but keeps a 40-hex signature and short ids', () => {
    const sig = '0f9de62fce790f9a083d5c99e95740ceb90c27ed'
    const out = maskText(`t=${ticket} sig=${sig} user=wm5andb0xChenXiaoMingAAAAAAAAAAA`)
    expect(out).not.toContain(ticket)
    expect(out).toContain(sig)
    expect(out).toContain('wm5andb0xChenXiaoMingAAAAAAAAAAA')
  })

  it('masks a sign string ticket of any length', () => {
    expect(maskText('jsapi_ticket=shortTicket1&noncestr=a')).toBe('jsapi_ticket=sh…t1&noncestr=a')
  })

  it('drops credential keys and functions, at any depth, and breaks cycles', () => {
    const o: Record<string, unknown> = { corpId: 'ww1', nested: { access_token: 'x', ok: 1 }, cb: () => 1 }
    o.self = o
    expect(sanitize(o)).toEqual({ corpId: 'ww1', nested: { access_token: '(removed)', ok: 1 }, self: '[cycle]' })
  })

  it('cuts long text and describes what a page logs', () => {
    expect(clip('abcdef', 3)).toBe('abc…')
    expect(describe(new TypeError('boom'))).toBe('TypeError: boom')
    expect(describe({ errMsg: 'config:invalid signature' })).toBe('config:invalid signature')
    expect(describe({ a: 1 })).toBe('{"a":1}')
  })
})
