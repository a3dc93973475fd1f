import { afterEach, describe, expect, it } from 'vitest'
import { NOTE_KEY, NOTE_MAX_AGE_MS, noteText, rememberNote, showNote, takeNote } from './pagenote'

afterEach(() => {
  sessionStorage.clear()
  document.body.innerHTML = ''
})

describe('the note of the console on the page', () => {
  it('carries a reload across to the reloaded page, once', () => {
    rememberNote(sessionStorage, 'reload', '', 1000)
    expect(takeNote(sessionStorage, 2000, 'https://app.example.com/a?x=1')).toEqual({ kind: 'reload', url: '' })
    expect(sessionStorage.getItem(NOTE_KEY)).toBeNull()
    expect(takeNote(sessionStorage, 2000, 'https://app.example.com/a?x=1')).toBeNull()
  })

  it('shows a navigation on the page it was sent to, hash aside, and not on another', () => {
    rememberNote(sessionStorage, 'navigate', 'https://app.example.com/b?q=1', 1000)
    expect(takeNote(sessionStorage, 1500, 'https://app.example.com/b?q=1#top')).toEqual({ kind: 'navigate', url: 'https://app.example.com/b?q=1' })
    rememberNote(sessionStorage, 'navigate', 'https://app.example.com/b', 1000)
    expect(takeNote(sessionStorage, 1500, 'https://app.example.com/c')).toBeNull()
    expect(sessionStorage.getItem(NOTE_KEY)).toBeNull()
  })

  it('drops a stale or malformed note', () => {
    rememberNote(sessionStorage, 'reload', '', 1000)
    expect(takeNote(sessionStorage, 1000 + NOTE_MAX_AGE_MS + 1, 'https://x/')).toBeNull()
    sessionStorage.setItem(NOTE_KEY, '{"kind":"format-disk","at":1}')
    expect(takeNote(sessionStorage, 2, 'https://x/')).toBeNull()
    sessionStorage.setItem(NOTE_KEY, 'not json')
    expect(takeNote(sessionStorage, 2, 'https://x/')).toBeNull()
    expect(takeNote(undefined, 2, 'https://x/')).toBeNull()
  })

  it('says who did it, in English and Chinese, before and after', () => {
    expect(noteText('reload', 'before', '', false)).toBe('wecomdev: the console reloads this page…')
    expect(noteText('reload', 'after', '', false)).toBe('wecomdev: the console reloaded this page')
    expect(noteText('navigate', 'before', 'https://a.example/b', false)).toBe('wecomdev: the console opens https://a.example/b…')
    expect(noteText('navigate', 'after', '', false)).toBe('wecomdev: the console opened this page')
    expect(noteText('reload', 'after', '', true)).toBe('wecomdev：此页面由控制台重新加载')
    expect(noteText('navigate', 'after', '', true)).toBe('wecomdev：此页面由控制台打开')
  })

  it('puts the note in its own shadow root, fixed at the top, and a tap hides it', () => {
    const host = showNote(document, 'wecomdev: the console reloaded this page')
    const d = host.shadowRoot!.querySelector('div')!
    expect(d.textContent).toBe('wecomdev: the console reloaded this page')
    expect(d.style.position).toBe('fixed')
    expect(document.querySelector('[data-wecomdev-note]')).toBe(host)
    host.click()
    expect(document.querySelector('[data-wecomdev-note]')).toBeNull()
  })
})
