import { describe, expect, it, vi } from 'vitest'
import { messages, pickLang, translator } from './i18n'
import { corpIdOf, endpointOf, errText, JS_API_LIST, lookupCustomers, mistakeOf, sign, signedURL, splitIds, storeChat, toggleSlash, verificationLines } from './page'

describe('test page texts', () => {
  it('has the same keys in zh-CN and en-US, none empty', () => {
    expect(Object.keys(messages['en-US']).sort()).toEqual(Object.keys(messages['zh-CN']).sort())
    for (const m of Object.values(messages)) for (const v of Object.values(m)) expect(v).not.toBe('')
  })

  it('follows navigator.language and fills placeholders', () => {
    expect(pickLang('zh-TW')).toBe('zh-CN')
    expect(pickLang('en-GB')).toBe('en-US')
    expect(pickLang(undefined)).toBe('en-US')
    expect(translator('en-US')('group.saved', { chatId: 'wrA', label: 'A-1' })).toBe('Stored: wrA ↔ A-1')
  })
})

describe('simulated mistakes', () => {
  it('toggles the trailing slash of the path only', () => {
    expect(toggleSlash('http://127.0.0.1:8787/__wecomdev/test/?mistake=trailing-slash')).toBe('http://127.0.0.1:8787/__wecomdev/test?mistake=trailing-slash')
    expect(toggleSlash('https://h5.example.com/shop?id=7')).toBe('https://h5.example.com/shop/?id=7')
    expect(toggleSlash('https://h5.example.com')).toBe('https://h5.example.com/')
    expect(toggleSlash('https://h5.example.com/')).toBe('https://h5.example.com')
  })

  it('reads the mistake from the query and signs accordingly', () => {
    expect(mistakeOf('?mistake=hash')).toBe('hash')
    expect(mistakeOf('?mistake=nonsense')).toBe('none')
    expect(signedURL('https://a.cn/p', 'hash', 'https://a.cn/p#/x')).toBe('https://a.cn/p#/x')
    expect(signedURL('https://a.cn/p', 'none', 'https://a.cn/p#/x')).toBe('https://a.cn/p')
    expect(endpointOf('agent', 'corp-ticket-for-agent')).toBe('/api/jssdk/config-signature')
    expect(endpointOf('config', 'app-ticket-for-config')).toBe('/api/jssdk/agent-signature')
    expect(endpointOf('agent', 'none')).toBe('/api/jssdk/agent-signature')
    expect(corpIdOf('ww5andb0x0000000', 'wrong-corpid')).toBe('ww5andb0x0000001')
    expect(corpIdOf('ww5andb0xabc', 'wrong-corpid')).toBe('ww5andb0xab0')
    expect(corpIdOf('ww5andb0xabc', 'none')).toBe('ww5andb0xabc')
  })
})

describe('console calls', () => {
  it('signs the URL encoded once, and turns a refusal into its code and message', async () => {
    const f = vi.fn(async () => Response.json({ timestamp: '1', nonceStr: 'n', signature: 's' }))
    await sign('config', 'https://a.cn/p?x=1&y=2', 'none', f as unknown as typeof fetch)
    expect(f).toHaveBeenCalledWith('/api/jssdk/config-signature?url=https%3A%2F%2Fa.cn%2Fp%3Fx%3D1%26y%3D2', { credentials: 'omit' })
    const refuse = vi.fn(async () => Response.json({ code: 'HOST_NOT_ALLOWED', message: 'nope' }, { status: 403 }))
    await expect(sign('agent', 'https://b.cn/', 'none', refuse as unknown as typeof fetch)).rejects.toMatchObject({ code: 'HOST_NOT_ALLOWED', message: 'nope' })
  })

  it('looks customers up by member and mobile, and stores a label', async () => {
    const f = vi.fn(async (url: string, _init?: RequestInit) => (url.startsWith('/api/') ? Response.json({ externalUserIds: ['wmA'] }) : Response.json({ chatId: 'wrA', label: 'A-1', profile: 'p', createdAt: '' })))
    expect(await lookupCustomers('zhang san', '138 0000', f as unknown as typeof fetch)).toEqual(['wmA'])
    expect(f.mock.calls[0][0]).toBe('/api/customers?userId=zhang%20san&mobile=138%200000')
    expect(await storeChat('wrA', 'A-1', f as unknown as typeof fetch)).toMatchObject({ chatId: 'wrA' })
    expect(f.mock.calls[1][1]).toMatchObject({ method: 'POST', body: '{"chatId":"wrA","label":"A-1"}' })
  })

  it('registers every API of the playground and shows client answers first', () => {
    expect(JS_API_LIST).toContain('openEnterpriseChat')
    expect(JS_API_LIST).toContain('getContext')
    expect(splitIds('lisi, wangwu；zhaoliu')).toEqual(['lisi', 'wangwu', 'zhaoliu'])
    expect(errText({ errMsg: 'agentConfig:fail', err_msg: 'ticket no available' })).toBe('agentConfig:fail (ticket no available)')
    expect(errText({ errMsg: 'getLocation:ok', err_msg: 'geoLocation:ok' })).toBe('getLocation:ok')
    expect(errText(new Error('boom'))).toBe('boom')
  })
})

describe('a step\'s detail', () => {
  it('puts the real cause of a failure above the loopback note', () => {
    const both = (en: string) => ({ 'en-US': en, 'zh-CN': en })
    const lines = verificationLines(
      {
        api: 'agentConfig',
        errMsg: 'agentConfig:invalid signature',
        findings: [],
        warnings: [
          { code: 'LOOPBACK', message: both('the page is on loopback') },
          { code: 'AGENT_ID', message: both('the agentId passed is not the profile\'s app') },
        ],
      },
      'en-US',
    )
    expect(lines).toEqual(["AGENT_ID: the agentId passed is not the profile's app", 'LOOPBACK: the page is on loopback'])
  })

  it('starts with the verdict and its findings', () => {
    const lines = verificationLines(
      {
        api: 'config',
        errMsg: 'config:invalid signature',
        verdict: 'URL_VARIANT',
        signedUrl: 'https://a/b/',
        findings: [{ code: 'URL_LOCALHOST', message: { 'en-US': 'local' } }, { code: 'TRAILING_SLASH', message: { 'en-US': 'slash' } }],
        warnings: [{ code: 'LOOPBACK', message: { 'en-US': 'lo' } }],
      },
      'en-US',
    )
    expect(lines).toEqual(['URL_VARIANT: https://a/b/', 'TRAILING_SLASH: slash', 'URL_LOCALHOST: local', 'LOOPBACK: lo'])
  })
})
