/**
 * The few Wails runtime features the UI uses, wrapped so that the page still
 * works (doing nothing) when it is not served by Wails, e.g. under Vitest or
 * plain `vite`.
 */
import {
  BrowserOpenURL,
  ClipboardSetText,
  EventsOn,
  WindowSetDarkTheme,
  WindowSetLightTheme,
  WindowSetSystemDefaultTheme,
} from '../../wailsjs/runtime/runtime'
import type { EventName } from './events'

/** True when the Wails runtime is injected into this page. */
export function hasRuntime(): boolean {
  return typeof window !== 'undefined' && typeof window.runtime === 'object' && window.runtime !== null
}

/**
 * Subscribes to a Go event; returns the unsubscribe handle. The payload is the
 * first value Go emitted. Without a runtime this subscribes to nothing.
 */
export function onEvent<T>(name: EventName, handler: (payload: T) => void): () => void {
  try {
    const off: unknown = EventsOn(name, (...data: unknown[]) => handler(data[0] as T))
    return typeof off === 'function' ? (off as () => void) : () => {}
  } catch {
    return () => {}
  }
}

export type WindowTheme = 'system' | 'light' | 'dark'

/** Tells the native window which theme to use (title bar etc.). */
export function setWindowTheme(theme: WindowTheme): void {
  if (!hasRuntime()) return
  try {
    if (theme === 'dark') WindowSetDarkTheme()
    else if (theme === 'light') WindowSetLightTheme()
    else WindowSetSystemDefaultTheme()
  } catch {
    // Not every platform implements these; the page theme is what matters.
  }
}

/** Copies text, through the native clipboard when available. */
export async function copyText(text: string): Promise<boolean> {
  if (hasRuntime()) {
    try {
      if (await ClipboardSetText(text)) return true
    } catch {
      // fall through to the browser clipboard
    }
  }
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/** Opens a web page in the system browser (a new tab outside Wails). */
export function openURL(url: string): void {
  if (!/^https?:\/\//i.test(url)) return
  if (hasRuntime()) {
    try {
      BrowserOpenURL(url)
      return
    } catch {
      // fall through to the browser
    }
  }
  window.open(url, '_blank', 'noopener')
}
