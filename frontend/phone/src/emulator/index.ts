// /__wecomdev/emulator.js: load it before the JS-SDK (a classic <script> in <head>, before
// the SDK's). It talks to the server it was loaded from.
import { installEmulator } from './emulator'

;(() => {
  try {
    const script = document.currentScript as HTMLScriptElement | null
    installEmulator(window as Parameters<typeof installEmulator>[0], { base: new URL('/', script?.src || location.href).href })
  } catch (err) {
    console.warn('[wecomdev emulator] could not start:', err)
  }
})()
