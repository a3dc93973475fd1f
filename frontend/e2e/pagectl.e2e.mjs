#!/usr/bin/env node
// End-to-end check, in Debian's chromium driven by playwright-core against the real binary,
// of what the console does to a page on the phone and of eruda under the test page's CSP:
//
//   - `wecomdev serve sandbox --json --addr 127.0.0.1:0 --upstream <a node:http server of the
//     test's own> --eruda --page-commands`; the console's Reload / Open buttons are driven
//     through --page-commands (serve_pages.go: the same Network.Reload / Navigate the GUI's
//     binding calls, app/network.go), each answered by a {"event":"command",…} line;
//   - a page WITHOUT the reporter (straight from the upstream) is not offered: a reload with
//     only it open is not delivered, and it is never reloaded;
//   - a page through the proxy (reporter injected): reload → the page loads again and the
//     note "the console reloaded this page" is visible on it; open /b → it lands on /b and
//     the note "the console opened this page" is visible there;
//   - the built-in test page with the eruda switch on: eruda's entry button is visible and
//     styled (fixed/absolute, not a page-wide block) and no CSP violation is reported
//     (securitypolicyviolation events, console errors); a screenshot is kept.
//
//   node e2e/pagectl.e2e.mjs        (from frontend/; make e2e-phone runs it)
//
// Environment: WECOMDEV_BIN, WECOMDEV_ARTIFACTS, WECOMDEV_CHROMIUM, WECOMDEV_E2E_FIRST,
// WECOMDEV_E2E_TIMEOUT. Prints "ok N - …" per check and finally exactly "N passed, M failed";
// exits 0 only when nothing failed. Waits on progress (stream lines, page loads), no sleeps.

import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { assert, Events, launchChromium, Tally } from './harness.mjs'

const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.resolve(process.env.WECOMDEV_BIN || path.join(FRONTEND, '../build/bin/wecomdev'))
const ARTIFACTS = path.resolve(process.env.WECOMDEV_ARTIFACTS || 'test-artifacts')
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 150) * 1000
const STEP_MS = 20_000
const tally = new Tally(Number(process.env.WECOMDEV_E2E_FIRST || 1))
const check = (name, fn) => tally.check(name, fn)

const cleanups = []
let child = null
process.on('exit', () => child?.kill('SIGKILL'))
const overall = setTimeout(() => {
  tally.fail(`overall: the page-control check did not finish within ${OVERALL_MS / 1000} s`)
  void finish(1)
}, OVERALL_MS)

async function finish(code) {
  clearTimeout(overall)
  for (const f of cleanups.reverse()) await Promise.resolve().then(f).catch(() => {})
  tally.summary()
  process.exit(code ?? tally.code)
}

/** serve's --json stream. */
const events = new Events()
const waitEvent = (pred, what, ms = STEP_MS, from = 0) => events.wait(pred, what, ms, from)

/** command writes one --page-commands line and waits for its answer. */
async function command(line) {
  const from = events.items.length
  child.stdin.write(line + '\n')
  return waitEvent((e) => e.event === 'command', `answer to '${line}'`, STEP_MS, from)
}

/**
 * commandUntilDelivered repeats a command until a connected page takes it: the page's
 * command stream (EventSource) opens a moment after its load, and the answer says whether
 * it was open. Each try waits for its answer; the whole is bounded.
 */
async function commandUntilDelivered(line, what) {
  const deadline = Date.now() + STEP_MS
  for (;;) {
    const a = await command(line)
    if (a.delivered) return a
    if (Date.now() > deadline) throw new Error(`${what}: not delivered within ${STEP_MS / 1000} s (${a.error})`)
    await new Promise((r) => setTimeout(r, 100)) // the poll interval (as harness.mjs Stream.wait)
  }
}

const pageHTML = (name) => `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head>
<body><h1 id="name">${name}</h1></body></html>`

function startUpstream() {
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x')
    const html = { '/': 'page A', '/b': 'page B', '/plain': 'plain page' }[u.pathname]
    res.writeHead(html ? 200 : 404, { 'Content-Type': html ? 'text/html; charset=utf-8' : 'text/plain', 'Cache-Control': 'no-store' })
    res.end(html ? pageHTML(html) : 'not found')
  })
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)))
}

/** The note's text and computed position on the page ('' when there is none). */
const noteOf = (page) =>
  page.evaluate(() => {
    const host = document.querySelector('[data-wecomdev-note]')
    const d = host?.shadowRoot?.querySelector('div')
    if (!d) return { text: '', position: '', height: 0 }
    return { text: d.textContent, position: getComputedStyle(d).position, height: d.getBoundingClientRect().height }
  })

