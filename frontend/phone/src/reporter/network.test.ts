import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NetEvent } from '../shared/netevent'
import { installNetwork } from './network'
import { createChannel, runCommand, type Batch } from './channel'
import { maskBody, maskCookie, maskHeaders, maskURL } from './netmask'
import { pageEnv, sdkOf } from './env'

const token = 'bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA'

/** A fake XMLHttpRequest the test answers. */
class FakeXHR extends EventTarget {
  static last: FakeXHR | undefined
  readyState = 0
  status = 0
  statusText = ''
  responseType: XMLHttpRequestResponseType = ''
  response: unknown = ''
  responseText = ''
  headers = ''
  open() {
    FakeXHR.last = this
  }
  setRequestHeader() {}
  send() {}
  getAllResponseHeaders() {
    return this.headers
  }
  answer(status: number, body: string | ArrayBuffer, headers: string, type: XMLHttpRequestResponseType = '') {
    this.readyState = 2
    this.dispatchEvent(new Event('readystatechange'))
    this.status = status
    this.headers = headers
    this.responseType = type
    this.response = body
    if (typeof body === 'string') this.responseText = body
    this.readyState = 4
    this.dispatchEvent(new Event('load'))
    this.dispatchEvent(new Event('loadend'))
  }
}

/** A fake WebSocket the test drives. */
class FakeWS extends EventTarget {
  static CONNECTING = 0
  static OPEN = 1
  constructor(public url: string) {
    super()
  }
  send(_d: unknown) {}
}

function fakeWin(fetchImpl?: typeof fetch, beacon?: (u: string, d?: unknown) => boolean) {
  class X extends FakeXHR {}
  class W extends FakeWS {}
  const t = new EventTarget()
  return Object.assign(t, {
    location: { href: 'https://app.example.com/page?x=1' },
    navigator: { sendBeacon: beacon ?? (() => true) },
    fetch: fetchImpl,
    XMLHttpRequest: X,
    WebSocket: W,
  }) as unknown as Window & typeof globalThis
}

function capture(win: Window & typeof globalThis, bodyLimit = 64 * 1024) {
  const events: NetEvent[] = []
  let t = 1000
  const net = installNetwork(win, {
    emit: (ev) => events.push(ev),
    bodyLimit: () => bodyLimit,
    own: (url) => (url.includes('/__wecomdev/network') ? 'channel' : url.includes('/api/jssdk/') ? 'console' : ''),
    now: () => 1_763_719_200_000,
    clock: () => (t += 5),
    bodyWaitMs: 50,
  })
  return { events, net }
}

afterEach(() => {
  FakeXHR.last = undefined
})

