import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBridge, installEmulator } from './emulator'
import { drawOverlay, ENTRY_KEY, entryFetch, saveEntry, storedEntry } from './overlay'

type Call = { url: string; body: Record<string, unknown> | null }

/** A fake dev server: config.json gives the server's entry, invoke echoes ok. */
function server(entry = { entry: 'normal' }) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    calls.push({ url, body: init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null })
    if (url.endsWith('/__wecomdev/config.json')) return Response.json({ emulate: true, entry })
    const api = calls.at(-1)!.body!.api
    return Response.json({ api, ok: true, errMsg: `${api}:ok`, result: { errMsg: `${api}:ok` } })
  })
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

const invokes = (calls: Call[]) => calls.filter((c) => c.url.endsWith('/__wecomdev/emulator/invoke')).map((c) => c.body)
const w = window as unknown as Record<string, unknown>

beforeEach(() => sessionStorage.clear())
afterEach(() => {
  delete w.WeixinJSBridge
  delete w.__wecomdevEmulator
  delete (navigator as unknown as Record<string, unknown>).userAgent
  document.querySelectorAll('[data-wecomdev-emulator]').forEach((e) => e.remove())
})

describe('the tab\'s entry', () => {
  it('is kept in sessionStorage and read back; a bad stored one is none', () => {
    expect(storedEntry(sessionStorage)).toBeNull()
    saveEntry(sessionStorage, { entry: 'single_chat_tools', contact: ' wmPicked ', chat: '' })
    expect(JSON.parse(sessionStorage.getItem(ENTRY_KEY)!)).toEqual({ entry: 'single_chat_tools', contact: 'wmPicked' })
    expect(storedEntry(sessionStorage)).toEqual({ entry: 'single_chat_tools', contact: 'wmPicked' })
    sessionStorage.setItem(ENTRY_KEY, '{"entry":"workbench"}')
    expect(storedEntry(sessionStorage)).toBeNull()
    sessionStorage.setItem(ENTRY_KEY, 'not json')
    expect(storedEntry(sessionStorage)).toBeNull()
    expect(() => saveEntry(sessionStorage, { entry: 'workbench' })).toThrow(/normal, contact_profile/)
    expect(() => saveEntry(sessionStorage, { entry: 'normal', chat: 'wr <x>' })).toThrow(/not an id/)
    saveEntry(sessionStorage, null)
    expect(sessionStorage.getItem(ENTRY_KEY)).toBeNull()
  })

  it('travels with each invoke request, and only with invoke', async () => {
    saveEntry(sessionStorage, { entry: 'group_chat_tools', chat: 'wrPicked' })
    const srv = server()
    const b = createBridge({ base: 'http://127.0.0.1:8787/', fetch: entryFetch(srv.fetch, sessionStorage), log: () => {}, pageUrl: () => 'http://127.0.0.1:8787/p' })
    await b.answer('preVerifyJSAPI', { appId: 'ww1', verifyJsApiList: ['getCurExternalChat'], verifySignature: 's', verifyTimestamp: '1', verifyNonceStr: 'n' })
    await b.answer('agentConfig', { corpid: 'ww1', agentid: '1', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: ['getCurExternalChat'] })
    await b.answer('getCurExternalChat', {})
    expect(invokes(srv.calls)).toEqual([{ api: 'getCurExternalChat', params: {}, entry: 'group_chat_tools', entryChat: 'wrPicked' }])
    expect(srv.calls.filter((c) => c.url.endsWith('/verify')).every((c) => c.body && !('entry' in c.body))).toBe(true)
  })

  it('is not sent when the tab has none: the server\'s default holds', async () => {
    const srv = server()
    await entryFetch(srv.fetch, sessionStorage)('http://127.0.0.1:8787/__wecomdev/emulator/invoke', { method: 'POST', body: '{"api":"getContext","params":{}}' })
    expect(invokes(srv.calls)).toEqual([{ api: 'getContext', params: {} }])
  })
})

describe('the real @wecom/jssdk under the emulator', () => {
  afterEach(() => vi.resetModules())

  it('sends the tab\'s entry and rejects with the client\'s text where the entry has no customer', async () => {
    saveEntry(sessionStorage, { entry: 'group_chat_tools' })
    const calls: Call[] = []
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null
      calls.push({ url, body })
      if (url.endsWith('/__wecomdev/config.json')) return Response.json({ emulate: true, entry: { entry: 'normal' } })
      if (url.endsWith('/verify')) return Response.json({ api: body!.api, ok: true, errMsg: `${body!.api}:ok`, result: { errMsg: `${body!.api}:ok` }, findings: [], warnings: [] })
      // what the dev server answers from an entry without a customer (internal/devserver/entry.go)
      const m = `${body!.api}:fail without context of external contact`
      return Response.json({ api: body!.api, ok: false, errMsg: m, result: { errMsg: m, err_msg: m } })
    }) as unknown as typeof globalThis.fetch
    installEmulator(window as never, { base: 'http://127.0.0.1:8787/', fetch, log: () => {} })
    const ww = await import('@wecom/jssdk')
    ww.register({
      corpId: 'ww1',
      agentId: 1000002,
      jsApiList: ['getCurExternalContact'],
      getConfigSignature: async () => ({ timestamp: 1763719200, nonceStr: 'n', signature: 'c' }),
      getAgentConfigSignature: async () => ({ timestamp: 1763719200, nonceStr: 'n', signature: 'a' }),
    })
    await expect(ww.getCurExternalContact()).rejects.toMatchObject({
      errMsg: 'getCurExternalContact:fail without context of external contact',
      errCode: -1,
    })
    expect(invokes(calls)).toEqual([{ api: 'getCurExternalContact', params: {}, entry: 'group_chat_tools' }])
  })
})

