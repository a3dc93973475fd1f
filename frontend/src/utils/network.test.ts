import { describe, expect, it } from 'vitest'
import type { NetEvent } from '@/api/network'
import { curlOf, matches, mergeEvents, standout } from './network'

const ev = (over: Partial<NetEvent> = {}): NetEvent => ({ id: '1', kind: 'fetch', method: 'GET', url: 'http://localhost:5173/api/me', status: 200, start: 0, received: '', ...over })

describe('network utils', () => {
  it('makes a failed /api/jssdk/* call and a 4xx / 5xx of the page stand out, nothing else', () => {
    expect(standout(ev({ url: 'https://t.example.com/api/jssdk/config-signature?url=x', status: 403, console: true }))).toBe('jssdk')
    expect(standout(ev({ status: 502 }))).toBe('failed')
    expect(standout(ev({ status: 0, error: 'network error' }))).toBe('failed')
    expect(standout(ev({ status: 304 }))).toBe('')
  })

  it('filters by type, status class and text', () => {
    const f = { kind: '' as const, status: '' as const, text: '' }
    expect(matches(ev({ kind: 'xhr' }), { ...f, kind: 'fetch' })).toBe(false)
    expect(matches(ev({ status: 404 }), { ...f, status: '4xx' })).toBe(true)
    expect(matches(ev({ status: 200 }), { ...f, status: 'failed' })).toBe(false)
    expect(matches(ev(), { ...f, text: 'API/ME' })).toBe(true)
  })

  it('copies a request as cURL with its headers and body, quotes escaped, masked values kept masked', () => {
    const c = curlOf(ev({ method: 'POST', url: "http://x/a?q=it's", reqHeaders: { authorization: 'Be…yz', 'content-length': '9' }, reqBody: '{"a":1}' }))
    expect(c).toBe(`curl 'http://x/a?q=it'\\''s' \\\n  -H 'authorization: Be…yz' \\\n  --data-raw '{"a":1}'`)
    expect(curlOf(ev({ method: 'DELETE' }))).toBe(`curl 'http://localhost:5173/api/me' \\\n  -X DELETE`)
  })

  it('merges by id, a later report replacing an earlier one, and keeps the newest', () => {
    const out = mergeEvents([ev({ id: 'a' }), ev({ id: 'w', status: 101 })], [ev({ id: 'w', status: 101, duration: 9 }), ev({ id: 'b' })], 2)
    expect(out.map((e) => [e.id, e.duration])).toEqual([
      ['w', 9],
      ['b', undefined],
    ])
  })
})
