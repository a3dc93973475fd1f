#!/usr/bin/env node
// End-to-end check of the dev server's proxy mode, in Debian's chromium driven by
// playwright-core, against the real binary:
//
//   - a real Vite dev server (Vite's JS API, from this frontend's node_modules) on a throwaway
//     project, behind `wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate --upstream
//     <vite>`: the page loads through the proxy with the console's scripts at the top of its
//     <head>, Vite's hot-reload WebSocket connects through the proxy, an edit of a module
//     reaches the page as a hot update, a console.error on the page reaches the console's
//     JSON stream, a binary file passes through byte for byte; a page of the test's own
//     (served by Vite, using @wecom/jssdk under the emulator) whose signature callback asks
//     for its URL with a trailing slash added sees config:invalid signature and the
//     console's event carries TRAILING_SLASH, and one that signs agentConfig with the corp
//     ticket sees 42012 and the console's event says WRONG_TICKET_KIND;
//   - a tiny node:http server that answers gzip-compressed (Content-Encoding: gzip) HTML and
//     binary, behind a second serve without --emulate: the HTML page renders in Chromium
//     with the reporter injected; the binary, and the same HTML fetched rather than
//     navigated to, arrive exactly as the upstream sent them.
//
//   node e2e/proxy.e2e.mjs        (from frontend/; make e2e-phone runs it)
//
// Environment:
//   WECOMDEV_BIN           the wecomdev binary            (default ../build/bin/wecomdev)
//   WECOMDEV_ARTIFACTS     screenshots and serve streams  (default test-artifacts)
//   WECOMDEV_CHROMIUM      browser executable             (default /usr/bin/chromium)
//   WECOMDEV_E2E_FIRST     the number of the first check  (default 1)
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds         (default 120)
//
// Each serve runs with its own throwaway WECOMDEV_HOME. Prints "ok N - …" per check and
// finally exactly "N passed, M failed"; exits 0 only when nothing failed.

import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { constants, createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { assert, launchChromium, Tally } from './harness.mjs'
import { createServer as createVite } from 'vite'

const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.resolve(process.env.WECOMDEV_BIN || path.join(FRONTEND, '../build/bin/wecomdev'))
const ARTIFACTS = path.resolve(process.env.WECOMDEV_ARTIFACTS || 'test-artifacts')
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 120) * 1000
const STEP_MS = 15_000
const FIRST = Number(process.env.WECOMDEV_E2E_FIRST || 1) // the number of the first check (e2e-phone.sh counts on)
const TOKEN = randomBytes(6).toString('hex') // this run's marker, so nothing older can match

const tally = new Tally(FIRST)
const check = (name, fn) => tally.check(name, fn)
let browser = null
const cleanups = [] // run last to first
const children = new Set() // killed on any exit, even the overall timeout's

const summary = () => tally.summary()

process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const overall = setTimeout(() => {
  tally.fail(`overall: the proxy check did not finish within ${OVERALL_MS / 1000} s`)
  void finish(1)
}, OVERALL_MS)


const sha256 = (b) => createHash('sha256').update(b).digest('hex')

/**
 * Watch keeps what arrived (console messages, WebSockets, stream events) and lets a check
 * wait for the first item that matches, whether it came already or comes later.
 */
class Watch {
  items = []
  #waiters = new Set()

  push(item) {
    this.items.push(item)
    for (const w of this.#waiters) {
      if (w.pred(item)) {
        this.#waiters.delete(w)
        clearTimeout(w.timer)
        w.resolve(item)
      }
    }
  }

  wait(pred, what, ms = STEP_MS) {
    const found = this.items.find(pred)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const w = { pred, resolve }
      w.timer = setTimeout(() => {
        this.#waiters.delete(w)
        reject(new Error(`no ${what} within ${ms / 1000} s`))
      }, ms)
      this.#waiters.add(w)
    })
  }
}

/** One `wecomdev serve sandbox --json` with a throwaway home; its stream in events. */
class Serve {
  events = new Watch()

