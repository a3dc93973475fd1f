import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBridge, emulatedUserAgent, installEmulator, topPageUrl, type Answer, type EmulatedBridge } from './emulator'

type Call = { url: string; body: Record<string, unknown> }

/** A fake dev server: verify answers ok (or what verifyAnswer says), invoke echoes a result. */
function server(over: { verify?: (body: Record<string, unknown>) => Answer; invoke?: (body: Record<string, unknown>) => Answer; status?: number } = {}) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>
    calls.push({ url, body })
    if (over.status && over.status !== 200) {
      return new Response(JSON.stringify({ code: 'EMULATOR_OFF', message: 'the WeCom client emulator is off' }), { status: over.status })
    }
    if (url.endsWith('/__wecomdev/emulator/verify')) {
      const a = over.verify?.(body) ?? { ok: true, errMsg: `${body.api}:ok` }
      return Response.json({ api: body.api, findings: [], warnings: [], result: { errMsg: a.errMsg, ...(a.extra as object) }, ...a })
    }
    if (over.invoke) return Response.json(over.invoke(body))
    return Response.json({ api: body.api, ok: true, errMsg: `${body.api}:ok`, result: { errMsg: `${body.api}:ok`, err_msg: `${body.api}:ok`, chatId: 'wrMadeUp' }, note: 'made up' })
  })
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

function bridgeWith(srv: ReturnType<typeof server>) {
  return createBridge({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch, pageUrl: () => 'http://127.0.0.1:8787/p/#/x', log: () => {} })
}

function invoke(b: EmulatedBridge, name: string, params: Answer = {}): Promise<Answer> {
  return new Promise((resolve) => b.invoke(name, params, resolve))
}

const configParams = {
  appId: 'ww1',
  verifyAppId: 'ww1',
  verifyJsApiList: ['openEnterpriseChat', 'getContext', 'imagePreview'],
  verifySignType: 'sha1',
  verifyTimestamp: '1763719200',
  verifyNonceStr: 'nonce',
  verifySignature: 'sig',
}

