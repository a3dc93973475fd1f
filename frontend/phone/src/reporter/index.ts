// /__wecomdev/reporter.js: load it first in any page (<script src="…/__wecomdev/reporter.js">,
// or let the dev server's proxy inject it). It reports to the server it was loaded from.
import { createReporter, installReporter, landingUrl } from './reporter'

type Win = Window & typeof globalThis & { __wecomdevReporter?: unknown }

;(() => {
  try {
    const w = window as Win
    if (w.__wecomdevReporter) return
    const script = document.currentScript as HTMLScriptElement | null
    const endpoint = new URL('/__wecomdev/report', script?.src || location.href).href
    landingUrl() // remember the session's first URL before a single-page app moves on
    const r = createReporter({ endpoint })
    installReporter(w, r)
    w.__wecomdevReporter = { report: r.report, flush: r.flush }
  } catch {
    // a reporter that cannot start stays out of the page's way
  }
})()
