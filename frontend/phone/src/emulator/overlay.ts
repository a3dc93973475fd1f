// The emulator's overlay on the page: it says where the page counts as opened (the
// entry getContext answers) and lets the developer pick another entry, and the customer
// or group it stands for, for this tab. The choice is kept in sessionStorage (one tab,
// until it closes), travels with each /__wecomdev/emulator/invoke request (entry,
// entryContact, entryChat beside api and params) and wins over the server's default
// (serve --entry, the console's Dev server area). Changing it reloads the page, as
// opening a page from another entry does.
//
// Entries: @wecom/jssdk 2.4.4 types/index.d.ts:4364 (enum EntryType); docs/wecom-facts.md,
// Emulator. The server checks them again (internal/devserver/entry.go).

/** The entries the emulator offers, the default (the workbench) first. */
export const ENTRIES = ['normal', 'contact_profile', 'single_chat_tools', 'group_chat_tools', 'chat_attachment', 'single_kf_tools'] as const

/** Where the tab's choice is kept in sessionStorage. */
export const ENTRY_KEY = 'wecomdev.emulator.entry'

const INVOKE_PATH = '/__wecomdev/emulator/invoke'
const MEMBER_PATH = '/__wecomdev/emulator/member'
const CONFIG_PATH = '/__wecomdev/config.json'
const ID = /^[A-Za-z0-9_.@-]{1,64}$/

/** The tab's choice: an entry, and the customer / group it stands for ("" = the server's). */
export interface EntryChoice {
  entry: string
  contact?: string
  chat?: string
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The tab's sessionStorage, or null where the page may not use it (a sandboxed frame). */
export function tabStorage(win: Window): Store | null {
  try {
    return win.sessionStorage ?? null
  } catch {
    return null
  }
}

/** The tab's choice, or null when it has none (or a stored one is not valid). */
export function storedEntry(store: Store | null): EntryChoice | null {
  if (!store) return null
  try {
    const v = JSON.parse(store.getItem(ENTRY_KEY) ?? 'null') as Partial<EntryChoice> | null
    if (!v || typeof v.entry !== 'string' || !(ENTRIES as readonly string[]).includes(v.entry)) return null
    const c: EntryChoice = { entry: v.entry }
    if (typeof v.contact === 'string' && ID.test(v.contact)) c.contact = v.contact
    if (typeof v.chat === 'string' && ID.test(v.chat)) c.chat = v.chat
    return c
  } catch {
    return null
  }
}

/** Keeps the tab's choice (null: back to the server's). A bad entry or id throws. */
export function saveEntry(store: Store | null, c: EntryChoice | null): void {
  if (!store) throw new Error('this page cannot keep a choice: sessionStorage is not available')
  if (!c) {
    store.removeItem(ENTRY_KEY)
    return
  }
  if (!(ENTRIES as readonly string[]).includes(c.entry)) throw new Error(`entry ${c.entry} is not one of ${ENTRIES.join(', ')}`)
  const out: EntryChoice = { entry: c.entry }
  for (const k of ['contact', 'chat'] as const) {
    const v = c[k]?.trim() ?? ''
    if (v && !ID.test(v)) throw new Error(`${k} ${v} is not an id WeCom gives (letters, digits, _ . @ -, at most 64)`)
    if (v) out[k] = v
  }
  store.setItem(ENTRY_KEY, JSON.stringify(out))
}

/**
 * entryFetch wraps the emulator's fetch: each invoke request carries the tab's choice
 * (entry, entryContact, entryChat) beside api and params.
 */
export function entryFetch(f: typeof fetch, store: Store | null): typeof fetch {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const c = storedEntry(store)
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url
    if (c && typeof init?.body === 'string' && new URL(url, 'http://x/').pathname.endsWith(INVOKE_PATH)) {
      try {
        const body = JSON.parse(init.body) as Record<string, unknown>
        body.entry = c.entry
        if (c.contact) body.entryContact = c.contact
        if (c.chat) body.entryChat = c.chat
        init = { ...init, body: JSON.stringify(body) }
      } catch {
        // not JSON: sent as it is
      }
    }
    return f(input, init)
  }
}