describe('network capture: fetch', () => {
  it('reports method, URL, status, timing, headers and the text body, with secrets masked', async () => {
    const win = fakeWin(async () =>
      new Response(JSON.stringify({ errcode: 0, access_token: token, name: 'ok' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'sid=abcdefghijkl; Path=/' },
      }),
    )
    const { events } = capture(win)
    const res = await win.fetch('/api/user?code=CODE123456&id=7', {
      method: 'post',
      headers: { Authorization: 'Bearer abcdefghijklmnop', 'X-Trace': 'trace-1' },
      body: JSON.stringify({ ticket: 'tickettickettick', q: 'hello' }),
    })
    expect(await res.json()).toMatchObject({ name: 'ok' }) // the page reads its own body
    await vi.waitFor(() => expect(events).toHaveLength(1))
    const e = events[0]
    expect(e).toMatchObject({ kind: 'fetch', method: 'POST', status: 200, mime: 'application/json', start: 1_763_719_200_000 })
    expect(e.url).toBe('https://app.example.com/api/user?code=CO…56&id=7')
    expect(e.reqHeaders).toEqual({ authorization: 'Be…op', 'x-trace': 'trace-1' })
    expect(JSON.parse(e.reqBody!)).toEqual({ ticket: 'ti…ck', q: 'hello' })
    expect(JSON.parse(e.resBody!)).toEqual({ errcode: 0, access_token: 'bx…KA', name: 'ok' })
    expect(e.ttfb).toBeGreaterThan(0)
    expect(e.duration).toBeGreaterThanOrEqual(e.ttfb!)
    expect(JSON.stringify(e)).not.toContain(token)
  })

  it('returns the very promise the page would get, and reports a failed fetch with its error', async () => {
    let p: Promise<Response> | undefined
    const orig = (() => (p = Promise.reject(new TypeError('Failed to fetch')))) as unknown as typeof fetch
    const win = fakeWin(orig)
    const { events } = capture(win)
    const got = win.fetch('https://api.example.com/x')
    expect(got).toBe(p)
    await expect(got).rejects.toThrow('Failed to fetch')
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ kind: 'fetch', status: 0, error: 'Failed to fetch' })
  })

  it('keeps a body over the limit to the limit, marked truncated', async () => {
    const big = 'ab '.repeat(2000)
    const win = fakeWin(async () => new Response(big, { headers: { 'Content-Type': 'text/plain' } }))
    const { events } = capture(win, 1024)
    const res = await win.fetch('/big', { method: 'POST', body: 'y '.repeat(1500) })
    expect(await res.text()).toHaveLength(6000) // the page still gets all of it
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0].resBody).toHaveLength(1024)
    expect(events[0].resBodyNote).toBe('truncated')
    expect(events[0].resSize).toBeGreaterThan(1024)
    expect(events[0].reqBody).toHaveLength(1024)
    expect(events[0].reqBodyNote).toBe('truncated')
    expect(events[0].reqSize).toBe(3000)
  })

  it('does not read a binary body, and gives its size', async () => {
    const win = fakeWin(async () => new Response(new Uint8Array(300), { headers: { 'Content-Type': 'image/png', 'Content-Length': '300' } }))
    const { events } = capture(win)
    await win.fetch('/logo.png', { method: 'PUT', body: new Uint8Array(42) })
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ resBodyNote: 'binary', resSize: 300, reqBodyNote: 'binary', reqSize: 42 })
    expect(events[0].resBody).toBeUndefined()
  })

  it('keeps every body out when the limit is 0', async () => {
    const win = fakeWin(async () => new Response('secret-ish text'))
    const { events } = capture(win, 0)
    await win.fetch('/t', { method: 'POST', body: 'hello' })
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ reqBodyNote: 'off', resBodyNote: 'off' })
    expect(events[0].reqBody).toBeUndefined()
    expect(events[0].resBody).toBeUndefined()
  })

  it('works under a page that wraps fetch itself, before and after the reporter', async () => {
    const seen: string[] = []
    const base = (async (u: RequestInfo | URL) => new Response(`base:${String(u)}`)) as typeof fetch
    const win = fakeWin(base)
    // the page wrapped fetch before the reporter…
    const before = win.fetch
    win.fetch = (async (u: RequestInfo | URL, i?: RequestInit) => {
      seen.push(`before ${String(u)}`)
      return before(u, i)
    }) as typeof fetch
    const { events } = capture(win)
    // …and again after it
    const mid = win.fetch
    win.fetch = (async (u: RequestInfo | URL, i?: RequestInit) => {
      seen.push(`after ${String(u)}`)
      return mid(u, i)
    }) as typeof fetch
    const res = await win.fetch('/a')
    expect(await res.text()).toBe('base:/a')
    expect(seen).toEqual(['after /a', 'before /a'])
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ url: 'https://app.example.com/a', status: 200 })
  })

  it('never captures its own channel, and marks the console endpoints', async () => {
    const win = fakeWin(async () => new Response('{}'))
    const { events } = capture(win)
    await win.fetch('/__wecomdev/network', { method: 'POST', body: '{}' })
    await win.fetch('/api/jssdk/config-signature?url=x')
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ console: true })
  })

  it('does nothing on the page\'s path but note the time: the request is described after the page has its answer', async () => {
    const win = fakeWin(async () => new Response('{"ok":1}', { headers: { 'Content-Type': 'application/json' } }))
    const events: NetEvent[] = []
    const own = vi.fn((_u: string) => '' as const)
    installNetwork(win, { emit: (ev) => events.push(ev), bodyLimit: () => 1024, own })
    const res = await win.fetch('/api/x', { headers: { Authorization: 'Bearer abcdefghijklmnop' } })
    expect(await res.json()).toEqual({ ok: 1 })
    // the page has its answer and its body: the capture has not looked at the request yet
    expect(own).not.toHaveBeenCalled()
    expect(events).toHaveLength(0)
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(own).toHaveBeenCalled()
    expect(events[0]).toMatchObject({ status: 200, resBody: '{"ok":1}', reqHeaders: { authorization: 'Be…op' } })
  })

  it('keeps the request-log number a console endpoint answers with, and only a console endpoint\'s', async () => {
    const win = fakeWin(async () => new Response('{}', { headers: { 'Content-Type': 'application/json', 'X-Wecomdev-Log': '1765000000000123' } }))
    const { events } = capture(win)
    await win.fetch('/api/jssdk/config-signature?url=x')
    await win.fetch('/api/own')
    await vi.waitFor(() => expect(events).toHaveLength(2))
    const sig = events.find((e) => e.url.includes('/api/jssdk/'))!
    expect(sig).toMatchObject({ console: true, logId: 1765000000000123 })
    expect(events.find((e) => e.url.includes('/api/own'))!.logId).toBeUndefined()
  })

  it('lets the page go on when the capture itself fails', async () => {
    const win = fakeWin(async () => new Response('fine'))
    installNetwork(win, {
      emit: () => {
        throw new Error('broken reporter')
      },
      bodyLimit: () => {
        throw new Error('broken')
      },
      own: () => '',
    })
    const res = await win.fetch('/x', { body: 'b', method: 'POST' })
    expect(await res.text()).toBe('fine')
  })
})

