import { afterEach, describe, expect, it, vi } from 'vitest'
import { createReporter, installReporter, type ReportEvent, type Send, type SendResult } from './reporter'

const ticket = 'bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA'

/** A reporter whose timers and transport the test drives. */
function rig(over: { maxQueue?: number; results?: SendResult[]; sendThrows?: boolean; consolePerMinute?: number } = {}) {
  const batches: ReportEvent[][] = []
  const timers: Array<{ fn: () => void; ms: number }> = []
  const results = [...(over.results ?? [])]
  const send: Send = async (_url, body) => {
    if (over.sendThrows) throw new Error('offline')
    batches.push(JSON.parse(body))
    return results.shift() ?? { ok: true }
  }
  let t = 1_763_719_200_000
  const r = createReporter({
    endpoint: 'http://127.0.0.1:8787/__wecomdev/report',
    send,
    batchSize: 20,
    flushMs: 1000,
    maxQueue: over.maxQueue ?? 200,
    consolePerMinute: over.consolePerMinute,
    now: () => t,
    page: () => ({ url: 'http://127.0.0.1:8787/p#x', landingUrl: 'http://127.0.0.1:8787/', userAgent: 'UA wxwork/4.1.36' }),
    schedule: (fn, ms) => timers.push({ fn, ms }),
  })
  return {
    r,
    batches,
    timers,
    advance: (ms: number) => (t += ms),
    runTimers: async () => {
      for (const tm of timers.splice(0)) tm.fn()
      await vi.waitFor(() => undefined)
      await new Promise((res) => setTimeout(res, 0))
    },
  }
}

