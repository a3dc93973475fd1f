/// <reference types="vite/client" />

interface Window {
  /** The Wails runtime, present when the page is served by Wails (desktop window or `wails dev`). */
  runtime?: unknown
  /** The Wails bindings, present when the page is served by Wails. */
  go?: unknown
}