describe('network capture: XMLHttpRequest', () => {
  it('reports status, TTFB, headers and body of an XHR, masked', async () => {
    const win = fakeWin()
    const { events } = capture(win)
    const xhr = new win.XMLHttpRequest()
    xhr.open('GET', '/api/list?access_token=' + token)
    xhr.setRequestHeader('Cookie', 'session=abcdefghij; lang=zh')
    xhr.send()
    FakeXHR.last!.answer(404, '{"errcode":404,"errmsg":"not found"}', 'Content-Type: application/json\r\nX-Req: 9\r\n')
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ kind: 'xhr', method: 'GET', status: 404, mime: 'application/json', resHeaders: { 'content-type': 'application/json', 'x-req': '9' } })
    expect(events[0].url).toBe('https://app.example.com/api/list?access_token=bx…KA')
    expect(events[0].reqHeaders).toEqual({ cookie: 'session=ab…ij; lang=…' })
    expect(events[0].resBody).toBe('{"errcode":404,"errmsg":"not found"}')
    expect(events[0].ttfb).toBeGreaterThan(0)
    expect(events[0].duration).toBeGreaterThan(events[0].ttfb!)
  })

  it('keeps the request-log number of a console endpoint\'s XHR answer', async () => {
    const win = fakeWin()
    const { events } = capture(win)
    const xhr = new win.XMLHttpRequest()
    xhr.open('GET', '/api/jssdk/agent-config-signature?url=x')
    xhr.send()
    FakeXHR.last!.answer(200, '{}', 'Content-Type: application/json\r\nX-Wecomdev-Log: 77\r\n')
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ console: true, logId: 77 })
  })

  it('reports an arraybuffer answer as binary with its size', async () => {
    const win = fakeWin()
    const { events } = capture(win)
    const xhr = new win.XMLHttpRequest()
    xhr.open('GET', '/file.bin')
    xhr.send()
    FakeXHR.last!.answer(200, new ArrayBuffer(77), 'Content-Type: application/octet-stream', 'arraybuffer')
    await vi.waitFor(() => expect(events).toHaveLength(1))
    expect(events[0]).toMatchObject({ resBodyNote: 'binary', resSize: 77 })
  })
})