describe('emulated bridge', () => {
  it('sends preVerifyJSAPI to the console as config with the page URL and answers its result', async () => {
    const srv = server()
    const b = bridgeWith(srv)
    const res = await invoke(b, 'preVerifyJSAPI', configParams)
    expect(res).toEqual({ errMsg: 'config:ok' })
    expect(srv.calls[0]).toEqual({
      url: 'http://127.0.0.1:8787/__wecomdev/emulator/verify',
      body: {
        api: 'config',
        pageUrl: 'http://127.0.0.1:8787/p/#/x',
        params: { appId: 'ww1', timestamp: '1763719200', nonceStr: 'nonce', signature: 'sig', jsApiList: ['openEnterpriseChat', 'getContext', 'imagePreview'], openTagList: [] },
      },
    })
    expect(b.state.corp).toEqual({ status: 'ok', jsApiList: ['openEnterpriseChat', 'getContext', 'imagePreview'] })
  })

  it('passes the console answer of a failed agentConfig through unchanged', async () => {
    const srv = server({
      verify: () => ({ ok: false, errMsg: 'agentConfig:fail', extra: { err_msg: 'ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012' } }),
    })
    const b = bridgeWith(srv)
    const res = await invoke(b, 'agentConfig', { corpid: 'ww1', agentid: '1000002', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: ['getContext'] })
    expect(res).toEqual({ errMsg: 'agentConfig:fail', err_msg: 'ticket no available more info at https://open.work.weixin.qq.com/devtool/query?e=42012' })
    expect(srv.calls[0].body).toMatchObject({ api: 'agentConfig', params: { corpId: 'ww1', agentId: '1000002', jsApiList: ['getContext'] } })
    expect(b.state.agent.status).toBe('fail')
  })

  it('answers a listed API from the console, without the SDK verify fields', async () => {
    const srv = server()
    const b = bridgeWith(srv)
    await invoke(b, 'preVerifyJSAPI', configParams)
    const res = await invoke(b, 'openEnterpriseChat', { groupName: 'g', userIds: 'zhangsan', externalUserIds: 'wmA', ...configParams })
    expect(res).toEqual({ errMsg: 'openEnterpriseChat:ok', err_msg: 'openEnterpriseChat:ok', chatId: 'wrMadeUp' })
    expect(srv.calls[1]).toEqual({ url: 'http://127.0.0.1:8787/__wecomdev/emulator/invoke', body: { api: 'openEnterpriseChat', params: { groupName: 'g', userIds: 'zhangsan', externalUserIds: 'wmA', verifyJsApiList: configParams.verifyJsApiList } } })
  })

  it('answers an API missing from jsApiList with the client no-permission answer, without asking the console', async () => {
    const srv = server()
    const b = bridgeWith(srv)
    await invoke(b, 'preVerifyJSAPI', configParams)
    const res = await invoke(b, 'scanQRCode', { needResult: 1 })
    // What the client sends (juejin.cn/post/7359076801254653992): no errMsg, so the SDK formats it.
    expect(res).toEqual({ errmsg: 'fail_no permission', err_msg: 'scanQRCode:fail_no permission' })
    expect(srv.calls).toHaveLength(1)
  })

  it('needs a successful agentConfig for the APIs the SDK types mark app-identity, even when config lists them', async () => {
    const srv = server()
    const b = bridgeWith(srv)
    const list = ['selectExternalChat', 'launchMiniprogram', 'navigateToKfChat', 'hideChatAttachmentMenu', 'updateMomentsSetting', 'wedriveSelectFile', 'wedocSelectDoc', 'getCurExternalContact']
    await invoke(b, 'preVerifyJSAPI', { ...configParams, verifyJsApiList: list }) // config lists them, but only agentConfig grants them
    for (const api of list) expect(await invoke(b, api), api).toEqual({ errmsg: 'fail_no permission', err_msg: `${api}:fail_no permission` })
    expect(srv.calls).toHaveLength(1)
    await invoke(b, 'agentConfig', { corpid: 'ww1', agentid: '1', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: list })
    for (const api of list) expect(await invoke(b, api), api).toMatchObject({ errMsg: `${api}:ok` })
  })

  it('grants getContext and openUserProfile with config alone (the corp identity)', async () => {
    const b = bridgeWith(server())
    await invoke(b, 'preVerifyJSAPI', { ...configParams, verifyJsApiList: ['getContext', 'openUserProfile'] })
    expect(await invoke(b, 'getContext')).toMatchObject({ errMsg: 'getContext:ok', err_msg: 'getContext:ok' })
    expect(await invoke(b, 'openUserProfile', { type: 1, userid: 'zhangsan' })).toMatchObject({ errMsg: 'openUserProfile:ok' })
  })

  it('refuses an app-identity API that agentConfig did not list', async () => {
    const b = bridgeWith(server())
    await invoke(b, 'agentConfig', { corpid: 'ww1', agentid: '1', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: ['getContext'] })
    expect(await invoke(b, 'selectExternalChat')).toEqual({ errmsg: 'fail_no permission', err_msg: 'selectExternalChat:fail_no permission' })
  })

  it('asks the console about an API the SDK does not have, whatever jsApiList says, and passes its function not exist on', async () => {
    const srv = server({
      invoke: (body) => ({ api: body.api, ok: false, errMsg: `${body.api}:function not exist`, result: { errMsg: `${body.api}:function not exist`, err_msg: `${body.api}:function not exist` } }),
    })
    const b = bridgeWith(srv)
    await invoke(b, 'preVerifyJSAPI', configParams)
    expect(await invoke(b, 'someFutureApi')).toEqual({ errMsg: 'someFutureApi:function not exist', err_msg: 'someFutureApi:function not exist' })
    expect(srv.calls[1].body).toEqual({ api: 'someFutureApi', params: {} })
  })

  it('says the permission is still being verified before any config succeeded', async () => {
    const b = bridgeWith(server())
    expect(await invoke(b, 'geoLocation', { type: 'wgs84' })).toEqual({
      errMsg: 'getLocation:the permission value is offline verifying',
      err_msg: 'geoLocation:the permission value is offline verifying',
    })
    expect(await invoke(b, 'checkJsApi', { jsApiList: ['getContext'] })).toMatchObject({ errMsg: 'checkJsApi:ok' })
  })

  it('fails the call with the console message when the console refuses', async () => {
    const logs: string[] = []
    const srv = server({ status: 403 })
    const b = createBridge({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch, log: (_l, m) => logs.push(m) })
    const res = await invoke(b, 'preVerifyJSAPI', configParams)
    expect(res.errMsg).toBe('config:fail')
    expect(String(res.err_msg)).toContain('EMULATOR_OFF')
    expect(logs.join('\n')).toContain('EMULATOR_OFF')
  })

  it('runs on() listeners when the client emits an event', async () => {
    const b = bridgeWith(server())
    const cb = vi.fn()
    b.on('menu:share:appmessage', cb)
    b.emit('menu:share:appmessage', { a: 1 })
    await new Promise((r) => setTimeout(r, 0))
    expect(cb).toHaveBeenCalledWith({ a: 1 })
  })
})

