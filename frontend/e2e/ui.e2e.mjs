#!/usr/bin/env node
// UI end-to-end check of the wecomdev console, driven through Debian's chromium
// with playwright-core.
//
// Target: `wails dev` (default http://localhost:34115), where the real Go
// backend answers the bindings over Wails' websocket IPC. The Makefile starts
// `wails dev` under Xvfb and then runs: `npm run e2e:ui` (from frontend/).
//
// Environment:
//   WECOMDEV_UI_URL        page to test            (default http://localhost:34115)
//   WECOMDEV_ARTIFACTS     screenshot folder       (default test-artifacts)
//   WECOMDEV_CHROMIUM      browser executable      (default /usr/bin/chromium)
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds  (default 180)
//   WECOMDEV_UI_FAKE=1     inject a fake in-page Go backend (localStorage-backed) so
//                          the selectors can be checked against plain `npm run dev`
//                          (http://localhost:5173). Not a substitute for the real run.
//
// Besides Settings and About it drives Tickets (fetch the sandbox's credentials),
// Signature (sign a URL with a #fragment), Dev server (start it for the sandbox, call
// its signing endpoint from this script for an allowed and a refused page, watch both
// requests arrive in the log, open one, stop it) and Profiles (add a profile, store,
// reveal and hide a secret in the real keychain, remove the profile). Every check reads
// the page through data-testid and data-* attributes, never through fake-only state.
// The one fake-only hook is how a request reaches the dev server: against the fake
// backend there is no server to fetch from, so callDevServer asks the fake in the page.
//
// Prints one line per check and finally exactly "N passed, M failed";
// exits 0 only when nothing failed.

import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from 'playwright-core'

const URL = process.env.WECOMDEV_UI_URL || 'http://localhost:34115'
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const CHROMIUM = process.env.WECOMDEV_CHROMIUM || '/usr/bin/chromium'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 180) * 1000
const FAKE = process.env.WECOMDEV_UI_FAKE === '1'
const STEP_MS = 10_000

let passed = 0
let failed = 0
let browser = null

function summary() {
  console.log(`${passed} passed, ${failed} failed`)
}

async function finish(code) {
  clearTimeout(overall)
  if (browser) await browser.close().catch(() => {})
  summary()
  process.exit(code)
}

const overall = setTimeout(() => {
  failed++
  console.error(`FAIL overall: the UI check did not finish within ${OVERALL_MS / 1000} s`)
  if (browser) browser.close().catch(() => {})
  summary()
  process.exit(1)
}, OVERALL_MS)

/** Runs one named check; a failure is counted and reported, and the run goes on. */
async function check(name, fn) {
  try {
    await fn()
    passed++
    console.log(`ok   ${name}`)
    return true
  } catch (err) {
    failed++
    const msg = String(err?.message ?? err).split('\n')[0]
    console.error(`FAIL ${name}: ${msg}`)
    return false
  }
}

function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

const byTestId = (id) => `[data-testid="${id}"]`

