import { afterEach, expect, it, vi } from 'vitest'
import { drawOverlay, emulatorMember } from './overlay'

afterEach(() => document.querySelectorAll('[data-wecomdev-emulator]').forEach((e) => e.remove()))

/** A fake dev server with the emulator's members; POST member switches it. */
function server() {
  let member = 'zhangsan'
  const posts: unknown[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url.endsWith('/__wecomdev/config.json')) return Response.json({ emulate: true, entry: { entry: 'normal' }, emulatorUserId: member })
    if (url.endsWith('/__wecomdev/emulator/member')) {
      const body = JSON.parse(String(init?.body ?? '{}')) as { userid?: string }
      posts.push(body)
      if (body.userid === 'nobody') return Response.json({ code: 'INVALID_INPUT', message: 'nobody is not a member' }, { status: 400 })
      if (body.userid) member = body.userid
      return Response.json({ member, members: ['zhangsan', 'lisi'] })
    }
    return Response.json({})
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, posts }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

it('shows the emulator\'s signed-in member and switches it, then reloads', async () => {
  const srv = server()
  const reload = vi.fn()
  const root = drawOverlay(window, { base: 'http://127.0.0.1:8787/', fetch: srv.fetch, store: sessionStorage, version: '4.1.36', lang: 'en', reload })
  await flush()
  expect(root.dataset.member).toBe('zhangsan')
  expect(root.textContent).toContain('member zhangsan')
  ;(root.querySelector('[data-wecomdev-entry-toggle]') as HTMLButtonElement).click()
  await flush()
  await flush()
  const select = root.querySelector('[data-wecomdev-member]') as HTMLSelectElement
  expect([...select.options].map((o) => o.value)).toEqual(['zhangsan', 'lisi'])
  select.value = 'lisi'
  ;(root.querySelector('[data-wecomdev-member-switch]') as HTMLButtonElement).click()
  await flush()
  await flush()
  expect(srv.posts.at(-1)).toEqual({ userid: 'lisi' })
  expect(reload).toHaveBeenCalledOnce()
})

it('says why a member cannot be picked', async () => {
  const srv = server()
  await expect(emulatorMember({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch }, 'nobody')).rejects.toThrow(/not a member/)
  await expect(emulatorMember({ base: 'http://127.0.0.1:8787/', fetch: srv.fetch })).resolves.toEqual({ member: 'zhangsan', members: ['zhangsan', 'lisi'] })
})