async function main() {
  await mkdir(ARTIFACTS, { recursive: true })
  const upstream = await startUpstream()
  cleanups.push(() => new Promise((r) => upstream.close(r)))
  const upURL = `http://127.0.0.1:${upstream.address().port}`

  const home = await mkdtemp(path.join(os.tmpdir(), 'wecomdev-e2e-home-'))
  cleanups.push(() => rm(home, { recursive: true, force: true }))
  child = spawn(BIN, ['serve', 'sandbox', '--json', '--addr', '127.0.0.1:0', '--upstream', upURL, '--eruda', '--page-commands'], {
    env: { ...process.env, WECOMDEV_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const log = createWriteStream(path.join(ARTIFACTS, 'pagectl-serve.jsonl'))
  child.stderr.pipe(createWriteStream(path.join(ARTIFACTS, 'pagectl-serve.log')))
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    log.write(line + '\n')
    events.line(line)
  })
  const serveURL = (await waitEvent((e) => e.event === 'listening', 'listening event from wecomdev serve')).url

  const browser = await launchChromium()
  cleanups.push(() => browser.close())
  const ctx = await browser.newContext({ locale: 'en-US' })

  // ---- a page without the reporter ----
  const plain = await ctx.newPage()
  await plain.goto(`${upURL}/plain`, { waitUntil: 'load' })
  await plain.evaluate(() => (window.__mark = 'plain'))
  await check('with only a page WITHOUT the reporter open, a reload is not delivered (no page with the reporter is connected)', async () => {
    const a = await command('reload')
    assert(a.delivered === false && /no page with the reporter/.test(a.error ?? ''), `answer ${JSON.stringify(a)}`)
  })

  // ---- reload ----
  const page = await ctx.newPage()
  await page.goto(`${serveURL}/`, { waitUntil: 'load' })
  const first = await waitEvent((e) => e.event === 'page' && e.env?.url === `${serveURL}/`, 'page event of page A')
  await page.evaluate(() => (window.__mark = 'before the reload'))
  await check('reload from the console: the page loads again and shows the note, saying the console did it', async () => {
    const loaded = page.waitForEvent('load', { timeout: STEP_MS })
    await commandUntilDelivered(`reload ${first.session}`, 'reload of page A')
    await loaded
    await page.waitForSelector('[data-wecomdev-note]', { state: 'attached', timeout: STEP_MS })
    assert((await page.evaluate(() => window.__mark)) === undefined, 'the page was not reloaded')
    const n = await noteOf(page)
    assert(n.text === 'wecomdev: the console reloaded this page', `note ${JSON.stringify(n)}`)
    assert(n.position === 'fixed' && n.height > 0, `the note is not shown at the top: ${JSON.stringify(n)}`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'pagectl-reloaded.png') })
  })

  // ---- navigate ----
  await check('open a URL from the console: the page lands there and shows the note', async () => {
    const target = `${serveURL}/b`
    const landed = page.waitForURL(target, { timeout: STEP_MS, waitUntil: 'load' })
    const a = await commandUntilDelivered(`open ${target}`, 'open of /b')
    assert(a.url === target, `answer ${JSON.stringify(a)}`)
    await landed
    await page.waitForSelector('[data-wecomdev-note]', { state: 'attached', timeout: STEP_MS })
    const n = await noteOf(page)
    assert((await page.textContent('#name')) === 'page B', 'not on page B')
    assert(n.text === 'wecomdev: the console opened this page' && n.position === 'fixed', `note ${JSON.stringify(n)}`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'pagectl-opened.png') })
  })
  await check('the page without the reporter was never reloaded nor sent anywhere', async () => {
    assert(plain.url() === `${upURL}/plain` && (await plain.evaluate(() => window.__mark)) === 'plain', `plain page at ${plain.url()}`)
    assert(!(await plain.$('[data-wecomdev-note]')), 'the plain page shows a note')
  })

  // ---- eruda on the built-in test page, under its CSP ----
  await check('eruda on the built-in test page: its entry button is visible and styled, and no CSP violation is reported', async () => {
    const p = await ctx.newPage()
    const errors = []
    p.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text().slice(0, 200)))
    await p.addInitScript(() => {
      window.__csp = []
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`))
    })
    await p.goto(`${serveURL}/__wecomdev/test/`, { waitUntil: 'load' })
    const csp = await p.evaluate(async () => (await fetch(location.href, { method: 'HEAD' })).headers.get('content-security-policy'))
    const btn = await p.waitForSelector('#eruda .eruda-entry-btn', { state: 'visible', timeout: STEP_MS })
    const st = await btn.evaluate((el) => {
      const cs = getComputedStyle(el)
      const r = el.getBoundingClientRect()
      return { position: cs.position, width: r.width, height: r.height, bg: cs.backgroundColor }
    })
    await p.screenshot({ path: path.join(ARTIFACTS, 'pagectl-eruda-testpage.png') })
    const violations = await p.evaluate(() => window.__csp)
    assert(['fixed', 'absolute', 'relative'].includes(st.position) && st.width > 0 && st.width < 100 && st.height > 0 && st.height < 100, `the entry button is not styled: ${JSON.stringify(st)} (CSP ${csp})`)
    assert(violations.length === 0 && errors.length === 0, `${violations.length} CSP violations (${violations.slice(0, 3).join('; ')}), console: ${errors.slice(0, 2).join(' | ')} (CSP ${csp})`)
    assert(/^default-src 'none';/.test(csp ?? '') && !/\*|https?:/.test(csp ?? ''), `CSP ${csp}`)
    await p.close()
  })

  child.stdin.end()
  child.kill('SIGTERM')
}

main().then(
  () => finish(),
  (err) => {
    tally.fail(`setup: ${err?.message ?? err}`)
    return finish(1)
  },
)