/** A fake Go backend in the page, for checking selectors without Wails. */
function fakeBackend() {
  const KEY = 'wecomdev-e2e-fake-settings'
  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(KEY)) ?? { language: 'system', theme: 'system' }
    } catch {
      return { language: 'system', theme: 'system' }
    }
  }
  const snapshot = () => ({ ...load(), systemLanguage: 'zh-CN' })
  const listeners = new Map()
  const emit = (name, data) => (listeners.get(name) ?? []).forEach((cb) => cb(data))
  const store = (patch) => {
    localStorage.setItem(KEY, JSON.stringify({ ...load(), ...patch }))
    const s = snapshot()
    emit('settings:changed', s)
    return s
  }
  const fakeDev = fakeDevServer()
  window.go = {
    app: {
      SettingsService: {
        Get: async () => snapshot(),
        SetLanguage: async (v) => {
          if (!['system', 'zh-CN', 'en-US'].includes(v)) throw `SETTINGS_INVALID: language must be one of system, zh-CN, en-US (got "${v}")`
          return store({ language: v })
        },
        SetTheme: async (v) => {
          if (!['system', 'light', 'dark'].includes(v)) throw `SETTINGS_INVALID: theme must be one of system, light, dark (got "${v}")`
          return store({ theme: v })
        },
      },
      AboutService: {
        Info: async () => ({
          name: 'wecomdev',
          version: '0.0.0-fake',
          commit: 'fake',
          buildDate: 'unknown',
          goVersion: 'go-fake',
          platform: 'fake/fake',
          dataDir: '/tmp/fake',
        }),
      },
      ProfilesService: fakeProfiles(),
      TicketsService: fakeTickets(),
      SignService: fakeSign(),
      DevServerService: fakeDev.service,
    },
  }

  // --- profiles (localStorage-backed; secrets in memory only) ---
  function fakeProfilesData() {
    const PKEY = 'wecomdev-e2e-fake-profiles'
    const sandbox = {
      name: 'sandbox', corpId: 'ww5andb0x0000001', agentId: 1000002, apiBase: 'http://127.0.0.1:18734',
      trustedDomains: [], sandbox: true, secret: 'builtin', createdAt: 1, updatedAt: 1,
    }
    const read = () => {
      try {
        return JSON.parse(localStorage.getItem(PKEY)) ?? [sandbox]
      } catch {
        return [sandbox]
      }
    }
    return { read, write: (list) => localStorage.setItem(PKEY, JSON.stringify(list)) }
  }
  function fakeProfiles() {
    const data = fakeProfilesData()
    const secrets = new Map()
    const find = (name) => {
      const p = data.read().find((x) => x.name === name)
      if (!p) throw `PROFILE_NOT_FOUND: no profile named "${name}"`
      return p
    }
    const update = (name, patch) => {
      const list = data.read().map((x) => (x.name === name ? { ...x, ...patch, updatedAt: Date.now() } : x))
      data.write(list)
      return list.find((x) => x.name === (patch.name ?? name))
    }
    return {
      List: async () => data.read(),
      Keychain: async () => ({ available: true, error: '' }),
      Save: async (input) => {
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.name)) throw 'PROFILE_INVALID: name must be 1-64 of letters, digits, . _ -'
        const list = data.read()
        if (input.name !== input.originalName && list.some((x) => x.name === input.name)) throw `PROFILE_EXISTS: a profile named "${input.name}" exists`
        if (input.originalName) {
          const p = find(input.originalName)
          if (p.sandbox) return update(p.name, { trustedDomains: input.trustedDomains })
          return update(p.name, { name: input.name, corpId: input.corpId, agentId: input.agentId, apiBase: input.apiBase, trustedDomains: input.trustedDomains })
        }
        const now = Date.now()
        const view = { ...input, sandbox: false, secret: 'missing', createdAt: now, updatedAt: now }
        delete view.originalName
        data.write([...list, view])
        return view
      },
      Remove: async (name) => {
        if (find(name).sandbox) throw 'PROFILE_BUILTIN: the sandbox profile cannot be removed'
        secrets.delete(name)
        data.write(data.read().filter((x) => x.name !== name))
      },
      SetSecret: async (name, secret) => {
        if (find(name).sandbox) throw 'PROFILE_BUILTIN: the sandbox secret is built in'
        secrets.set(name, secret)
        return update(name, { secret: 'stored' })
      },
      DeleteSecret: async (name) => {
        secrets.delete(name)
        return update(name, { secret: 'missing' })
      },
      RevealSecret: async (name) => {
        find(name)
        if (!secrets.has(name)) throw `SECRET_MISSING: profile "${name}" has no secret`
        return secrets.get(name)
      },
    }
  }

  // --- tickets (in memory, per page) ---
  const tickets = new Map() // profile -> { token, corp, agent } of { value, fetchedAt, expiresAt }
  const budget = { corp: 0, app: 0 }
  const history = []
  const mask = (v) => (v ? (v.length < 8 ? '…' : `${v.slice(0, 2)}…${v.slice(-2)}`) : '')
  const random = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 62]).join('')
  const creds = (p) => tickets.get(p) ?? {}
  function status(profile) {
    const c = creds(profile)
    const now = Date.now()
    const one = (kind) => {
      const x = c[kind]
      return x
        ? { kind, masked: mask(x.value), fetchedAt: x.fetchedAt, expiresAt: x.expiresAt, state: x.expiresAt > now ? 'valid' : 'expired' }
        : { kind, masked: '', fetchedAt: 0, expiresAt: 0, state: 'none' }
    }
    return {
      profile,
      credentials: [one('token'), one('corp'), one('agent')],
      budget: {
        corp: { used: budget.corp, limit: 400, warn: budget.corp >= 320 },
        app: { used: budget.app, limit: 100, warn: budget.app >= 80 },
      },
      lastError: null,
      history: history.filter((h) => h.profile === profile).map(({ profile: _p, ...h }) => h),
      persistError: '',
    }
  }
  function issue(profile, kind) {
    const now = Date.now()
    const c = { ...creds(profile) }
    c[kind] = { value: random(kind === 'token' ? 64 : 32), fetchedAt: now, expiresAt: now + 7200_000 }
    if (kind === 'corp') budget.corp++
    if (kind === 'agent') budget.app++
    if (kind !== 'token') history.unshift({ profile, kind, masked: mask(c[kind].value), fetchedAt: now, expiresAt: now + 7200_000 })
    tickets.set(profile, c)
  }
  const known = (profile) => {
    if (!fakeProfilesData().read().some((x) => x.name === profile)) throw `PROFILE_NOT_FOUND: no profile named "${profile}"`
  }
  function fakeTickets() {
    return {
      Status: async (profile) => (known(profile), status(profile)),
      Fetch: async (profile) => {
        known(profile)
        for (const kind of ['token', 'corp', 'agent']) {
          const x = creds(profile)[kind]
          if (!x || x.expiresAt <= Date.now()) issue(profile, kind)
        }
        const s = status(profile)
        emit('tickets:changed', s)
        return s
      },
      Refresh: async (profile, kind, confirm) => {
        known(profile)
        const warn = (kind === 'corp' && budget.corp >= 320) || (kind === 'agent' && budget.app >= 80)
        if (warn && !confirm) throw `BUDGET_CONFIRM: ${budget.corp} of 400 corp and ${budget.app} of 100 app ticket fetches used this hour`
        issue(profile, kind)
        const s = status(profile)
        emit('tickets:changed', s)
        return s
      },
      Explain: async (code) => ({
        code,
        cause: { 'zh-CN': '假后端的错误说明。', 'en-US': 'An explanation from the fake backend.' },
        fix: { 'zh-CN': '无。', 'en-US': 'None.' },
        doc: 'https://developer.work.weixin.qq.com/document/path/90313',
      }),
    }
  }

  // --- signing (real SHA-1 over the fake tickets) ---
  async function sha1(text) {
    const buf = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
    return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
  }
  function fakeSign() {
    return {
      Sign: async (profile, url) => {
        known(profile)
        if (!url.trim()) throw 'URL_INVALID: the URL is empty'
        const p = fakeProfilesData().read().find((x) => x.name === profile)
        for (const kind of ['token', 'corp', 'agent']) if (!creds(profile)[kind]) issue(profile, kind)
        const timestamp = String(Math.floor(Date.now() / 1000))
        const nonceStr = random(16)
        const signedUrl = url.split('#')[0]
        const warnings = url.includes('#') ? [{ code: 'URL_HAS_HASH', detail: `the fragment "${url.slice(url.indexOf('#'))}" is not signed: it was cut` }] : []
        const one = async (kind) => {
          const ticket = creds(profile)[kind].value
          const tail = `&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signedUrl}`
          return {
            kind, url, signedUrl, timestamp, nonceStr,
            ticketMasked: mask(ticket),
            signStringMasked: `jsapi_ticket=${mask(ticket)}${tail}`,
            signature: await sha1(`jsapi_ticket=${ticket}${tail}`),
            warnings,
          }
        }
        const config = await one('corp')
        const agent = await one('agent')
        const register = `ww.register({\n  corpId: '${p.corpId}',\n  agentId: ${p.agentId},\n  jsApiList: ['getContext'],\n  getConfigSignature: () => ({ timestamp: ${timestamp}, nonceStr: '${nonceStr}', signature: '${config.signature}' }),\n  getAgentConfigSignature: () => ({ timestamp: ${timestamp}, nonceStr: '${nonceStr}', signature: '${agent.signature}' }),\n})`
        return { profile, corpId: p.corpId, agentId: p.agentId, url, timestamp, nonceStr, config, agent, register }
      },
    }
  }
  // --- dev server (in memory). There is no socket: the e2e script simulates a page's
  // request with window.__wecomdevFakeDevServer.call(url, userAgent).
  function fakeDevServer() {
    const DEFAULT_ADDR = '127.0.0.1:8787'
    const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']
    const ENDPOINTS = [
      ['config-signature', '/api/jssdk/config-signature', '?url='],
      ['agent-signature', '/api/jssdk/agent-signature', '?url='],
      ['config', '/api/jssdk/config', '?url='],
      ['customers', '/api/customers', '?userId='],
    ]
    let server = null // { profile, addr, startedAt }
    const verify = new Map()
    let log = [] // oldest first
    let nextId = 1
    let total = 0
    const profileOf = (name) => fakeProfilesData().read().find((x) => x.name === name)
    function devStatus() {
      const base = server ? `http://${server.addr}` : ''
      const trusted = server ? (profileOf(server.profile)?.trustedDomains ?? []) : []
      return {
        running: !!server,
        profile: server?.profile ?? '',
        addr: server?.addr ?? '',
        baseUrl: base,
        defaultAddr: DEFAULT_ADDR,
        startedAt: server?.startedAt ?? 0,
        endpoints: server ? ENDPOINTS.map(([name, p, q]) => ({ name, method: 'GET', path: p, url: base + p + q })) : [],
        allowedHosts: server ? [...LOOPBACK, ...trusted] : [],
        tunnelHost: '',
        verifyFiles: [...verify.keys()].sort().map((name) => ({ name, content: verify.get(name), url: server ? `${base}/${name}` : '' })),
        requests: total,
        dropped: 0,
      }
    }
    const changed = () => {
      const st = devStatus()
      emit('devserver:status', st)
      return st
    }
    function parseUA(ua) {
      const m = /(wxworklocal|wxwork|MicroMessenger)\/([\d.]+)/.exec(ua)
      const client = m ? ({ wxworklocal: 'wxworklocal', wxwork: 'wxwork', MicroMessenger: 'wechat' })[m[1]] : ''
      const platform = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : ''
      return { client, version: m ? m[2] : '', platform }
    }
    const matches = (e, f) =>
      (!f.profile || e.profile === f.profile) &&
      (!f.endpoint || e.endpoint === f.endpoint) &&
      (!f.failed || e.status >= 400) &&
      (!f.beforeId || e.id < f.beforeId) &&
      (!f.text?.trim() || [e.url, e.path, e.client].some((v) => (v ?? '').toLowerCase().includes(f.text.trim().toLowerCase())))
    async function call(target, userAgent = navigator.userAgent) {
      if (!server) throw new Error('the fake dev server is not running')
      const t0 = performance.now()
      const u = new URL(target)
      const e = {
        id: nextId++, time: new Date().toISOString(), profile: server.profile, client: '127.0.0.1', userAgent, app: parseUA(userAgent),
        method: 'GET', path: u.pathname, endpoint: 'other', url: '', allowed: false, status: 404, durationUs: 0,
      }
      const ep = ENDPOINTS.find(([, p]) => p === u.pathname)
      let body
      if (ep && (ep[0] === 'config-signature' || ep[0] === 'agent-signature')) {
        e.endpoint = ep[0]
        const pageURL = u.searchParams.get('url') ?? ''
        e.url = pageURL
        let host = ''
        try {
          host = new URL(pageURL).hostname
        } catch {
          host = ''
        }
        e.host = host
        const trusted = profileOf(server.profile)?.trustedDomains ?? []
        if (LOOPBACK.includes(host) || trusted.includes(host)) {
          const kind = ep[0] === 'config-signature' ? 'corp' : 'agent'
          if (!creds(server.profile)[kind]) issue(server.profile, kind)
          const ticket = creds(server.profile)[kind].value
          e.allowed = true
          e.decision = LOOPBACK.includes(host) ? 'loopback' : 'trusted domain'
          e.timestamp = String(Math.floor(Date.now() / 1000))
          e.nonceStr = random(16)
          const signature = await sha1(`jsapi_ticket=${ticket}&noncestr=${e.nonceStr}&timestamp=${e.timestamp}&url=${pageURL.split('#')[0]}`)
          e.signatures = [{ kind, ticketMasked: mask(ticket), signature }]
          e.status = 200
          body = { timestamp: e.timestamp, nonceStr: e.nonceStr, signature }
        } else {
          e.decision = 'host refused'
          e.status = 403
          e.code = 'HOST_NOT_ALLOWED'
          e.message = `${host} is not an allowed host; this server signs only for ${devStatus().allowedHosts.join(', ')}`
          body = { code: e.code, message: e.message }
        }
      } else {
        e.code = 'NOT_FOUND'
        e.message = `nothing is served at ${u.pathname}`
        body = { code: e.code, message: e.message }
      }
      e.durationUs = Math.max(1, Math.round((performance.now() - t0) * 1000))
      log.push(e)
      total++
      emit('devserver:requests', { entries: [e], more: 0, dropped: 0, total })
      return { status: e.status, body }
    }
    window.__wecomdevFakeDevServer = { call }
    const service = {
      Status: async () => devStatus(),
      Start: async (profile, addr) => {
        known(profile)
        let a = (addr ?? '').trim() || DEFAULT_ADDR
        const m = /^([^\s:]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(a)
        if (!m || Number(m[2]) > 65535) {
          server = null
          changed()
          throw `LISTEN_FAILED: cannot listen on ${a}: give host:port, like ${DEFAULT_ADDR}`
        }
        if (m[2] === '0') a = `${m[1]}:${40000 + Math.floor(Math.random() * 20000)}`
        server = { profile, addr: a, startedAt: Date.now() }
        return changed()
      },
      Stop: async () => {
        server = null
        return changed()
      },
      SaveVerifyFile: async (name, content) => {
        const n = (name ?? '').trim().replace(/^\//, '')
        if (!/^WW_verify_[A-Za-z0-9]{1,64}\.txt$/.test(n)) throw `VERIFY_FILE_INVALID: invalid verification file: the name "${n}" is not a WeCom verification file name`
        if (!(content ?? '').trim()) throw 'VERIFY_FILE_INVALID: invalid verification file: the content is empty'
        verify.set(n, content.trim())
        return changed()
      },
      DeleteVerifyFile: async (name) => {
        verify.delete(name)
        return changed()
      },
      Requests: async (f) => {
        const limit = Math.min(f?.limit > 0 ? f.limit : 200, 1000)
        return log.filter((e) => matches(e, f ?? {})).reverse().slice(0, limit)
      },
      Request: async (id) => {
        const e = log.find((x) => x.id === id)
        if (!e) throw `REQUEST_NOT_FOUND: no such request in the log (${id})`
        const signedUrl = e.url.split('#')[0]
        const loopback = LOOPBACK.includes(e.host ?? '')
        return {
          entry: e,
          breakdowns: (e.signatures ?? []).map((sg) => ({
            kind: sg.kind, url: e.url, signedUrl, timestamp: e.timestamp, nonceStr: e.nonceStr, ticketMasked: sg.ticketMasked,
            signStringMasked: `jsapi_ticket=${sg.ticketMasked}&noncestr=${e.nonceStr}&timestamp=${e.timestamp}&url=${signedUrl}`,
            signature: sg.signature,
            warnings: loopback ? [{ code: 'URL_LOCALHOST', detail: `host "${e.host}" is loopback` }] : [],
          })),
        }
      },
      ClearRequests: async () => {
        log = []
        total = 0
        return changed()
      },
    }
    return { service }
  }

  window.runtime = {
    EventsOnMultiple: (name, cb) => {
      const list = listeners.get(name) ?? []
      list.push(cb)
      listeners.set(name, list)
      return () => listeners.set(name, (listeners.get(name) ?? []).filter((x) => x !== cb))
    },
    EventsOff: (name) => listeners.delete(name),
    WindowSetDarkTheme: () => {},
    WindowSetLightTheme: () => {},
    WindowSetSystemDefaultTheme: () => {},
    ClipboardSetText: async () => true,
  }
}

async function gotoWithRetry(page, url, deadlineMs) {
  const until = Date.now() + deadlineMs
  let last
  while (Date.now() < until) {
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
      return
    } catch (err) {
      last = err
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  throw new Error(`could not open ${url}: ${String(last?.message ?? last).split('\n')[0]}`)
}

/** Waits until the shell is rendered and the settings have come back from Go. */
async function waitForApp(page) {
  await page.waitForSelector(byTestId('nav-settings'), { state: 'visible', timeout: 30_000 })
  await page.waitForSelector(`${byTestId('shell')}[data-settings-loaded="true"]`, { timeout: STEP_MS }).catch(() => {
    throw new Error('the shell rendered but the settings never loaded from Go (SettingsService.Get failed?)')
  })
}

/** Clicks a radio option and waits until the app shows it selected (i.e. Go accepted it). */
async function choose(page, testid) {
  await page.click(byTestId(testid), { timeout: STEP_MS })
  await page.waitForSelector(`${byTestId(testid)}.n-radio-button--checked`, { timeout: STEP_MS }).catch(() => {
    throw new Error(`"${testid}" did not become selected (did Go reject the change?)`)
  })
}

const isChecked = (page, testid) =>
  page.$eval(byTestId(testid), (el) => el.classList.contains('n-radio-button--checked'))
const htmlAttr = (page, name) => page.evaluate((n) => document.documentElement.getAttribute(n), name)
const navText = (page) => page.textContent(byTestId('nav-settings'), { timeout: STEP_MS }).then((t) => t?.trim())
/** Screenshot after Naive UI's colour transitions settle, with the mouse out of the way. */
async function screenshot(page, name) {
  await page.mouse.move(1150, 750)
  await page.waitForTimeout(1500)
  await page.screenshot({ path: path.join(ARTIFACTS, name) })
}

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor)

/** The body background transitions (0.3 s) when the theme changes: wait for it to settle on black. */
async function waitForBlackPage(page) {
  await page
    .waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(0, 0, 0)', null, { timeout: 5000 })
    .catch(async () => {
      throw new Error(`body background is ${await bodyBackground(page)}, want rgb(0, 0, 0)`)
    })
}

/** Opens an area from the sidebar and waits for its view. */
async function openArea(page, name, viewTestId) {
  await page.click(byTestId(`nav-${name}`), { timeout: STEP_MS })
  await page.waitForSelector(byTestId(viewTestId), { state: 'visible', timeout: STEP_MS })
}

/** Fills a Naive UI input (the data-testid sits on its wrapper). */
async function fill(page, testid, value) {
  await page.fill(`${byTestId(testid)} input`, value, { timeout: STEP_MS })
}

const textOf = async (page, testid) => ((await page.textContent(byTestId(testid), { timeout: STEP_MS })) ?? '').trim()
const attrOf = (page, testid, name) => page.getAttribute(byTestId(testid), name, { timeout: STEP_MS })

/** Clicks the positive button of a confirmation dialog when one is showing. */
async function confirmIfAsked(page, waitMs = 1500) {
  const ok = await page.waitForSelector(byTestId('confirm-ok'), { state: 'visible', timeout: waitMs }).catch(() => null)
  if (ok) {
    await ok.click()
    await page.waitForSelector(byTestId('confirm-ok'), { state: 'detached', timeout: STEP_MS })
  }
}

/** A masked credential: a short "ab…yz" form, never the value itself. */
function assertMasked(value, what) {
  if (!value || !value.includes('…') || value.length > 8) throw new Error(`${what} is not masked: ${JSON.stringify(value)}`)
}

/**
 * Calls the dev server as a page (or a phone) would: Node's fetch against the real
 * server; against the fake backend, the fake in the page answers (there is no socket).
 */
async function callDevServer(page, url, userAgent) {
  if (FAKE) return page.evaluate(([u, ua]) => window.__wecomdevFakeDevServer.call(u, ua), [url, userAgent])
  const res = await fetch(url, { headers: userAgent ? { 'User-Agent': userAgent } : {}, signal: AbortSignal.timeout(STEP_MS) })
  return { status: res.status, body: await res.json().catch(() => null) }
}

/** Chooses language and theme in Settings and waits until Go accepted both. */
async function setAppearance(page, lang, theme) {
  await openArea(page, 'settings', 'settings-view')
  await choose(page, `lang-${lang}`)
  await choose(page, `theme-${theme}`)
  await page.waitForFunction(([l, t]) => document.documentElement.lang === l && document.documentElement.dataset.theme === t, [lang, theme], {
    timeout: STEP_MS,
  })
}

const DEV_ADDR = '127.0.0.1:18787'
const DEV_BASE = `http://${DEV_ADDR}`
/** WeCom's in-app browser on an iPhone. */
const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh'
const DEV_PAGE = 'http://127.0.0.1:5173/'
const DEV_REFUSED = 'https://evil.example.com/'

const E2E_PROFILE = 'e2e-demo'
const E2E_SECRET = 'e2e-secret-value'
const SIGN_URL = 'https://example.com/page?a=1#frag'

async function main() {
  await mkdir(ARTIFACTS, { recursive: true })
  console.log(`UI check of ${URL}${FAKE ? ' (fake backend)' : ''}; screenshots in ${ARTIFACTS}`)

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' })
  context.setDefaultTimeout(STEP_MS)
  if (FAKE) await context.addInitScript(fakeBackend)
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (err) => pageErrors.push(String(err?.message ?? err)))

  const rendered = await check('the app renders and loads its settings from Go', async () => {
    await gotoWithRetry(page, URL, 30_000)
    await waitForApp(page)
  })
  if (!rendered) return finish(1)

  await check('start state: choosing 简体中文 and light is accepted', async () => {
    await openArea(page, 'settings', 'settings-view')
    await choose(page, 'lang-zh-CN')
    await choose(page, 'theme-light')
    assertEqual(await htmlAttr(page, 'lang'), 'zh-CN', '<html lang>')
    assertEqual(await htmlAttr(page, 'data-theme'), 'light', '<html data-theme>')
  })

  await check('the sidebar shows 设置', async () => {
    assertEqual(await navText(page), '设置', 'sidebar entry')
    await screenshot(page, 'light-zh.png')
  })

  await check('switching to English changes the visible text', async () => {
    await choose(page, 'lang-en-US')
    await page.waitForFunction(() => document.documentElement.lang === 'en-US', null, { timeout: STEP_MS })
    assertEqual(await navText(page), 'Settings', 'sidebar entry')
    const system = (await page.textContent(byTestId('lang-system')))?.trim()
    assertEqual(system, 'Follow system', 'language option label')
  })

  await check('switching to dark sets data-theme="dark" and a black page', async () => {
    await choose(page, 'theme-dark')
    assertEqual(await htmlAttr(page, 'data-theme'), 'dark', '<html data-theme>')
    await waitForBlackPage(page)
    await screenshot(page, 'dark-en.png')
  })

  await check('after a reload, English and dark are still chosen (stored by Go)', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' })
    await waitForApp(page)
    assertEqual(await htmlAttr(page, 'lang'), 'en-US', '<html lang>')
    assertEqual(await navText(page), 'Settings', 'sidebar entry')
    assertEqual(await htmlAttr(page, 'data-theme'), 'dark', '<html data-theme>')
    assertEqual(await isChecked(page, 'lang-en-US'), true, 'English selected')
    assertEqual(await isChecked(page, 'theme-dark'), true, 'Dark selected')
    await waitForBlackPage(page)
  })

  await check('About shows the version', async () => {
    await page.click(byTestId('about-button'))
    await page.waitForSelector(byTestId('about-version'), { state: 'visible' })
    const version = (await page.textContent(byTestId('about-version')))?.trim() ?? ''
    if (!version) throw new Error('the version text is empty')
    console.log(`     version: ${version}`)
    await screenshot(page, 'about.png')
    await page.click(byTestId('about-close'))
    await page.waitForSelector(byTestId('about-version'), { state: 'detached' })
  })


  // --- Tickets: the sandbox's credentials -------------------------------------------
  const masked = {}
  await check('Tickets: Fetch for "sandbox" shows three masked, valid credentials', async () => {
    await openArea(page, 'tickets', 'tickets-view')
    assertEqual(await attrOf(page, 'tickets-view', 'data-profile'), 'sandbox', 'profile shown')
    await page.click(byTestId('tickets-fetch'))
    for (const kind of ['token', 'corp', 'agent']) {
      await page
        .waitForSelector(`${byTestId(`cred-${kind}-state`)}[data-state="valid"]`, { timeout: 30_000 })
        .catch(async () => {
          const err = await page.textContent(byTestId('tickets-error')).catch(() => null)
          throw new Error(`${kind} did not become valid${err ? `: ${err.trim()}` : ''}`)
        })
      masked[kind] = await textOf(page, `cred-${kind}-masked`)
      assertMasked(masked[kind], `${kind} value`)
    }
  })

  await check('Tickets: the time to live counts down', async () => {
    const before = Number(await attrOf(page, 'cred-corp-ttl', 'data-ttl-ms'))
    const beforeText = await textOf(page, 'cred-corp-ttl')
    if (!(before > 0)) throw new Error(`time to live is ${before} ms`)
    await page.waitForTimeout(2200)
    const after = Number(await attrOf(page, 'cred-corp-ttl', 'data-ttl-ms'))
    const afterText = await textOf(page, 'cred-corp-ttl')
    if (!(after < before)) throw new Error(`time to live did not decrease: ${before} → ${after} ms`)
    if (afterText === beforeText) throw new Error(`the countdown text stayed ${JSON.stringify(afterText)}`)
    console.log(`     corp ticket TTL ${beforeText} → ${afterText}`)
  })

  await check('Tickets: the hourly budget counts the fetches', async () => {
    // Tickets cached by an earlier run (they survive restarts) are reused by Fetch and
    // cost no budget: then force one fetch of each kind so the counts are this run's.
    for (const [kind, key] of [['corp', 'corp'], ['agent', 'app']]) {
      if (Number(await attrOf(page, `budget-${key}`, 'data-used')) > 0) continue
      await page.click(byTestId(`cred-${kind}-refresh`))
      await confirmIfAsked(page)
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.getAttribute('data-used')) > 0,
        `[data-testid="budget-${key}"]`,
        { timeout: 20_000 },
      )
      masked[kind] = await textOf(page, `cred-${kind}-masked`)
    }
    const corp = `${await attrOf(page, 'budget-corp', 'data-used')}/${await attrOf(page, 'budget-corp', 'data-limit')}`
    const app = `${await attrOf(page, 'budget-app', 'data-used')}/${await attrOf(page, 'budget-app', 'data-limit')}`
    console.log(`     budget this hour: corp ${corp}, app ${app}`)
    await screenshot(page, 'tickets.png')
  })

  // --- Signature ----------------------------------------------------------------------
  await check('Signature: Enter signs a URL with a #fragment for both kinds', async () => {
    await openArea(page, 'sign', 'sign-view')
    await fill(page, 'sign-url', SIGN_URL)
    await page.press(`${byTestId('sign-url')} input`, 'Enter')
    await page.waitForSelector(byTestId('sign-result'), { state: 'visible', timeout: 30_000 }).catch(async () => {
      const err = await page.textContent(byTestId('sign-error')).catch(() => null)
      throw new Error(`no signature${err ? `: ${err.trim()}` : ''}`)
    })
    const signatures = []
    for (const kind of ['corp', 'agent']) {
      const sig = await textOf(page, `sign-${kind}-signature`)
      if (!/^[0-9a-f]{40}$/.test(sig)) throw new Error(`${kind} signature is not 40 hex digits: ${JSON.stringify(sig)}`)
      signatures.push(sig)
      assertEqual(await textOf(page, `sign-${kind}-signed-url`), 'https://example.com/page?a=1', `${kind} signed URL`)
      const hash = await page.$(`${byTestId(`sign-${kind}-warnings`)} [data-code="URL_HAS_HASH"]`)
      if (!hash) throw new Error(`${kind}: no URL_HAS_HASH warning`)
      const signString = await textOf(page, `sign-${kind}-sign-string`)
      const m = /^jsapi_ticket=([^&]*)&noncestr=[^&]+&timestamp=\d+&url=(.*)$/.exec(signString)
      if (!m) throw new Error(`${kind} sign string has an unexpected form: ${JSON.stringify(signString)}`)
      assertMasked(m[1], `${kind} ticket in the sign string`)
      assertEqual(m[2], 'https://example.com/page?a=1', `${kind} URL in the sign string`)
    }
    if (signatures[0] === signatures[1]) throw new Error('config and agentConfig have the same signature (same ticket?)')
    const register = await textOf(page, 'sign-register')
    if (!register.includes('ww.register')) throw new Error(`the snippet has no ww.register: ${JSON.stringify(register.slice(0, 80))}`)
    await screenshot(page, 'sign.png')
  })

  await check('Signature: config uses the corp ticket and agentConfig the app ticket', async () => {
    assertEqual(await textOf(page, 'sign-corp-ticket'), masked.corp, 'ticket of config (corp ticket in Tickets)')
    assertEqual(await textOf(page, 'sign-agent-ticket'), masked.agent, 'ticket of agentConfig (app ticket in Tickets)')
  })

  // --- Dev server ---------------------------------------------------------------------
  const devRow = (status) => `${byTestId('devserver-row')}[data-status="${status}"][data-endpoint="config-signature"]`
  const devRunning = (page, running) =>
    page.waitForSelector(`${byTestId('devserver-state')}[data-running="${running}"]`, { timeout: 20_000 })
  const devStarted = await check(`Dev server: start for "sandbox" on ${DEV_ADDR} shows the endpoint URLs`, async () => {
    await openArea(page, 'devserver', 'devserver-view')
    await page.waitForSelector(byTestId('devserver-state'), { state: 'visible' })
    if ((await attrOf(page, 'devserver-state', 'data-running')) === 'true') {
      await page.click(byTestId('devserver-stop')) // left running by an aborted run
      await devRunning(page, 'false')
    }
    assertEqual(await textOf(page, 'devserver-profile'), 'sandbox', 'profile chosen')
    await fill(page, 'devserver-addr', DEV_ADDR)
    await page.click(byTestId('devserver-start'))
    await devRunning(page, 'true').catch(async () => {
      const err = await page.textContent(byTestId('devserver-error')).catch(() => null)
      throw new Error(`the dev server did not start${err ? `: ${err.trim()}` : ''}`)
    })
    assertEqual(await textOf(page, 'devserver-base-url'), DEV_BASE, 'base URL')
    for (const [name, p] of [
      ['config-signature', '/api/jssdk/config-signature?url='],
      ['agent-signature', '/api/jssdk/agent-signature?url='],
      ['config', '/api/jssdk/config?url='],
      ['customers', '/api/customers?userId='],
    ]) {
      assertEqual(await textOf(page, `devserver-endpoint-${name}`), `${DEV_BASE}${p}`, `${name} URL`)
      await page.waitForSelector(byTestId(`devserver-endpoint-${name}-copy`), { state: 'visible' })
    }
    const snippet = await textOf(page, 'devserver-snippet')
    for (const part of [
      `const BASE = '${DEV_BASE}'`,
      "getConfigSignature: url => fetch(BASE + '/api/jssdk/config-signature?url=' + encodeURIComponent(url)).then(r => r.json())",
      "getAgentConfigSignature: url => fetch(BASE + '/api/jssdk/agent-signature?url=' + encodeURIComponent(url)).then(r => r.json())",
    ]) {
      if (!snippet.includes(part)) throw new Error(`the ww.register snippet lacks ${JSON.stringify(part)}`)
    }
    if (!(await page.$(`${byTestId('devserver-host')}[data-kind="loopback"]`))) throw new Error('no loopback host among the allowed hosts')
  })

  let signed = null
  const devLogged =
    devStarted &&
    (await check('Dev server: an allowed page is signed (200), a foreign host refused (403), both logged live', async () => {
      const ok = await callDevServer(page, `${DEV_BASE}/api/jssdk/config-signature?url=${encodeURIComponent(DEV_PAGE)}`, WECOM_UA)
      assertEqual(ok.status, 200, `status for ${DEV_PAGE}`)
      if (!/^[0-9a-f]{40}$/.test(ok.body?.signature ?? '')) throw new Error(`no signature in ${JSON.stringify(ok.body)}`)
      signed = ok.body
      const refused = await callDevServer(page, `${DEV_BASE}/api/jssdk/config-signature?url=${encodeURIComponent(DEV_REFUSED)}`)
      assertEqual(refused.status, 403, `status for ${DEV_REFUSED}`)
      assertEqual(refused.body?.code, 'HOST_NOT_ALLOWED', 'error code of the refused page')
      // No reload: the rows must arrive through devserver:requests.
      await page.waitForSelector(devRow(200), { timeout: STEP_MS }).catch(() => {
        throw new Error('the 200 request did not appear in the log')
      })
      await page.waitForSelector(`${devRow(403)}[data-decision="host refused"]`, { timeout: STEP_MS }).catch(() => {
        throw new Error('the 403 request did not appear in the log as "host refused"')
      })
      const okText = (await page.textContent(devRow(200))) ?? ''
      for (const part of ['127.0.0.1', '4.1.22', 'iOS', DEV_PAGE, signed.signature.slice(0, 8)]) {
        if (!okText.includes(part)) throw new Error(`the 200 row lacks ${JSON.stringify(part)}: ${JSON.stringify(okText.trim().slice(0, 200))}`)
      }
      const first = await page.getAttribute(byTestId('devserver-row'), 'data-status')
      assertEqual(first, '403', 'newest row on top')
      const totalSeen = Number(await attrOf(page, 'devserver-total', 'data-total'))
      if (!(totalSeen >= 2)) throw new Error(`the request counter shows ${totalSeen}`)
    }))

  if (devLogged) {
    await check('Dev server: the 200 row opens with its masked sign string', async () => {
      await page.click(devRow(200))
      await page.waitForSelector(byTestId('devserver-detail'), { state: 'visible' })
      await page.waitForSelector(byTestId('devserver-detail-corp-sign-string'), { state: 'visible' }).catch(async () => {
        const err = await page.textContent(byTestId('devserver-detail-lookup-error')).catch(() => null)
        throw new Error(`no breakdown in the detail${err ? `: ${err.trim()}` : ''}`)
      })
      const signString = await textOf(page, 'devserver-detail-corp-sign-string')
      const m = /^jsapi_ticket=([^&]*)&noncestr=([^&]+)&timestamp=(\d+)&url=(.*)$/.exec(signString)
      if (!m) throw new Error(`the sign string has an unexpected form: ${JSON.stringify(signString)}`)
      assertMasked(m[1], 'ticket in the sign string')
      assertEqual(m[2], signed.nonceStr, 'nonceStr in the sign string (the one the client got)')
      assertEqual(m[3], signed.timestamp, 'timestamp in the sign string')
      assertEqual(m[4], DEV_PAGE, 'URL in the sign string')
      assertEqual(await textOf(page, 'devserver-detail-corp-signature'), signed.signature, 'signature in the detail')
      await page.setViewportSize({ width: 1200, height: 1000 })
      await page.waitForSelector('.n-message', { state: 'detached', timeout: 8000 }).catch(() => {}) // the toasts of Start
      await screenshot(page, 'devserver-detail-dark-en.png')
      await page.keyboard.press('Escape')
      await page.waitForSelector(byTestId('devserver-detail'), { state: 'detached' })
      await page.setViewportSize({ width: 1200, height: 800 })
    })

    await check('Dev server: screenshots in light and dark, zh-CN and en-US', async () => {
      // A tall window, so one picture shows the whole page down to the log.
      await page.setViewportSize({ width: 1200, height: 1700 })
      try {
        for (const [lang, theme] of [
          ['en-US', 'dark'],
          ['zh-CN', 'dark'],
          ['zh-CN', 'light'],
          ['en-US', 'light'],
        ]) {
          await setAppearance(page, lang, theme)
          await openArea(page, 'devserver', 'devserver-view')
          await page.waitForSelector(devRow(403), { timeout: STEP_MS })
          await screenshot(page, `devserver-${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}.png`)
          if (lang === 'zh-CN' && theme === 'light') {
            await page.click(devRow(403))
            await page.waitForSelector(byTestId('devserver-detail-message'), { state: 'visible' })
            await screenshot(page, 'devserver-detail-light-zh.png')
            await page.keyboard.press('Escape')
            await page.waitForSelector(byTestId('devserver-detail'), { state: 'detached' })
          }
        }
      } finally {
        await page.setViewportSize({ width: 1200, height: 800 })
        await setAppearance(page, 'en-US', 'dark')
      }
    })
  }

  if (devStarted) {
    await check('Dev server: Stop stops it', async () => {
      await openArea(page, 'devserver', 'devserver-view')
      await page.click(byTestId('devserver-stop'))
      await devRunning(page, 'false')
      await page.waitForSelector(byTestId('devserver-endpoints-none'), { state: 'visible' })
      if (!FAKE) {
        const answered = await fetch(`${DEV_BASE}/`, { signal: AbortSignal.timeout(3000) }).then(
          () => true,
          () => false,
        )
        if (answered) throw new Error(`${DEV_BASE} still answers after Stop`)
      }
    })
  }

  // --- Profiles -----------------------------------------------------------------------
  let sandboxApiBase = ''
  await check('Profiles: the keychain is available and the sandbox profile is listed', async () => {
    await openArea(page, 'profiles', 'profiles-view')
    await page.waitForSelector(byTestId('profile-row-sandbox'), { state: 'visible' })
    await page.waitForSelector(byTestId('keychain-status'), { state: 'visible' })
    if ((await attrOf(page, 'keychain-status', 'data-available')) !== 'true') {
      throw new Error(`keychain not available: ${await textOf(page, 'keychain-status')}`)
    }
    assertEqual(await attrOf(page, 'profile-secret-state-sandbox', 'data-state'), 'builtin', 'sandbox secret state')
    sandboxApiBase = await textOf(page, 'profile-api-base-sandbox')
    if (!/^https?:\/\//.test(sandboxApiBase)) throw new Error(`sandbox API base is ${JSON.stringify(sandboxApiBase)}`)
    console.log(`     sandbox API base: ${sandboxApiBase}`)
  })

  /** Removes the test profile through the UI and waits until its row is gone. */
  async function removeE2EProfile() {
    await page.click(byTestId(`profile-remove-${E2E_PROFILE}`))
    await page.click(byTestId('confirm-ok'))
    await page.waitForSelector(byTestId(`profile-row-${E2E_PROFILE}`), { state: 'detached' })
  }

  const added = await check(`Profiles: add "${E2E_PROFILE}"`, async () => {
    if (await page.$(byTestId(`profile-row-${E2E_PROFILE}`))) await removeE2EProfile() // left by an aborted run
    await page.click(byTestId('profile-add'))
    await page.waitForSelector(byTestId('profile-form'), { state: 'visible' })
    await fill(page, 'profile-name', E2E_PROFILE)
    await fill(page, 'profile-corp-id', 'ww5andb0x0000001')
    await fill(page, 'profile-agent-id', '1000002')
    await fill(page, 'profile-api-base', sandboxApiBase)
    await page.click(byTestId('profile-save'))
    await page.waitForSelector(byTestId(`profile-row-${E2E_PROFILE}`), { state: 'visible' }).catch(async () => {
      const err = await page.textContent(byTestId('profile-form-error')).catch(() => null)
      throw new Error(`the profile was not added${err ? `: ${err.trim()}` : ''}`)
    })
    await page.waitForSelector(byTestId('profile-form'), { state: 'hidden' })
    assertEqual(await textOf(page, `profile-api-base-${E2E_PROFILE}`), sandboxApiBase, 'API base')
  })

  if (added) {
    await check('Profiles: set a secret; it is stored in the keychain', async () => {
      await page.click(byTestId(`profile-secret-set-${E2E_PROFILE}`))
      await fill(page, 'secret-input', E2E_SECRET)
      await page.click(byTestId('secret-save'))
      await page
        .waitForSelector(`${byTestId(`profile-secret-state-${E2E_PROFILE}`)}[data-state="stored"]`, { timeout: 20_000 })
        .catch(async () => {
          throw new Error(`secret state is ${await attrOf(page, `profile-secret-state-${E2E_PROFILE}`, 'data-state')}, want stored`)
        })
      assertEqual(await textOf(page, `profile-secret-masked-${E2E_PROFILE}`), '••••••••', 'masked secret')
    })

    await check('Profiles: reveal shows the secret, hide masks it again', async () => {
      await page.click(byTestId(`profile-secret-reveal-${E2E_PROFILE}`))
      await page.waitForSelector(byTestId(`profile-secret-value-${E2E_PROFILE}`), { state: 'visible', timeout: 20_000 })
      assertEqual(await textOf(page, `profile-secret-value-${E2E_PROFILE}`), E2E_SECRET, 'revealed secret')
      await page.click(byTestId(`profile-secret-hide-${E2E_PROFILE}`))
      await page.waitForSelector(byTestId(`profile-secret-value-${E2E_PROFILE}`), { state: 'detached' })
      const body = (await page.textContent('body')) ?? ''
      if (body.includes(E2E_SECRET)) throw new Error('the secret is still on the page after Hide')
      await screenshot(page, 'profiles.png')
    })

    await check(`Profiles: remove "${E2E_PROFILE}"`, async () => {
      await removeE2EProfile()
    })
  }

  await check('cleanup: both back to follow system', async () => {
    await openArea(page, 'settings', 'settings-view')
    await choose(page, 'lang-system')
    await choose(page, 'theme-system')
    const lang = await htmlAttr(page, 'lang')
    const theme = await htmlAttr(page, 'data-theme')
    if (!['zh-CN', 'en-US'].includes(lang)) throw new Error(`<html lang> is ${JSON.stringify(lang)}`)
    if (!['light', 'dark'].includes(theme)) throw new Error(`<html data-theme> is ${JSON.stringify(theme)}`)
  })

  await check('no uncaught errors in the page', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join(' | '))
  })

  return finish(failed ? 1 : 0)
}

main().catch(async (err) => {
  failed++
  console.error(`FAIL ${String(err?.message ?? err).split('\n')[0]}`)
  await finish(1)
})
