import { describe, expect, it } from 'vitest'
import { signStringParts } from './signString'

describe('signStringParts', () => {
  it('cuts a sign string into its four parts in their fixed order', () => {
    expect(signStringParts('jsapi_ticket=co…rp&noncestr=Wm3W&timestamp=1700000000&url=https://a.example/p?x=1')).toEqual([
      { key: 'jsapi_ticket', value: 'co…rp' },
      { key: 'noncestr', value: 'Wm3W' },
      { key: 'timestamp', value: '1700000000' },
      { key: 'url', value: 'https://a.example/p?x=1' },
    ])
  })

  it('keeps a URL whole when its query holds & and even &url=', () => {
    const parts = signStringParts('jsapi_ticket=t&noncestr=n&timestamp=1&url=https://a.example/?a=1&url=b&noncestr=c')
    expect(parts?.[3]).toEqual({ key: 'url', value: 'https://a.example/?a=1&url=b&noncestr=c' })
  })

  it('answers null for text that is not a sign string', () => {
    expect(signStringParts('')).toBeNull()
    expect(signStringParts('noncestr=n&jsapi_ticket=t')).toBeNull()
    expect(signStringParts('jsapi_ticket=t&noncestr=n&url=u')).toBeNull()
  })
})