describe('network capture: sendBeacon and WebSocket', () => {
  it('reports a beacon with its body and whether the browser queued it', () => {
    const calls: unknown[] = []
    const win = fakeWin(undefined, (u, d) => {
      calls.push([u, d])
      return true
    })
    const { events } = capture(win)
    expect(win.navigator.sendBeacon('/stats', 'a=1&secret=shhhhhhh')).toBe(true)
    expect(calls).toEqual([['/stats', 'a=1&secret=shhhhhhh']])
    expect(events[0]).toMatchObject({ kind: 'beacon', method: 'POST', url: 'https://app.example.com/stats', statusText: 'queued', reqBody: 'a=1&secret=sh…hh' })
  })

  it('reports a WebSocket when it opens and when it closes, with message counts and sizes', () => {
    const win = fakeWin()
    const { events } = capture(win)
    const ws = new win.WebSocket('wss://app.example.com/live?token=' + token)
    expect(ws).toBeInstanceOf(FakeWS) // instanceof and the class stay the page's
    expect(win.WebSocket.OPEN).toBe(1)
    ws.dispatchEvent(new Event('open'))
    ws.send('hello')
    ws.send(new Uint8Array(10))
    ws.dispatchEvent(new MessageEvent('message', { data: 'world!' }))
    ws.dispatchEvent(Object.assign(new Event('close'), { code: 1000, reason: 'bye' }))
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({ kind: 'ws', status: 101, ws: { state: 'open', sent: 0 } })
    expect(events[1]).toMatchObject({ id: events[0].id, ws: { state: 'closed', sent: 2, sentBytes: 15, received: 1, receivedBytes: 6, closeCode: 1000, closeReason: 'bye' } })
    expect(events[1].url).toBe('wss://app.example.com/live?token=bx…KA')
  })
})

describe('network capture: failed resources', () => {
  it('reports an image that failed to load, with its element', () => {
    const { events, net } = capture(window)
    try {
      const img = document.createElement('img')
      img.src = 'https://cdn.example.com/missing.png'
      document.body.appendChild(img)
      img.dispatchEvent(new Event('error'))
      expect(events).toEqual([expect.objectContaining({ kind: 'resource', url: 'https://cdn.example.com/missing.png', error: 'failed to load', element: '<img src="https://cdn.example.com/missing.png">' })])
    } finally {
      net.restore()
    }
  })
})

describe('masking', () => {
  it('masks the auth headers and anything named like a token, ticket, secret or code, but not errcode', () => {
    expect(maskHeaders({ Authorization: 'Bearer 1234567890', 'X-Suite-Ticket': 'abcdefghij', 'X-Errcode': '40001', Accept: '*/*' })).toEqual({
      authorization: 'Be…90',
      'x-suite-ticket': 'ab…ij',
      'x-errcode': '40001',
      accept: '*/*',
    })
    expect(maskURL('https://a.example.com/cb?auth_code=abcdefgh&state=s1#x?code=zyxwvuts')).toBe('https://a.example.com/cb?auth_code=ab…gh&state=s1#x?code=zy…ts')
    expect(maskBody('{"a":{"corpSecret":"0123456789","errcode":0}}', 'application/json')).toBe('{"a":{"corpSecret":"01…89","errcode":0}}')
    expect(maskCookie('sid=abcdefghij; Path=/; Max-Age=60')).toBe('sid=ab…ij; Path=/; Max-Age=60')
  })
})

