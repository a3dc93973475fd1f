// The note on the page when the console reloads it or sends it to another URL: shown before
// it goes, and again on the page it lands on (the reloaded page, or another page of the same
// origin that carries the reporter), so whoever holds the phone knows it was wecomdev.
// The "after" note crosses the navigation in sessionStorage (per tab and origin): a page of
// another origin only gets the "before" note.

export type NoteKind = 'reload' | 'navigate'

/** The sessionStorage key; taken (removed) when the next page starts, before it reports. */
export const NOTE_KEY = '__wecomdev_note'
/** A stored note older than this is stale (the reload did not happen, the tab was kept). */
export const NOTE_MAX_AGE_MS = 30_000

/** noteText: the note before the page goes, or on the page it lands on, in zh or en. */
export function noteText(kind: NoteKind, when: 'before' | 'after', url: string, zh: boolean): string {
  if (zh) {
    if (kind === 'reload') return when === 'before' ? 'wecomdev：控制台正在重新加载此页面…' : 'wecomdev：此页面由控制台重新加载'
    return when === 'before' ? `wecomdev：控制台正在打开 ${url}…` : 'wecomdev：此页面由控制台打开'
  }
  if (kind === 'reload') return when === 'before' ? 'wecomdev: the console reloads this page…' : 'wecomdev: the console reloaded this page'
  return when === 'before' ? `wecomdev: the console opens ${url}…` : 'wecomdev: the console opened this page'
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** rememberNote keeps what the console did for the page that comes next. */
export function rememberNote(store: Store | undefined, kind: NoteKind, url: string, now: number) {
  try {
    store?.setItem(NOTE_KEY, JSON.stringify({ kind, url, at: now }))
  } catch {
    // storage full or off: the page only gets the "before" note
  }
}

/**
 * takeNote removes the stored note and returns it when it is fresh and meant for this page
 * (a reload: any URL of the tab; a navigation: the URL it was sent to, hash aside).
 */
export function takeNote(store: Store | undefined, now: number, here: string): { kind: NoteKind; url: string } | null {
  try {
    const raw = store?.getItem(NOTE_KEY)
    if (raw == null) return null
    store!.removeItem(NOTE_KEY)
    const n = JSON.parse(raw) as { kind?: unknown; url?: unknown; at?: unknown }
    if ((n.kind !== 'reload' && n.kind !== 'navigate') || typeof n.at !== 'number' || typeof n.url !== 'string') return null
    if (now - n.at > NOTE_MAX_AGE_MS || n.at > now + 1000) return null
    if (n.kind === 'navigate' && n.url.split('#')[0] !== here.split('#')[0]) return null
    return { kind: n.kind, url: n.url }
  } catch {
    return null
  }
}

/**
 * showNote puts a line at the top of the page, in its own shadow root (the page's CSS stays
 * out). Styled through CSSOM, which a strict page CSP (style-src 'self', as the built-in
 * test page has) allows, unlike a style attribute. A tap hides it; ms > 0 hides it then.
 */
export function showNote(doc: Document, text: string, ms = 0): HTMLElement {
  const host = doc.createElement('div')
  host.setAttribute('data-wecomdev-note', '')
  const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host
  const d = doc.createElement('div')
  d.textContent = text
  d.setAttribute('role', 'status')
  Object.assign(d.style, {
    position: 'fixed',
    top: '0',
    left: '0',
    right: '0',
    zIndex: '2147483647',
    padding: '10px 14px',
    background: '#07C160',
    color: '#fff',
    font: '14px/1.4 -apple-system,system-ui,sans-serif',
    textAlign: 'center',
    boxShadow: '0 2px 8px rgba(0,0,0,.3)',
  })
  root.appendChild(d)
  const hide = () => host.remove()
  host.addEventListener('click', hide)
  if (ms > 0) setTimeout(hide, ms)
  ;(doc.body || doc.documentElement).appendChild(host)
  return host
}