  static async start(name, extraArgs) {
    const s = new Serve()
    s.name = name
    s.home = await mkdtemp(path.join(os.tmpdir(), 'wecomdev-e2e-home-'))
    cleanups.push(() => rm(s.home, { recursive: true, force: true }))
    const args = ['serve', 'sandbox', '--json', '--addr', '127.0.0.1:0', ...extraArgs]
    s.child = spawn(BIN, args, { env: { ...process.env, WECOMDEV_HOME: s.home }, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(s.child)
    const log = createWriteStream(path.join(ARTIFACTS, `proxy-${name}.jsonl`))
    const errLog = createWriteStream(path.join(ARTIFACTS, `proxy-${name}.log`))
    s.child.stderr.pipe(errLog)
    s.exited = new Promise((resolve) => {
      s.child.on('exit', (code, signal) => {
        children.delete(s.child)
        resolve({ code, signal })
      })
      s.child.on('error', (err) => {
        // not started (or not signalled): 'exit' may never come
        children.delete(s.child)
        s.events.push({ event: 'spawn-error', error: err.message })
        resolve({ code: null, signal: null, error: err.message })
      })
    })
    readline.createInterface({ input: s.child.stdout }).on('line', (line) => {
      log.write(line + '\n')
      let ev
      try {
        ev = JSON.parse(line)
      } catch {
        ev = { event: 'not-json', line }
      }
      s.events.push(ev)
    })
    cleanups.push(() => s.stop())
    const first = await Promise.race([
      s.events.wait(() => true, `first line from wecomdev serve (${args.join(' ')})`),
      s.exited.then(({ code, signal }) => {
        throw new Error(`wecomdev serve exited (code ${code}, signal ${signal}) before listening; see ${ARTIFACTS}/proxy-${name}.log`)
      }),
    ])
    assert(first.event === 'listening', `the first line of wecomdev serve is ${JSON.stringify(first)}, not the listening event`)
    s.listening = first
    s.url = first.url
    return s
  }

  /** stop sends SIGTERM and waits for the exit (once). */
  stop() {
    this.stopping ??= (async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      const r = await this.exited
      clearTimeout(timer)
      return r
    })()
    return this.stopping
  }
}

/** get fetches with node:http: the raw bytes as sent, never decoded. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.setTimeout(STEP_MS, () => req.destroy(new Error(`GET ${url} took longer than ${STEP_MS / 1000} s`)))
    req.on('error', reject)
  })
}

/** A throwaway Vite project: a page, a hot-updatable module, a JS-SDK page, a binary. */
async function writeViteProject(dir) {
  await mkdir(path.join(dir, 'public'), { recursive: true })
  // @wecom/jssdk (and nothing else) comes from the frontend's own install.
  await symlink(path.join(FRONTEND, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  await writeFile(
    path.join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>wecomdev proxy e2e</title>
  </head>
  <body>
    <h1 id="title">wecomdev proxy e2e ${TOKEN}</h1>
    <p id="message"></p>
    <pre id="register"></pre>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`,
  )
  await writeFile(
    path.join(dir, 'main.js'),
    `import { message } from './message.js'

// Set once per full load: a hot update of message.js leaves it, a reload changes it.
window.__e2eLoad = Math.random()
const el = document.getElementById('message')
el.textContent = message
console.error('wecomdev-e2e-marker-${TOKEN}', { from: 'main.js' })
if (import.meta.hot) {
  import.meta.hot.accept('./message.js', (m) => {
    if (m) el.textContent = m.message
  })
}
if (new URLSearchParams(location.search).has('sign')) import('./register.js')
`,
  )
  await writeFile(path.join(dir, 'message.js'), `export const message = 'first-${TOKEN}'\n`)
  // The page of the test's own: ww.register with a mistake the query picks.
  await writeFile(
    path.join(dir, 'register.js'),
    `import * as ww from '@wecom/jssdk'

const mistake = new URLSearchParams(location.search).get('sign')
const out = document.getElementById('register')
const corpSig = '/api/jssdk/config-signature'
const agentSig = '/api/jssdk/agent-signature'

async function sign(endpoint, url) {
  const res = await fetch(endpoint + '?url=' + encodeURIComponent(url))
  if (!res.ok) throw new Error(endpoint + ' answered ' + res.status + ': ' + (await res.text()))
  return res.json()
}

function withSlash(href) {
  const u = new URL(href)
  if (!u.pathname.endsWith('/')) u.pathname += '/'
  return u.href
}

const errMsg = (x) => (x && (x.errMsg || x.err_msg || x.message)) || String(x)
const detail = (x) => [x && x.errMsg, x && x.err_msg].filter(Boolean).join(' | ') || errMsg(x)

function show(api, p) {
  const put = (state, msg) => {
    out.dataset[api] = state
    out.dataset[api + 'Msg'] = msg
    out.textContent += api + ' ' + state + ': ' + msg + '\\n'
  }
  return p.then(
    (r) => put('ok', errMsg(r && r.result)),
    (e) => put('fail', detail(e)),
  )
}

const cfg = await (await fetch('/__wecomdev/config.json')).json()
out.dataset.signedUrls = ''
out.textContent = 'ww.register, mistake: ' + mistake + '\\n'
ww.register({
  corpId: cfg.corpId,
  agentId: cfg.agentId,
  jsApiList: ['getContext', 'getLocation'],
  getConfigSignature: (url) => {
    const u = mistake === 'trailing-slash' ? withSlash(url) : url
    out.dataset.signedUrls += 'config ' + u + '\\n'
    out.textContent += 'config signs ' + u + '\\n'
    return sign(corpSig, u)
  },
  getAgentConfigSignature: async (url) => {
    // agentConfig after config, as older clients require: @wecom/jssdk puts the parameters of
    // a finished agentConfig on every later call, preVerifyJSAPI (config) included.
    await ww.ensureCorpConfigReady().catch(() => {})
    out.dataset.signedUrls += 'agentConfig ' + url + '\\n'
    return sign(mistake === 'corp-ticket-for-agent' ? corpSig : agentSig, url)
  },
})
await Promise.all([show('config', ww.ensureCorpConfigReady()), show('agentConfig', ww.ensureAgentConfigReady())])
out.dataset.done = '1'
`,
  )
  const blob = Buffer.concat([randomBytes(1 << 20), Buffer.from([0, 0xff, 0x1f, 0x8b, 0x0d, 0x0a, 0x00])])
  await writeFile(path.join(dir, 'public', 'blob.bin'), blob)
  return { blob }
}

async function newPage(context) {
  const page = await context.newPage()
  const consoleMsgs = new Watch()
  const sockets = new Watch()
  page.on('console', (m) => consoleMsgs.push({ type: m.type(), text: m.text() }))
  page.on('websocket', (ws) => sockets.push(ws))
  return { page, consoleMsgs, sockets }
}

async function screenshot(page, name, fullPage = true) {
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage }).catch(() => {})
}

async function viteChecks(context) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wecomdev-e2e-vite-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  const { blob } = await writeViteProject(dir)
  // Vite as a library still acts as its CLI: on SIGTERM, or when stdin ends, it closes and
  // exits the process at once. This script stops Vite itself, after the clean-up of the
  // rest (the serves, the temp dirs), so those two listeners of Vite's are taken off again.
  const sigterm = process.listeners('SIGTERM')
  const stdinEnd = process.stdin.listeners('end')
  const vite = await createVite({
    configFile: false,
    root: dir,
    cacheDir: path.join(dir, '.vite'),
    logLevel: 'warn',
    clearScreen: false,
    // Bundled before the first request, so no "new dependencies optimized" reload mid-test.
    optimizeDeps: { include: ['@wecom/jssdk'] },
    server: { host: '127.0.0.1', port: 0, strictPort: true, fs: { allow: [dir, FRONTEND] } },
  })
  for (const l of process.listeners('SIGTERM')) if (!sigterm.includes(l)) process.off('SIGTERM', l)
  for (const l of process.stdin.listeners('end')) if (!stdinEnd.includes(l)) process.stdin.off('end', l)
  // Vite's file watcher (chokidar) says 'ready' once its first scan is done; it may have
  // said so already, during createServer.
  const watcherReady = vite.watcher._readyEmitted ? Promise.resolve() : new Promise((resolve) => vite.watcher.once('ready', resolve))
  cleanups.push(() => vite.close())
  await vite.listen()
  const viteURL = vite.resolvedUrls.local[0]
  const serve = await Serve.start('vite', ['--emulate', '--upstream', viteURL])
  const base = serve.url
  const stream = serve.events
  console.log(`proxy check: Vite at ${viteURL}, wecomdev serve at ${base}; streams in ${ARTIFACTS}/proxy-*.jsonl`)

  const { page, consoleMsgs, sockets } = await newPage(context)

  await check('the page loads from Vite through the proxy, the console’s scripts first in its <head>', async () => {
    assert(serve.listening.upstream === viteURL, `the listening event names upstream ${serve.listening.upstream}, not ${viteURL}`)
    const res = await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    assert(res.status() === 200, `GET / answered ${res.status()}`)
    const html = await res.text()
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'))
    assert(head.length > 0, `no <head> in the served page: ${html.slice(0, 200)}`)
    const tags = '<script src="/__wecomdev/emulator.js"></script><script src="/__wecomdev/reporter.js"></script>'
    assert(head.startsWith('<head>' + tags), `the head does not start with the emulator and reporter: ${head.slice(0, 300)}`)
    assert(head.includes('/@vite/client'), 'the page did not come from Vite (no /@vite/client in its head)')
    assert((await page.locator('#title').textContent()) === `wecomdev proxy e2e ${TOKEN}`, 'the page’s own content is not shown')
    await page.waitForFunction((t) => document.getElementById('message')?.textContent === `first-${t}`, TOKEN, { timeout: STEP_MS })
    assert(await page.evaluate(() => typeof window.__wecomdevReporter?.report === 'function'), 'the injected reporter did not start')
    assert(/wxwork\/[\d.]+/.test(await page.evaluate(() => navigator.userAgent)), 'the injected emulator did not add wxwork/ to the user agent')
    const ev = await stream.wait((e) => e.event === 'request' && e.endpoint === 'proxy' && e.path === '/' && e.status === 200, 'proxied GET / in the stream')
    assert(ev.decision === 'injected /__wecomdev/emulator.js, /__wecomdev/reporter.js', `the stream says ${JSON.stringify(ev.decision)}`)
  })

  await check('Vite’s hot-reload WebSocket connects through the proxy', async () => {
    const ws = await sockets.wait(() => true, 'WebSocket opened by the page')
    const u = new URL(ws.url())
    assert(u.host === new URL(base).host, `the page's WebSocket went to ${u.host}, not through the proxy at ${new URL(base).host}`)
    await consoleMsgs.wait((m) => m.text.includes('[vite] connected.'), 'console message "[vite] connected."')
    assert(!ws.isClosed(), 'the WebSocket closed again')
    assert(!consoleMsgs.items.some((m) => m.text.includes('Direct websocket connection fallback')), 'Vite fell back to a direct connection')
    await stream.wait((e) => e.event === 'request' && e.endpoint === 'proxy' && e.status === 101, 'proxied 101 Switching Protocols in the stream')
  })

  await check('a console.error on the page reaches the console’s JSON stream', async () => {
    const marker = `wecomdev-e2e-marker-${TOKEN}`
    assert(consoleMsgs.items.some((m) => m.type === 'error' && m.text.includes(marker)), 'the page did not log the marker')
    const ev = await stream.wait((e) => e.event === 'request' && e.endpoint === 'report' && e.message?.includes(marker), `report entry with ${marker}`)
    assert(ev.status === 202 && ev.url === `${base}/`, `report entry ${JSON.stringify(ev)}`)
  })

  await check('an edit of a module reaches the page as a hot update through the proxy', async () => {
    await Promise.race([watcherReady, new Promise((_, reject) => setTimeout(() => reject(new Error("Vite's file watcher did not say it was ready")), STEP_MS).unref())])
    const load = await page.evaluate(() => window.__e2eLoad)
    const updated = consoleMsgs.wait((m) => m.text.includes('[vite] hot updated: /message.js'), 'console message "[vite] hot updated: /message.js"')
    updated.catch(() => {}) // awaited below; a step that fails before must not leave it unhandled
    await writeFile(path.join(dir, 'message.js'), `export const message = 'edited-${TOKEN}'\n`)
    await updated
    await page.waitForFunction((t) => document.getElementById('message')?.textContent === `edited-${t}`, TOKEN, { timeout: STEP_MS })
    assert((await page.evaluate(() => window.__e2eLoad)) === load, 'the page reloaded instead of taking the hot update')
    await screenshot(page, 'proxy-vite.png')
  })

  await check('a 1 MB binary file passes through the proxy byte for byte', async () => {
    const raw = await get(`${base}/blob.bin`)
    assert(raw.status === 200, `GET /blob.bin answered ${raw.status}`)
    assert(raw.body.length === blob.length && sha256(raw.body) === sha256(blob), `got ${raw.body.length} bytes (sha256 ${sha256(raw.body)}), want ${blob.length} (${sha256(blob)})`)
    const inPage = await page.evaluate(async () => {
      const res = await fetch('/blob.bin', { cache: 'no-store' })
      const buf = await res.arrayBuffer()
      const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf))
      return { status: res.status, size: buf.byteLength, sha: Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('') }
    })
    assert(inPage.status === 200 && inPage.size === blob.length && inPage.sha === sha256(blob), `the page's fetch got ${JSON.stringify(inPage)}`)
  })
  await page.close()