describe('installing the emulator', () => {
  const w = window as unknown as Record<string, unknown>
  afterEach(() => {
    delete w.WeixinJSBridge
    delete w.__wecomdevEmulator
    delete (navigator as unknown as Record<string, unknown>).userAgent // back to the prototype's
    document.querySelectorAll('[data-wecomdev-emulator]').forEach((e) => e.remove())
    vi.resetModules()
  })

  it('adds the wxwork token the SDK looks for, puts the bridge in and fires WeixinJSBridgeReady', async () => {
    const ready = vi.fn()
    document.addEventListener('WeixinJSBridgeReady', ready, { once: true })
    const b = installEmulator(window as never, { base: 'http://127.0.0.1:8787/', fetch: server().fetch })
    expect(b).not.toBeNull()
    expect(navigator.userAgent).toMatch(/ wxwork\/4\.1\.36 MicroMessenger\/7\.0\.1 Language\/(zh|en) ColorScheme\/Light$/)
    expect(navigator.userAgent.match(/wxwork\/([\d.]+)/i)?.[1]).toBe('4.1.36') // the SDK's own test
    expect(w.WeixinJSBridge).toBe(b)
    await new Promise((r) => setTimeout(r, 0))
    expect(ready).toHaveBeenCalledTimes(1)
    expect(document.querySelector('[data-wecomdev-emulator]')?.textContent).toContain('WeCom emulator')
  })

  it('stays out of a real WeCom client', () => {
    Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => 'Mozilla/5.0 (iPhone) wxwork/4.1.22 MicroMessenger/7.0.1' })
    expect(installEmulator(window as never, { base: 'http://127.0.0.1:8787/' })).toBeNull()
    expect(w.WeixinJSBridge).toBeUndefined()
  })

  it('lets the real @wecom/jssdk register, then answers its calls', async () => {
    const srv = server()
    installEmulator(window as never, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, log: () => {} })
    const ww = await import('@wecom/jssdk') // evaluated now: it reads the emulated user agent
    expect(ww.env.isWeCom).toBe(true)
    ww.register({
      corpId: 'ww1',
      agentId: 1000002,
      jsApiList: ['getContext', 'openEnterpriseChat'],
      getConfigSignature: async () => ({ timestamp: 1763719200, nonceStr: 'n', signature: 'c' }),
      getAgentConfigSignature: async () => ({ timestamp: 1763719200, nonceStr: 'n', signature: 'a' }),
    })
    const [corp, agent] = await Promise.all([ww.ensureCorpConfigReady(), ww.ensureAgentConfigReady()])
    expect(corp.result.errMsg).toBe('config:ok')
    expect(agent.result.errMsg).toBe('agentConfig:ok')
    const chat = await ww.openEnterpriseChat({ groupName: 'g', userIds: ['zhangsan'], externalUserIds: ['wmA'] })
    expect(chat).toMatchObject({ errMsg: 'openEnterpriseChat:ok', chatId: 'wrMadeUp' })
    // The client's raw no-permission answer, through the real SDK's formatErrMsg.
    await expect(ww.scanQRCode({ needResult: true })).rejects.toMatchObject({ errMsg: 'scanQRCode:no permission', errCode: -1, err_msg: 'scanQRCode:fail_no permission' })
    await expect(ww.selectExternalChat({})).rejects.toMatchObject({ errMsg: 'selectExternalChat:no permission' })
    const verify = srv.calls.filter((c) => c.url.endsWith('/verify')).map((c) => c.body.api)
    expect(verify.sort()).toEqual(['agentConfig', 'config'])
  })
})

