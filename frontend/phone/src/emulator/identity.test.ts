// In its own file: @wecom/jssdk keeps its config task per page URL in the module, and
// vitest evaluates a dependency once per test file.
import { describe, expect, it, vi } from 'vitest'
import { installEmulator } from './emulator'

function server() {
  const calls: { url: string; body: Record<string, unknown> }[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>
    calls.push({ url, body })
    const errMsg = `${body.api}:ok`
    return Response.json({ api: body.api, ok: true, errMsg, findings: [], warnings: [], result: { errMsg, err_msg: errMsg } })
  })
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

describe('the real @wecom/jssdk with config alone (getConfigSignature only)', () => {
  it('gets getContext, but selectExternalChat:no permission, the app-identity answer', async () => {
    const srv = server()
    installEmulator(window as never, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, log: () => {} })
    const ww = await import('@wecom/jssdk')
    ww.register({
      corpId: 'ww1',
      jsApiList: ['getContext', 'selectExternalChat'],
      getConfigSignature: async () => ({ timestamp: 1763719200, nonceStr: 'n', signature: 'c' }),
    })
    await expect(ww.getContext()).resolves.toMatchObject({ errMsg: 'getContext:ok' })
    await expect(ww.selectExternalChat({})).rejects.toMatchObject({ errMsg: 'selectExternalChat:no permission', errCode: -1 })
    expect(srv.calls.filter((c) => c.url.endsWith('/verify')).map((c) => c.body.api)).toEqual(['config'])
  })
})

