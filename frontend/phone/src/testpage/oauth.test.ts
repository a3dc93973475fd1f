import { describe as suite, expect, it, vi } from 'vitest'
import { authorizeURL, codeOf, exchange, newState, oauthBase, OAuthError, WECOM_OAUTH_BASE, withoutCode } from './oauth'

suite('the authorize URL', () => {
  it('is WeCom\'s shape with the redirect_uri encoded once and #wechat_redirect last', () => {
    const u = authorizeURL(WECOM_OAUTH_BASE, { corpId: 'ww5a4db0c500000001', agentId: 1000002, redirect: 'https://h5.example.com/__wecomdev/test/?a=1&b=2', state: 'abc123' })
    expect(u).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww5a4db0c500000001&redirect_uri=https%3A%2F%2Fh5.example.com%2F__wecomdev%2Ftest%2F%3Fa%3D1%26b%3D2&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect',
    )
    expect(new URL(u).searchParams.get('redirect_uri')).toBe('https://h5.example.com/__wecomdev/test/?a=1&b=2')
  })

  it('goes to the dev server under the emulator and to WeCom on a phone', () => {
    expect(oauthBase(true, 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787')
    expect(oauthBase(false, 'http://127.0.0.1:8787')).toBe(WECOM_OAUTH_BASE)
    expect(authorizeURL('http://127.0.0.1:8787/', { corpId: 'ww1', agentId: 1, redirect: 'http://127.0.0.1:8787/p', state: 's' })).toMatch(/^http:\/\/127\.0\.0\.1:8787\/connect\/oauth2\/authorize\?/)
  })

  it('has a state of 16 letters and digits', () => {
    expect(newState()).toMatch(/^[A-Za-z0-9]{16}$/)
  })
})

suite('the code on the way back', () => {
  it('is read from the page URL and taken out of it with state and the hash', () => {
    const href = 'https://h5.example.com/p?x=1&code=CODE1&state=st#/a'
    expect(codeOf(href)).toEqual({ code: 'CODE1', state: 'st' })
    expect(codeOf('https://h5.example.com/p?x=1')).toBeNull()
    expect(withoutCode(href)).toBe('https://h5.example.com/p?x=1')
    expect(withoutCode(href, true)).toBe('https://h5.example.com/p?x=1#/a')
  })

  it('is exchanged at /api/oauth/userinfo, and a refusal carries the 40029 finding', async () => {
    const f = vi.fn(async (url: string) =>
      url.includes('code=GOOD')
        ? Response.json({ userid: 'zhangsan' })
        : Response.json({ code: 'WECOM_40029', message: 'reused', finding: { code: 'OAUTH_CODE_REUSED', wecom: 40029, message: { 'zh-CN': '二次', 'en-US': 'twice' }, fix: { 'zh-CN': '', 'en-US': '' } } }, { status: 400 }),
    )
    await expect(exchange('GOOD', f as unknown as typeof fetch)).resolves.toEqual({ userid: 'zhangsan' })
    expect(f.mock.calls[0][0]).toBe('/api/oauth/userinfo?code=GOOD')
    const err = await exchange('USED', f as unknown as typeof fetch).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthError)
    expect((err as OAuthError).code).toBe('WECOM_40029')
    expect((err as OAuthError).finding?.code).toBe('OAUTH_CODE_REUSED')
  })
})