/** The overlay's words, in the page's language (zh-CN or en-US). */
const WORDS = {
  en: {
    title: 'wecomdev: change where this page counts as opened',
    entry: 'entry',
    asServer: 'as the server says',
    tab: 'this tab',
    server: 'server',
    pick: 'entry (getContext)',
    contact: 'customer external_userid (default: the server’s)',
    chat: 'group chat_id (default: the server’s)',
    save: 'Use for this tab & reload',
    reset: 'Server’s entry & reload',
    member: 'member',
    pickMember: 'signed-in member (OAuth, getContext)',
    switchMember: 'Sign in as this member & reload',
  },
  zh: {
    title: 'wecomdev：更改本页视为从哪个入口打开',
    entry: '入口',
    asServer: '按服务端设置',
    tab: '本标签页',
    server: '服务端',
    pick: '入口（getContext）',
    contact: '客户 external_userid（默认按服务端）',
    chat: '客户群 chat_id（默认按服务端）',
    save: '用于本标签页并刷新',
    reset: '恢复服务端入口并刷新',
    member: '成员',
    pickMember: '登录成员（网页授权、getContext）',
    switchMember: '切换为该成员并刷新',
  },
}

export interface OverlayOptions {
  /** The dev server's origin, like http://127.0.0.1:8787/. */
  base: string
  fetch: typeof fetch
  store: Store | null
  version: string
  /** The page's language: zh… reads Chinese, anything else English. */
  lang?: string
  /** Reloads the page (location.reload by default). */
  reload?: () => void
}

/** The server's entry and signed-in member, from config.json; nulls when it cannot be read. */
async function serverConfig(o: OverlayOptions): Promise<{ entry: EntryChoice | null; member: string }> {
  try {
    const res = await o.fetch(new URL(CONFIG_PATH, o.base).href, { credentials: 'omit' })
    if (!res.ok) return { entry: null, member: '' }
    const c = (await res.json()) as { entry?: EntryChoice; emulatorUserId?: string }
    return { entry: c.entry && typeof c.entry.entry === 'string' ? c.entry : null, member: typeof c.emulatorUserId === 'string' ? c.emulatorUserId : '' }
  } catch {
    return { entry: null, member: '' }
  }
}