describe('the overlay', () => {
  it('replaces the badge: it shows the server\'s entry when the tab has none', async () => {
    const srv = server({ entry: 'contact_profile' })
    installEmulator(window as never, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, log: () => {} })
    const root = document.querySelector<HTMLElement>('[data-wecomdev-emulator]')!
    await vi.waitFor(() => expect(root.textContent).toContain('entry contact_profile (server)'))
    expect(root.textContent).toContain('WeCom emulator')
    expect(document.querySelectorAll('[data-wecomdev-emulator]')).toHaveLength(1)
  })

  it('keeps the picked entry for the tab and reloads; the next invoke sends it', async () => {
    const srv = server()
    const reload = vi.fn()
    const root = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, store: sessionStorage, version: '4.1.36', reload })
    root.querySelector<HTMLButtonElement>('[data-wecomdev-entry-toggle]')!.click()
    const form = root.querySelector<HTMLFormElement>('[data-wecomdev-entry-form]')!
    expect(form.style.display).toBe('grid')
    form.querySelector<HTMLSelectElement>('select')!.value = 'single_kf_tools'
    form.querySelector<HTMLInputElement>('input[name="contact"]')!.value = 'wmKf'
    form.querySelector<HTMLButtonElement>('[data-wecomdev-entry-save]')!.click()
    expect(reload).toHaveBeenCalledTimes(1)
    expect(storedEntry(sessionStorage)).toEqual({ entry: 'single_kf_tools', contact: 'wmKf' })
    root.remove()
    // after the reload: the overlay says the tab's entry, the bridge sends it
    const again = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, store: sessionStorage, version: '4.1.36', reload })
    expect(again.textContent).toContain('entry single_kf_tools · wmKf (this tab)')
    expect(again.querySelector<HTMLSelectElement>('select')!.value).toBe('single_kf_tools')
    await entryFetch(srv.fetch, sessionStorage)('http://127.0.0.1:8787/__wecomdev/emulator/invoke', { method: 'POST', body: '{"api":"getCurExternalContact"}' })
    expect(invokes(srv.calls).at(-1)).toEqual({ api: 'getCurExternalContact', entry: 'single_kf_tools', entryContact: 'wmKf' })
  })

  it('never covers the page: a chip in the page\'s flow, first in the body, not fixed above the content', () => {
    const content = document.createElement('main')
    content.textContent = 'the page'
    document.body.appendChild(content)
    const root = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: server().fetch, store: sessionStorage, version: '4.1.36' })
    expect(document.body.firstElementChild).toBe(root)
    expect(root.style.position).toBe('static')
    expect(root.style.zIndex).toBe('')
    expect(['fixed', 'absolute', 'sticky']).not.toContain(getComputedStyle(root).position)
    content.remove()
  })

  it('reads Chinese on a Chinese page', () => {
    saveEntry(sessionStorage, { entry: 'group_chat_tools' })
    const root = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: server().fetch, store: sessionStorage, version: '4.1.36', lang: 'zh-CN' })
    expect(root.textContent).toContain('入口 group_chat_tools (本标签页)')
    expect(root.querySelector('[data-wecomdev-entry-save]')!.textContent).toBe('用于本标签页并刷新')
  })

  it('says why a bad id is not kept and does not reload; the reset goes back to the server\'s entry', () => {
    saveEntry(sessionStorage, { entry: 'contact_profile' })
    const reload = vi.fn()
    const root = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: server().fetch, store: sessionStorage, version: '4.1.36', reload })
    root.querySelector<HTMLInputElement>('input[name="chat"]')!.value = 'wr <b>'
    root.querySelector<HTMLButtonElement>('[data-wecomdev-entry-save]')!.click()
    expect(reload).not.toHaveBeenCalled()
    expect(root.querySelector('[data-wecomdev-entry-error]')!.textContent).toContain('not an id')
    root.querySelector<HTMLButtonElement>('[data-wecomdev-entry-reset]')!.click()
    expect(reload).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(ENTRY_KEY)).toBeNull()
  })
})