describe('network channel', () => {
  function rig(over: { maxPerSession?: number; ok?: boolean } = {}) {
    const batches: Batch[] = []
    const timers: Array<() => void> = []
    const ch = createChannel({
      endpoint: 'http://127.0.0.1:8787/__wecomdev/network',
      sid: 's1',
      post: async (_u, body) => {
        batches.push(JSON.parse(body))
        return over.ok ?? true
      },
      env: () => ({ url: 'https://app.example.com/', landingUrl: 'https://app.example.com/', userAgent: 'UA', sdk: { kind: 'none' }, storage: { local: {}, session: {}, cookies: {} } }),
      maxPerSession: over.maxPerSession,
      maxQueue: 5,
      schedule: (fn) => timers.push(fn),
    })
    return { ch, batches, timers }
  }
  const ev = (i: number): NetEvent => ({ id: String(i), kind: 'fetch', method: 'GET', url: `/x${i}`, status: 200, start: 0 })

  it('sends a batch only once the page is idle, after the flush delay', async () => {
    vi.useFakeTimers()
    const idle: Array<() => void> = []
    vi.stubGlobal('requestIdleCallback', (cb: () => void) => idle.push(cb))
    try {
      const posts: string[] = []
      const ch = createChannel({
        endpoint: 'http://127.0.0.1:8787/__wecomdev/network',
        sid: 's1',
        post: async (_u, body) => (posts.push(body), true),
        env: () => ({ url: 'https://app.example.com/', landingUrl: 'https://app.example.com/', userAgent: 'UA', sdk: { kind: 'none' }, storage: { local: {}, session: {}, cookies: {} } }),
      })
      ch.push(ev(1))
      vi.advanceTimersByTime(1000)
      expect(posts).toHaveLength(0) // the delay is over, but the page is not idle yet
      expect(idle).toHaveLength(1)
      idle[0]()
      await vi.waitFor(() => expect(posts).toHaveLength(1))
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends the environment first and the events in batches', async () => {
    const { ch, batches } = rig()
    ch.push(ev(1))
    ch.push(ev(2))
    await ch.flush()
    expect(batches).toEqual([{ sid: 's1', env: expect.objectContaining({ url: 'https://app.example.com/' }), events: [ev(1), ev(2)] }])
    ch.push(ev(3))
    await ch.flush()
    expect(batches[1]).toEqual({ sid: 's1', events: [ev(3)] }) // the environment once, until it changes
  })

  it('bounds the queue and the session, and sends how many it dropped', async () => {
    const { ch, batches } = rig({ maxPerSession: 7 })
    for (let i = 0; i < 8; i++) ch.push(ev(i)) // the queue holds 5
    expect(ch.queued).toBe(5)
    await ch.flush()
    for (let i = 8; i < 12; i++) ch.push(ev(i)) // the session allows 7 in all
    await ch.flush()
    expect(batches.flatMap((b) => b.events).length).toBe(7)
    expect(batches[1].dropped).toBe(5)
  })

  it('runs the console commands: navigate only to an http(s) URL, with a note on the page', () => {
    const calls: string[] = []
    const hooks = {
      setBodyLimit: (n: number) => calls.push(`limit ${n}`),
      eruda: (on: boolean) => calls.push(`eruda ${on}`),
      note: (kind: string, url: string) => calls.push(`note ${kind} ${url}`),
      reload: () => calls.push('reload'),
      go: (u: string) => calls.push(`go ${u}`),
    }
    runCommand({ op: 'config', bodyLimit: 0, eruda: true }, hooks)
    runCommand({ op: 'navigate', url: 'javascript:alert(1)' }, hooks)
    runCommand({ op: 'navigate', url: 'https://app.example.com/b' }, hooks)
    runCommand({ op: 'reload' }, hooks)
    expect(calls).toEqual(['limit 0', 'eruda true', 'note navigate https://app.example.com/b', 'go https://app.example.com/b', 'note reload ', 'reload'])
  })
})

describe('page environment', () => {
  it('names the SDK by its script and masks the storage values', () => {
    const s = document.createElement('script')
    s.src = 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js'
    document.head.appendChild(s)
    localStorage.setItem('userToken', 'abcdefghijkl')
    localStorage.setItem('lang', 'zh')
    try {
      expect(sdkOf(window)).toEqual({ kind: 'jweixin', version: '1.2.0', src: 'https://res.wx.qq.com/open/js/jweixin-1.2.0.js' })
      const env = pageEnv(window, 'http://localhost:3000/?code=abcdefgh')
      expect(env.storage.local).toEqual({ userToken: 'ab…kl', lang: 'zh' })
      expect(env.landingUrl).toBe('http://localhost:3000/?code=ab…gh')
    } finally {
      s.remove()
      localStorage.clear()
    }
  })
})