/** The emulator's member and the members to pick from (userid given: sign in as it first). */
export async function emulatorMember(o: Pick<OverlayOptions, 'base' | 'fetch'>, userid?: string): Promise<{ member: string; members: string[] }> {
  const res = await o.fetch(new URL(MEMBER_PATH, o.base).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(userid ? { userid } : {}),
    credentials: 'omit',
  })
  const body = (await res.json().catch(() => ({}))) as { member?: string; members?: string[]; message?: string }
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`)
  return { member: body.member ?? '', members: body.members ?? [] }
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  if (text) e.textContent = text
  return e
}

/**
 * drawOverlay puts the overlay on the page: a small chip at the top of the body, in the
 * page's flow (not fixed), so it never covers the page's content — it takes its own line
 * and pushes the page down; clicking it opens the entry form below it. The page's own
 * styles stay out through inline styles. It returns its root element.
 */
export function drawOverlay(win: Window, o: OverlayOptions): HTMLElement {
  const doc = win.document
  const reload = o.reload ?? (() => win.location.reload())
  const tab = storedEntry(o.store)
  const w = (o.lang ?? win.navigator.language ?? '').toLowerCase().startsWith('zh') ? WORDS.zh : WORDS.en
  const root = el(doc, 'div', { 'data-wecomdev-emulator': '', 'data-entry': tab?.entry ?? '' })
  Object.assign(root.style, {
    position: 'static', display: 'block', boxSizing: 'border-box', width: 'fit-content', maxWidth: 'calc(100% - 12px)',
    margin: '6px', font: '11px/1.4 system-ui, sans-serif', padding: '2px 6px', borderRadius: '4px',
    background: '#067a3d', color: '#fff', overflowWrap: 'anywhere',
  })
  const label = el(doc, 'button', { type: 'button', 'data-wecomdev-entry-toggle': '', title: w.title })
  Object.assign(label.style, { all: 'unset', cursor: 'pointer' })
  let member = ''
  const say = (e: EntryChoice | null, from: string) => {
    const who = e?.contact ? ` · ${e.contact}` : e?.chat ? ` · ${e.chat}` : ''
    const m = member ? ` · ${w.member} ${member}` : ''
    label.textContent = `WeCom emulator · wxwork/${o.version} · ${w.entry} ${e?.entry ?? w.asServer}${who} (${from})${m}`
    root.dataset.member = member
  }
  say(tab, w.tab)
  void serverConfig(o).then((c) => {
    member = c.member
    say(tab ?? c.entry, tab ? w.tab : w.server)
  })
  root.appendChild(label)

  const form = el(doc, 'form', { 'data-wecomdev-entry-form': '' })
  Object.assign(form.style, { display: 'none', gap: '4px', marginTop: '4px' })
  const select = el(doc, 'select', { name: 'entry', 'aria-label': w.pick })
  for (const e of ENTRIES) select.appendChild(el(doc, 'option', { value: e }, e))
  select.value = tab?.entry ?? 'normal'
  const contact = el(doc, 'input', { name: 'contact', placeholder: w.contact, spellcheck: 'false' })
  contact.value = tab?.contact ?? ''
  const chat = el(doc, 'input', { name: 'chat', placeholder: w.chat, spellcheck: 'false' })
  chat.value = tab?.chat ?? ''
  const error = el(doc, 'div', { 'data-wecomdev-entry-error': '', role: 'alert' })
  const buttons = el(doc, 'div')
  const save = el(doc, 'button', { type: 'submit', 'data-wecomdev-entry-save': '' }, w.save)
  const reset = el(doc, 'button', { type: 'button', 'data-wecomdev-entry-reset': '' }, w.reset)
  buttons.append(save, ' ', reset)
  const memberSelect = el(doc, 'select', { name: 'member', 'aria-label': w.pickMember, 'data-wecomdev-member': '' })
  const switchMember = el(doc, 'button', { type: 'button', 'data-wecomdev-member-switch': '' }, w.switchMember)
  const memberRow = el(doc, 'div')
  memberRow.append(memberSelect, ' ', switchMember)
  form.append(select, contact, chat, error, buttons, memberRow)
  root.appendChild(form)

  label.addEventListener('click', () => {
    form.style.display = form.style.display === 'none' ? 'grid' : 'none'
    if (form.style.display !== 'none' && memberSelect.options.length === 0) {
      emulatorMember(o)
        .then((m) => {
          for (const id of m.members) memberSelect.appendChild(el(doc, 'option', { value: id }, id))
          memberSelect.value = m.member
        })
        .catch((err: Error) => (error.textContent = err.message))
    }
  })
  switchMember.addEventListener('click', () => {
    emulatorMember(o, memberSelect.value)
      .then(() => reload())
      .catch((err: Error) => (error.textContent = err.message))
  })
  form.addEventListener('submit', (ev) => {
    ev.preventDefault()
    try {
      saveEntry(o.store, { entry: select.value, contact: contact.value, chat: chat.value })
    } catch (err) {
      error.textContent = (err as Error).message
      return
    }
    reload()
  })
  reset.addEventListener('click', () => {
    try {
      saveEntry(o.store, null)
    } catch (err) {
      error.textContent = (err as Error).message
      return
    }
    reload()
  })
  doc.body.prepend(root)
  return root
}