  /** Opens the own JS-SDK page with a mistake and waits for both outcomes. */
  const ownPage = async (mistake, pathname) => {
    const { page } = await newPage(context)
    const res = await page.goto(`${base}${pathname}?sign=${mistake}`, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    assert(res.status() === 200, `GET ${pathname} answered ${res.status()}`)
    await page.waitForSelector('#register[data-done="1"]', { state: 'attached', timeout: STEP_MS })
    const data = await page.locator('#register').evaluate((el) => ({ ...el.dataset }))
    return { page, data, pageUrl: page.url() }
  }

  await check('a page of the test’s own signing its URL with a trailing slash added: config:invalid signature, TRAILING_SLASH', async () => {
    // Vite answers /shop with index.html (a single-page app's fallback).
    const { page, data, pageUrl } = await ownPage('trailing-slash', '/shop')
    assert(data.signedUrls.includes(`config ${base}/shop/?sign=trailing-slash`), `the page signed ${JSON.stringify(data.signedUrls)}`)
    assert(data.config === 'fail' && data.configMsg.includes('config:invalid signature'), `config ${data.config}: ${data.configMsg}`)
    const ev = await stream.wait((e) => e.event === 'emulator' && e.api === 'config' && e.pageUrl === pageUrl, `emulator event for config of ${pageUrl}`)
    assert(!ev.ok && ev.errMsg === 'config:invalid signature', `the console's event: ok ${ev.ok}, errMsg ${ev.errMsg}`)
    assert(ev.verdict === 'URL_VARIANT' && ev.signedUrl === `${base}/shop/?sign=trailing-slash`, `verdict ${ev.verdict}, signed ${ev.signedUrl}`)
    const codes = ev.findings.map((f) => f.code)
    assert(codes.includes('TRAILING_SLASH'), `the console's findings are ${codes.join(', ') || 'none'}`)
    await screenshot(page, 'proxy-trailing-slash.png')
    await page.close()
  })

  await check('a page of the test’s own signing agentConfig with the corp ticket: 42012, WRONG_TICKET_KIND', async () => {
    const { page, data, pageUrl } = await ownPage('corp-ticket-for-agent', '/shop')
    assert(data.config === 'ok', `config should pass: ${data.config} ${data.configMsg}`)
    assert(data.agentConfig === 'fail' && data.agentConfigMsg.includes('42012'), `agentConfig ${data.agentConfig}: ${data.agentConfigMsg}`)
    const ev = await stream.wait((e) => e.event === 'emulator' && e.api === 'agentConfig' && e.pageUrl === pageUrl, `emulator event for agentConfig of ${pageUrl}`)
    assert(!ev.ok && ev.verdict === 'WRONG_TICKET_KIND', `the console's event: ok ${ev.ok}, verdict ${ev.verdict}, errMsg ${ev.errMsg}`)
    const cfg = await stream.wait((e) => e.event === 'emulator' && e.api === 'config' && e.pageUrl === pageUrl, `emulator event for config of ${pageUrl}`)
    assert(cfg.ok && cfg.verdict === 'OK', `config event ${JSON.stringify(cfg)}`)
    await page.close()
  })

  await check('SIGTERM with a page’s hot-reload WebSocket open: the server closes it and exits 0', async () => {
    const { page, consoleMsgs, sockets } = await newPage(context)
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    const ws = await sockets.wait(() => true, 'WebSocket opened by the page')
    await consoleMsgs.wait((m) => m.text.includes('[vite] connected.'), 'console message "[vite] connected."')
    const closed = ws.isClosed() ? Promise.resolve() : ws.waitForEvent('close', { timeout: STEP_MS })
    closed.catch(() => {}) // awaited below
    const t0 = Date.now()
    const stopped = await serve.stop()
    const took = Date.now() - t0
    await closed
    assert(stopped.code === 0, `exit code ${stopped.code} (signal ${stopped.signal}) after ${took} ms; stderr in ${ARTIFACTS}/proxy-vite.log`)
    assert(took < 3000, `it took ${took} ms to exit`)
    const last = serve.events.items.at(-1)
    assert(last?.event === 'stopped', `the last line is ${JSON.stringify(last)}, not the stopped event`)
    const bad = serve.events.items.filter((e) => e.event === 'not-json')
    assert(bad.length === 0, `${bad.length} lines of the --json stream are not JSON: ${bad[0]?.line}`)
    await page.close()
  })
}

/** A dev server that always answers gzip, whatever the client accepts. */
async function gzipUpstream() {
  const page = Buffer.from(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gzip page</title></head><body><h1 id="gz">gzip page ${TOKEN}</h1>${'<p>compressible padding</p>\n'.repeat(500)}</body></html>\n`,
  )
  const data = Buffer.concat([randomBytes(64 << 10), Buffer.alloc(256 << 10, 'wecomdev ')])
  const gzPage = gzipSync(page)
  const gzData = gzipSync(data)
  const seen = []
  const srv = http.createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers })
    const send = (type, body) => {
      res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip', 'Content-Length': body.length, 'Cache-Control': 'no-store' })
      res.end(body)
    }
    if (req.url === '/' || req.url === '/page') send('text/html; charset=utf-8', gzPage)
    else if (req.url === '/data.bin') send('application/octet-stream', gzData)
    else {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found\n')
    }
  })
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => {
    srv.closeAllConnections()
    return new Promise((resolve) => srv.close(resolve))
  })
  return { url: `http://127.0.0.1:${srv.address().port}`, page, gzPage, data, gzData, seen }
}

async function gzipChecks(context) {
  const up = await gzipUpstream()
  const serve = await Serve.start('gzip', ['--upstream', up.url])
  const base = serve.url

  await check('a gzip-compressed HTML page renders through the proxy with the reporter injected', async () => {
    const { page } = await newPage(context)
    const res = await page.goto(`${base}/page`, { waitUntil: 'load', timeout: STEP_MS })
    assert(res.status() === 200, `GET /page answered ${res.status()}`)
    assert((await page.locator('#gz').textContent()) === `gzip page ${TOKEN}`, 'the page’s content is not shown')
    assert((await page.locator('p').count()) === 500, 'the page is not complete')
    const src = await page.evaluate(() => document.head.querySelector('script')?.getAttribute('src'))
    assert(src === '/__wecomdev/reporter.js', `the first script in the head is ${src}`)
    assert((await page.locator('head script[src="/__wecomdev/emulator.js"]').count()) === 0, 'the emulator was injected without --emulate')
    assert(await page.evaluate(() => typeof window.__wecomdevReporter?.report === 'function'), 'the injected reporter did not start')
    // Chromium accepts br and zstd too; the proxy asks only for what it can decode to inject.
    const asked = up.seen.find((r) => r.url === '/page')?.headers['accept-encoding'] ?? ''
    assert(asked.includes('gzip') && !/\b(br|zstd)\b/.test(asked), `the dev server was asked for Accept-Encoding: ${asked}`)
    const ev = await serve.events.wait((e) => e.event === 'request' && e.endpoint === 'proxy' && e.path === '/page', 'proxied GET /page in the stream')
    assert(ev.decision === 'injected /__wecomdev/reporter.js', `the stream says ${JSON.stringify(ev.decision)}: ${ev.message ?? ''}`)
    await screenshot(page, 'proxy-gzip.png', false)
    await page.close()
  })

  await check('a gzip-compressed binary answer passes through the proxy exactly as sent', async () => {
    const raw = await get(`${base}/data.bin`, { 'Accept-Encoding': 'gzip' })
    assert(raw.status === 200, `GET /data.bin answered ${raw.status}`)
    assert(raw.headers['content-encoding'] === 'gzip', `Content-Encoding ${raw.headers['content-encoding']}`)
    assert(raw.body.equals(up.gzData), `got ${raw.body.length} bytes (sha256 ${sha256(raw.body)}), the upstream sent ${up.gzData.length} (${sha256(up.gzData)})`)
    assert(gunzipSync(raw.body).equals(up.data), 'the body does not decompress to the upstream’s data')
  })

  await check('gzip-compressed HTML fetched (not navigated to) passes through exactly as sent', async () => {
    const raw = await get(`${base}/page`, { 'Accept-Encoding': 'gzip', Accept: '*/*', 'Sec-Fetch-Dest': 'empty' })
    assert(raw.status === 200 && raw.headers['content-encoding'] === 'gzip', `status ${raw.status}, Content-Encoding ${raw.headers['content-encoding']}`)
    assert(raw.body.equals(up.gzPage), `got ${raw.body.length} bytes, the upstream sent ${up.gzPage.length}`)
  })

  await check('SIGTERM with a connection open that has sent nothing yet (a browser’s preconnect): exits 0 at once', async () => {
    // Chromium opens spare connections ahead of need; one may be idle when Ctrl-C comes.
    const idle = net.connect(Number(new URL(base).port), '127.0.0.1')
    await once(idle, 'connect')
    idle.on('error', () => {}) // reset by the server as it stops
    try {
      const t0 = Date.now()
      const stopped = await serve.stop()
      const took = Date.now() - t0
      const err = (await readFile(path.join(ARTIFACTS, 'proxy-gzip.log'), 'utf8').catch(() => '')).trim()
      assert(stopped.code === 0, `exit code ${stopped.code} after ${took} ms${err ? `: ${err}` : ''}`)
      assert(took < 3000, `it took ${took} ms to exit`)
      assert(serve.events.items.at(-1)?.event === 'stopped', 'the last line is not the stopped event')
    } finally {
      idle.destroy()
    }
  })
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true })
  console.log(`proxy check of ${BIN}; screenshots in ${ARTIFACTS}`)
  await access(BIN, constants.X_OK).catch(() => {
    throw new Error(`${BIN} is not built: run 'make build' (or set WECOMDEV_BIN)`)
  })
  browser = await launchChromium({
    // finish() closes it, after the rest: Playwright's own handlers would exit first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  })
  cleanups.push(() => browser.close())
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
  await viteChecks(context)
  await gzipChecks(context)
}

let finishing = null

/** finish cleans up (serves, Vite, the browser, temp dirs), prints the summary and exits. */
function finish(code) {
  finishing ??= (async () => {
    clearTimeout(overall)
    const bound = setTimeout(() => process.exit(code ?? 1), 15_000) // a cleanup that hangs
    for (const f of cleanups.reverse()) {
      try {
        await f()
      } catch {
        // cleaning up what is gone already
      }
    }
    clearTimeout(bound)
    summary()
    process.exit(code ?? tally.code)
  })()
  return finishing
}

// make's Ctrl-C, or scripts/e2e-phone.sh stopping: stop what this started, then exit.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    tally.fail(`interrupted (${sig})`)
    void finish(sig === 'SIGINT' ? 130 : 143)
  })
}

main()
  .catch((err) => {
    tally.fail(`setup: ${err?.message ?? err}`)
  })
  .finally(() => finish())
