import { describe, expect, it } from 'vitest'
import { checkProfile, emptyDraft, isPositiveInteger, normalizeDomain, toInput, type ProfileDraft } from './profileRules'

const good = (over: Partial<ProfileDraft> = {}): ProfileDraft => ({
  ...emptyDraft(),
  name: 'prod.app_1-x',
  corpId: 'ww0000000000000001',
  agentId: '1000002',
  ...over,
})

describe('profile checks (mirroring Go)', () => {
  it('accepts a complete profile with the default API base', () => {
    expect(emptyDraft().apiBase).toBe('https://qyapi.weixin.qq.com')
    expect(checkProfile(good())).toEqual({})
  })

  it.each([[''], ['a b'], ['名字'], ['x'.repeat(65)], ['a/b'], ['.hidden'], ['-dash']])('rejects the name %j', (name) => {
    expect(checkProfile(good({ name }))).toHaveProperty('name')
  })

  it('accepts a 64-character name', () => {
    expect(checkProfile(good({ name: 'x'.repeat(64) }))).toEqual({})
  })

  it.each([['  '], ['ww-1'], ['ww 1']])('rejects the corp ID %j (letters and digits only)', (corpId) => {
    expect(checkProfile(good({ corpId }))).toHaveProperty('corpId')
  })

  it.each([['0'], ['-1'], ['1.5'], ['abc'], [''], ['99999999999']])('rejects the agent ID %j', (agentId) => {
    expect(checkProfile(good({ agentId }))).toHaveProperty('agentId')
  })

  it('accepts a positive whole agent ID', () => {
    expect(isPositiveInteger('1000002')).toBe(true)
    expect(isPositiveInteger(' 1 ')).toBe(true)
  })

  it.each([['ftp://x'], ['qyapi.weixin.qq.com'], ['https://'], [''], ['https://a.com/?q=1'], ['https://a.com/#x']])('rejects the API base %j', (apiBase) => {
    expect(checkProfile(good({ apiBase }))).toHaveProperty('apiBase')
  })

  it.each([['http://127.0.0.1:41234'], ['http://localhost:8080/p'], ['http://[::1]:9000'], ['https://10.0.0.5']])(
    'accepts https://, and http:// only for a loopback host like the sandbox: %j',
    (apiBase) => {
      expect(checkProfile(good({ apiBase }))).toEqual({})
    },
  )

  it.each([['http://10.0.0.5'], ['http://qyapi.weixin.qq.com'], ['http://127.0.0.1.nip.io'], ['http://0.0.0.0:80']])(
    'rejects plain http:// to a host that is not loopback (the secret would travel in clear text): %j',
    (apiBase) => {
      expect(checkProfile(good({ apiBase }))).toHaveProperty('apiBase')
    },
  )

  it('reduces a pasted URL to its host and rejects what is not a host', () => {
    expect(normalizeDomain('https://H5.Example.com/path?q#x')).toBe('h5.example.com')
    expect(normalizeDomain('h5.example.com:8443')).toBe('h5.example.com:8443')
    expect(normalizeDomain('not a host')).toBe('')
    expect(normalizeDomain('1.2.3.4')).toBe('')
    expect(normalizeDomain('1.2.3.4:8080')).toBe('')
    expect(normalizeDomain('-a.example.com')).toBe('')
    expect(checkProfile(good({ trustedDomains: ['a.example.com', 'bad host'] }))).toHaveProperty('trustedDomains')
  })

  it('builds the input Go expects: trimmed, numeric agent ID, no trailing slash', () => {
    expect(toInput(good({ originalName: 'old', name: ' new ', apiBase: 'http://127.0.0.1:1/', trustedDomains: ['a.example.com'] }))).toEqual({
      originalName: 'old',
      name: 'new',
      corpId: 'ww0000000000000001',
      agentId: 1000002,
      apiBase: 'http://127.0.0.1:1',
      trustedDomains: ['a.example.com'],
    })
  })
})
