// /__wecomdev/reporter.js: load it first in any page (<script src="…/__wecomdev/reporter.js">,
// or let the dev server's proxy inject it). It reports to the server it was loaded from:
// the JS-SDK outcomes, errors and console (reporter.ts), and the page's network and
// environment (network.ts, env.ts, over channel.ts), and it takes the console's commands
// (eruda, reload, navigate). <script … data-body-limit="0"> keeps every body out.
import { createReporter, installReporter, landingUrl } from './reporter'
import { installNetwork, safe } from './network'
import { createChannel, makePost, runCommand, type Command } from './channel'
import { pageEnv } from './env'
import { noteText, rememberNote, showNote, takeNote, type NoteKind } from './pagenote'

type Win = Window & typeof globalThis & { __wecomdevReporter?: unknown; eruda?: { init(): void; destroy(): void } }

/** Paths of the console's own endpoints: marked in the capture (they are in the request log). */
const CONSOLE_PATHS = /^\/(__wecomdev\/|api\/jssdk\/|api\/customers)/
/** The reporter's own channel: never captured. */
const CHANNEL_PATHS = /^\/__wecomdev\/(report|network)(\/|$)/

;(() => {
  try {
    const w = window as Win
    if (w.__wecomdevReporter) return
    const script = document.currentScript as HTMLScriptElement | null
    const base = new URL(script?.src || location.href)
    const endpoint = new URL('/__wecomdev/report', base).href
    const landing = landingUrl() // remember the session's first URL before a single-page app moves on
    // The console reloaded this page or sent it here: say so (pagenote.ts), before the
    // environment (which lists sessionStorage's keys) is read.
    const zh = /^zh/i.test(navigator.language || '')
    const store = safe(() => w.sessionStorage)
    const came = takeNote(store, Date.now(), location.href)
    if (came) {
      const show = () => safe(() => showNote(document, noteText(came.kind, 'after', came.url, zh), 10_000))
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show, { once: true })
      else show()
    }
    let bodyLimit = 64 * 1024
    const attr = script?.getAttribute('data-body-limit')
    if (attr != null && /^\d+$/.test(attr)) bodyLimit = Number(attr)

    const own = (url: string): 'channel' | 'console' | '' => {
      const u = new URL(url, location.href)
      if (u.origin !== base.origin) return ''
      if (CHANNEL_PATHS.test(u.pathname)) return 'channel'
      return CONSOLE_PATHS.test(u.pathname) ? 'console' : ''
    }
    let push: (ev: import('../shared/netevent').NetEvent) => void = () => undefined
    const net = installNetwork(w, { emit: (ev) => push(ev), bodyLimit: () => bodyLimit, own })
    const channel = createChannel({
      endpoint: new URL('/__wecomdev/network', base).href,
      post: makePost(net.fetch, net.beacon),
      env: () => pageEnv(w, landing),
    })
    push = channel.push

    const r = createReporter({ endpoint })
    installReporter(w, r)
    w.__wecomdevReporter = { report: r.report, flush: r.flush, network: channel }

    const final = () => void channel.flush(true)
    w.addEventListener('pagehide', final)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && final())
    w.addEventListener('popstate', () => channel.envChanged())
    w.addEventListener('hashchange', () => channel.envChanged())
    w.addEventListener('load', () => channel.envChanged()) // the SDK's script has run by now
    channel.envChanged()

    // The console's commands.
    let eruda: 'off' | 'loading' | 'on' = 'off'
    const hooks = {
      setBodyLimit: (n: number) => (bodyLimit = n),
      eruda: (on: boolean) =>
        safe(() => {
          if (on && eruda === 'off') {
            eruda = 'loading'
            if (w.eruda) {
              w.eruda.init()
              eruda = 'on'
              return
            }
            // A page whose CSP was fixed before eruda was on (the built-in test page's,
            // internal/devserver/testpage_csp.go) refuses eruda's styles: say to reload.
            let refused = false
            const csp = (e: SecurityPolicyViolationEvent) => {
              if (!refused && /^style-src/.test(e.effectiveDirective || e.violatedDirective)) {
                refused = true
                safe(() => showNote(document, zh ? 'wecomdev：此页面的 CSP 拦截了 eruda 的样式，请重新加载页面' : "wecomdev: this page's CSP refused eruda's styles; reload the page", 15_000))
              }
            }
            document.addEventListener('securitypolicyviolation', csp)
            const s = document.createElement('script')
            s.src = new URL('/__wecomdev/eruda.js', base).href
            s.onload = () => safe(() => {
              w.eruda?.init()
              eruda = 'on'
              // violation events are queued: stop listening once they have been delivered
              setTimeout(() => document.removeEventListener('securitypolicyviolation', csp), 1000)
            })
            ;(document.head || document.documentElement).appendChild(s)
          } else if (!on && eruda === 'on') {
            safe(() => w.eruda?.destroy())
            eruda = 'off'
          }
        }),
      note: (kind: NoteKind, url: string) =>
        safe(() => {
          showNote(document, noteText(kind, 'before', url, zh))
          rememberNote(store, kind, url, Date.now())
        }),
      reload: () => setTimeout(() => location.reload(), 700),
      go: (url: string) => setTimeout(() => location.assign(url), 700),
    }
    if (typeof EventSource === 'function') {
      const es = new EventSource(new URL(`/__wecomdev/network/stream?sid=${channel.sid}`, base).href)
      es.onmessage = (m) => safe(() => runCommand(JSON.parse(String(m.data)) as Command, hooks))
    }
  } catch {
    // a reporter that cannot start stays out of the page's way
  }
})()