// jweixin (weixin-js-sdk 1.6.5 on npm, read from its index.js; WeCom's jweixin-1.2.0 has the
// same invoke): wx.config sends WeixinJSBridge.invoke('preVerifyJSAPI', P({verifyJsApiList,
// verifyOpenTagList}), cb) where P adds appId, verifyAppId, verifySignType 'sha1',
// verifyTimestamp (a string), verifyNonceStr, verifySignature; after config, wx.invoke(name,
// params, cb) is WeixinJSBridge.invoke(name, P(params), cb), cb getting the bridge's object
// as it is. WeCom's documented agentConfig for such pages is wx.invoke('agentConfig', {corpid,
// agentid, timestamp, nonceStr, signature, jsApiList}, res => res.err_msg === 'agentConfig:ok').
describe('a legacy jweixin + agentConfig page', () => {
  const P = (e: Answer) => ({ ...e, appId: 'ww1', verifyAppId: 'ww1', verifySignType: 'sha1', verifyTimestamp: '1763719200', verifyNonceStr: 'nonce', verifySignature: 'sig' })
  const raw = (b: EmulatedBridge, name: string, params: Answer) => new Promise<Answer>((resolve) => b.invoke(name, P(params), resolve))

  it('registers with config and agentConfig and reads err_msg in its callbacks', async () => {
    const srv = server({
      verify: (body) => ({ ok: true, errMsg: `${body.api}:ok`, extra: { err_msg: `${body.api}:ok` } }),
    })
    const b = bridgeWith(srv)
    const config = await raw(b, 'preVerifyJSAPI', { verifyJsApiList: ['getContext', 'getCurExternalContact'], verifyOpenTagList: [] })
    expect(config.errMsg).toBe('config:ok') // jweixin keeps errMsg and calls success
    expect(srv.calls[0].body).toMatchObject({ api: 'config', params: { appId: 'ww1', timestamp: '1763719200', nonceStr: 'nonce', signature: 'sig', jsApiList: ['getContext', 'getCurExternalContact'] } })
    const agent = await raw(b, 'agentConfig', { corpid: 'ww1', agentid: '1000002', timestamp: 1763719200, nonceStr: 'n2', signature: 'agentsig', jsApiList: ['getCurExternalContact'] })
    expect(agent.err_msg).toBe('agentConfig:ok')
    expect(srv.calls[1].body).toMatchObject({ api: 'agentConfig', params: { corpId: 'ww1', agentId: '1000002', nonceStr: 'n2', signature: 'agentsig', jsApiList: ['getCurExternalContact'] } })
    const ctx = await raw(b, 'getContext', {})
    expect(ctx.err_msg).toBe('getContext:ok')
    expect(srv.calls[2].body).toEqual({ api: 'getContext', params: {} }) // P's fields stay in the page
    expect((await raw(b, 'getCurExternalContact', {})).err_msg).toBe('getCurExternalContact:ok')
    expect((await raw(b, 'scanQRCode', {})).err_msg).toBe('scanQRCode:fail_no permission')
  })
})

describe('the page URL that is verified', () => {
  it('is the top page URL for a same-origin iframe', async () => {
    const top = { location: { href: 'https://h5.example.com/app/?from=menu#/home' } }
    const fw = { location: { href: 'https://h5.example.com/frame.html' }, top } as unknown as Window
    const warn = vi.fn()
    const srv = server()
    const b = createBridge({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch, win: fw, log: () => {} })
    await invoke(b, 'preVerifyJSAPI', configParams)
    expect(srv.calls[0].body.pageUrl).toBe('https://h5.example.com/app/?from=menu#/home')
    expect(topPageUrl(window, warn)).toBe(window.location.href) // not in a frame: no warning
    expect(warn).not.toHaveBeenCalled()
  })

  it('reads a real same-origin iframe top page (jsdom)', () => {
    const frame = document.createElement('iframe')
    document.body.appendChild(frame)
    const fw = frame.contentWindow as Window
    const warn = vi.fn()
    expect(fw.location.href).toBe('about:blank')
    expect(topPageUrl(fw, warn)).toBe(window.location.href)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("WeCom verifies the top page's URL"))
    frame.remove()
  })

  it('is the frame URL, with a warning logged once, when the top page is of another origin', async () => {
    const fw = {
      location: { href: 'https://frame.example.com/f?x=1' },
      get top() {
        return {
          get location(): Location {
            throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError')
          },
        }
      },
    } as unknown as Window
    const logs: string[] = []
    const srv = server()
    const b = createBridge({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch, win: fw, log: (_l, m) => logs.push(m) })
    await invoke(b, 'preVerifyJSAPI', configParams)
    await invoke(b, 'agentConfig', { corpid: 'ww1', agentid: '1', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: [] })
    expect(srv.calls.map((c) => c.body.pageUrl)).toEqual(['https://frame.example.com/f?x=1', 'https://frame.example.com/f?x=1'])
    expect(logs.filter((m) => m.includes('top.location.href'))).toHaveLength(1)
  })

})

describe('emulatedUserAgent', () => {
  it('follows the language and the colour scheme', () => {
    expect(emulatedUserAgent('UA', 'en-US', true)).toBe('UA wxwork/4.1.36 MicroMessenger/7.0.1 Language/en ColorScheme/Dark')
  })
})