describe('reporter batching', () => {
  it('sends events in batches of at most 20, the first batch at once when 20 are queued', async () => {
    const { r, batches, timers, runTimers } = rig()
    for (let i = 0; i < 25; i++) r.report({ type: 'console', level: 'log', message: `m${i}` })
    expect(timers.map((t) => t.ms)).toEqual([1000]) // one timer: the first event's
    await r.flush()
    expect(batches.map((b) => b.length)).toEqual([20, 5])
    expect(batches[0][0]).toMatchObject({ type: 'console', message: 'm0', seq: 1, pageUrl: 'http://127.0.0.1:8787/p#x', landingUrl: 'http://127.0.0.1:8787/', userAgent: 'UA wxwork/4.1.36', time: 1_763_719_200_000 })
    await runTimers()
    expect(batches).toHaveLength(2) // nothing left
  })

  it('flushes a lone event when its timer fires', async () => {
    const { r, batches, runTimers } = rig()
    r.report({ type: 'step', api: 'getContext', ok: true })
    expect(batches).toHaveLength(0)
    await runTimers()
    expect(batches).toEqual([[expect.objectContaining({ type: 'step', api: 'getContext', ok: true })]])
  })

  it('keeps a bounded queue and tells the server how many it dropped', async () => {
    const { r, batches } = rig({ maxQueue: 5 })
    for (let i = 0; i < 8; i++) r.report({ type: 'console', message: `m${i}` })
    expect(r.queued).toBe(5)
    expect(r.dropped).toBe(3)
    await r.flush()
    expect(batches[0].map((e) => e.message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    expect(batches[0][0].dropped).toBe(3)
    expect(batches[0][1].dropped).toBeUndefined()
  })

  it('waits as long as a 429 asks, then sends the same events again', async () => {
    const { r, batches, timers, advance, runTimers } = rig({ results: [{ ok: false, retryAfterMs: 30_000 }] })
    r.report({ type: 'console', message: 'a' })
    await runTimers() // the batch timer: the server answers 429
    expect(r.queued).toBe(1)
    expect(timers.at(-1)?.ms).toBe(30_000)
    await r.flush() // too early: nothing is sent
    expect(batches).toHaveLength(1)
    advance(30_000)
    await runTimers()
    expect(batches).toHaveLength(2)
    expect(batches[1][0].message).toBe('a')
    expect(r.queued).toBe(0)
  })

  it('drops a batch the server refused instead of sending it forever', async () => {
    const { r, batches } = rig({ results: [{ ok: false, refused: true }] })
    r.report({ type: 'console', message: 'bad' })
    await r.flush()
    await r.flush()
    expect(batches).toHaveLength(1)
    expect(r.dropped).toBe(1)
  })

  it('masks anything that looks like a credential and cuts long text', async () => {
    const { r, batches } = rig()
    r.report({ type: 'console', message: `ticket ${ticket} ` + 'x '.repeat(1500), params: { jsapi_ticket: 'abc', url: `https://h5.example.com/?jsapi_ticket=${ticket}` } })
    await r.flush()
    const body = JSON.stringify(batches)
    expect(body).not.toContain(ticket)
    expect(body).not.toContain('"abc"')
    expect(Array.from(batches[0][0].message!).length).toBe(2001)
  })

  it('keeps only names the server accepts, so one event cannot make it refuse a batch', async () => {
    const { r, batches } = rig()
    r.report({ type: 'nonsense' as never, level: 'fatal' as never, api: 'a b/c' })
    await r.flush()
    expect(batches[0][0]).toMatchObject({ type: 'console', api: 'abc' })
    expect(batches[0][0].level).toBeUndefined()
  })
})

describe('reporter never throws into the page', () => {
  it('survives a transport that throws, circular params and a BigInt', async () => {
    const { r } = rig({ sendThrows: true })
    const o: Record<string, unknown> = { n: 10n }
    o.self = o
    expect(() => r.report({ type: 'invoke', api: 'x', params: o })).not.toThrow()
    await expect(r.flush()).resolves.toBeUndefined()
    await expect(r.flush(true)).resolves.toBeUndefined()
  })

  it('survives a page description that throws', () => {
    const r = createReporter({
      endpoint: 'http://x/__wecomdev/report',
      send: async () => ({ ok: true }),
      page: () => {
        throw new Error('no location')
      },
      schedule: () => 0,
    })
    expect(() => r.report({ type: 'console', message: 'm' })).not.toThrow()
    expect(r.dropped).toBe(1)
  })

  it('counts a console flood past its budget as dropped', () => {
    const { r } = rig({ consolePerMinute: 3 })
    for (let i = 0; i < 10; i++) r.report({ type: 'console', message: 'spam' })
    expect(r.queued).toBe(3)
    expect(r.dropped).toBe(7)
  })
})

describe('reporter hooks', () => {
  const restore: Array<() => void> = []
  const original = { ...console }
  afterEach(() => {
    restore.splice(0).forEach((f) => f())
    Object.assign(console, original)
    delete (window as unknown as Record<string, unknown>).WeixinJSBridge
    delete (window as unknown as Record<string, unknown>).ww
    delete (window as unknown as Record<string, unknown>).wx
  })

  function hooked() {
    const events: ReportEvent[] = []
    const r = { report: (e: ReportEvent) => events.push(e), flush: async () => {}, queued: 0, dropped: 0 }
    const undo = installReporter(window as never, r)
    restore.push(undo)
    return events
  }

  it('reports console calls and still runs the original, even when the reporter throws', () => {
    const seen: unknown[] = []
    console.warn = (...a: unknown[]) => seen.push(a)
    const events = hooked()
    console.warn('slow', { a: 1 })
    expect(seen).toEqual([['slow', { a: 1 }]])
    expect(events).toEqual([expect.objectContaining({ type: 'console', level: 'warn', message: 'slow {"a":1}' })])
    const throwing = { report: () => { throw new Error('x') }, flush: async () => {}, queued: 0, dropped: 0 }
    const undo = installReporter(window as never, throwing, { errors: false, bridge: false, globals: false })
    restore.push(undo)
    expect(() => console.log('still fine')).not.toThrow()
  })

  it('reports errors and unhandled rejections', () => {
    const events = hooked()
    window.dispatchEvent(new ErrorEvent('error', { message: 'boom', filename: 'a.js', lineno: 3, colno: 4, error: new Error('boom') }))
    const ev = new Event('unhandledrejection') as Event & { reason?: unknown }
    ev.reason = { errMsg: 'getContext:fail no permission' }
    window.dispatchEvent(ev)
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', message: 'boom', params: { source: 'a.js', line: 3, column: 4 } }),
      expect.objectContaining({ type: 'unhandledrejection', message: 'getContext:fail no permission' }),
    ])
  })

  it('reports the config and agentConfig answers passing through the bridge, with their signature inputs', async () => {
    const invoke = vi.fn((_n: string, _p: unknown, cb: (r: unknown) => void) => cb({ errMsg: 'config:invalid signature' }))
    ;(window as unknown as Record<string, unknown>).WeixinJSBridge = { invoke }
    const events = hooked()
    const cb = vi.fn()
    const bridge = (window as unknown as { WeixinJSBridge: { invoke: (...a: unknown[]) => void } }).WeixinJSBridge
    bridge.invoke('preVerifyJSAPI', { verifyAppId: 'ww1', verifyTimestamp: '1', verifyNonceStr: 'n', verifySignature: 's', verifyJsApiList: ['getContext'] }, cb)
    bridge.invoke('openEnterpriseChat', {}, cb)
    expect(cb).toHaveBeenCalledTimes(2)
    expect(events).toEqual([
      expect.objectContaining({ type: 'config', ok: false, errMsg: 'config:invalid signature', params: { appId: 'ww1', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: ['getContext'] } }),
    ])
  })

  it('wraps ww when the SDK sets it, reporting register and what the signature callbacks answered', async () => {
    const events = hooked()
    let opts: Record<string, (u: string) => Promise<unknown>> = {}
    const w = window as unknown as Record<string, unknown>
    w.ww = { register: (o: typeof opts) => (opts = o) }
    ;(w.ww as { register: (o: unknown) => void }).register({
      corpId: 'ww1',
      agentId: 1000002,
      jsApiList: ['getContext'],
      getConfigSignature: async () => ({ timestamp: 1, nonceStr: 'n', signature: 's' }),
    })
    await opts.getConfigSignature('http://127.0.0.1/p')
    expect(events[0]).toMatchObject({ type: 'register', api: 'ww.register', params: { corpId: 'ww1', agentId: 1000002, getConfigSignature: true, getAgentConfigSignature: false } })
    expect(events[1]).toMatchObject({ type: 'signature', api: 'config', ok: true, params: { url: 'http://127.0.0.1/p', timestamp: 1, nonceStr: 'n', signature: 's' } })
  })

  it('wraps wx.error so the page still gets its callback', () => {
    const events = hooked()
    let handler: (r: unknown) => void = () => {}
    const w = window as unknown as Record<string, unknown>
    w.wx = { error: (cb: (r: unknown) => void) => (handler = cb) }
    const page = vi.fn()
    ;(w.wx as { error: (cb: unknown) => void }).error(page)
    handler({ errMsg: 'config:invalid url domain' })
    expect(page).toHaveBeenCalledWith({ errMsg: 'config:invalid url domain' })
    expect(events).toEqual([expect.objectContaining({ type: 'wx.error', errMsg: 'config:invalid url domain' })])
  })
})
