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
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds  (default 900)
//   WECOMDEV_UI_FAKE=1     inject a fake in-page Go backend (localStorage-backed) so
//                          the selectors can be checked against plain `npm run dev`
//                          (http://localhost:5173). Not a substitute for the real run.
//
// Besides Settings and About it drives Tickets (fetch the sandbox's credentials),
// Signature (sign a URL with a #fragment), Dev server (start it for the sandbox, call
// its signing endpoint from this script for an allowed and a refused page, watch both
// requests arrive in the log, open one, diagnose it in the forensics; with the upstream
// field empty, toggle the WeCom client emulator, open its test page in a second page and
// watch the emulator's config / agentConfig verifications arrive, open one's Report,
// follow a failed one (trailing slash) to the URL diff, create a customer group on the
// test page and see its chatId ↔ label in the console; stop it),
// Tunnel (start a command tunnel at a public URL, see it up, the "signing only" banner, the
// QR code, the tunnel host among the dev server's allowed hosts; stop it),
// Diagnose (the URL diff of a trailing slash and an extra parameter, the explainer of
// "config:invalid signature", a deep link, the endpoint audit of the dev server's own
// signing endpoint), Join way (list the sandbox's customer groups, create a join way for
// the sales group with a state and see its QR image load, fill the buffer pool and take
// two groups until the low banner and the navigation badge show, run a batch of three
// test codes to its zip, release a group) and Profiles (add a profile, store, reveal and hide a secret in the
// real keychain, remove the profile). Every check reads
// the page through data-testid and data-* attributes, never through fake-only state.
// The one fake-only hook is how a request reaches the dev server: against the fake
// backend there is no server to fetch from, so callDevServer asks the fake in the page,
// and so do openTestPage and createGroup (the real run drives the real test page).
//
// Prints one line per check and finally exactly "N passed, M failed";
// exits 0 only when nothing failed.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { launchChromium, Tally } from './harness.mjs'

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const URL = process.env.WECOMDEV_UI_URL || 'http://localhost:34115'
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 900) * 1000
const FAKE = process.env.WECOMDEV_UI_FAKE === '1'
const STEP_MS = 10_000

const tally = new Tally()
let browser = null

const summary = () => tally.summary()

async function finish(code) {
  clearTimeout(overall)
  if (browser) await browser.close().catch(() => {})
  summary()
  process.exit(code)
}

const overall = setTimeout(() => {
  tally.fail(`overall: the UI check did not finish within ${OVERALL_MS / 1000} s`)
  if (browser) browser.close().catch(() => {})
  summary()
  process.exit(1)
}, OVERALL_MS)

/** Runs one named check; a failure is counted and reported, and the run goes on. */
const check = (name, fn) => tally.check(name, fn)

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
      DiagnoseService: fakeDiagnose(),
      TunnelService: fakeTunnel(fakeDev),
      JoinWayService: fakeJoinWay(),
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
  // request with window.__wecomdevFakeDevServer.call(url, userAgent), the test page under
  // the emulator with openTestPage(search), and its create-customer-group flow with
  // createGroup(label).
  function fakeDevServer() {
    const DEFAULT_ADDR = '127.0.0.1:8787'
    const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']
    const ENDPOINTS = [
      ['config-signature', '/api/jssdk/config-signature', '?url='],
      ['agent-signature', '/api/jssdk/agent-signature', '?url='],
      ['config', '/api/jssdk/config', '?url='],
      ['customers', '/api/customers', '?userId='],
    ]
    let server = null // { profile, addr, startedAt, upstream }
    let emulate = false
    let tunnelHost = ''
    const chats = [] // newest first
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
        allowedHosts: server ? [...LOOPBACK, ...trusted, ...(tunnelHost ? [tunnelHost] : [])] : [],
        tunnelHost: server ? tunnelHost : '',
        verifyFiles: [...verify.keys()].sort().map((name) => ({ name, content: verify.get(name), url: server ? `${base}/${name}` : '' })),
        requests: total,
        dropped: 0,
        upstream: server?.upstream ?? '',
        emulate,
        testPageUrl: server ? `${base}/__wecomdev/test/` : '',
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
    /** Logs an entry as Go's log does and sends it live. */
    function logEntry(e) {
      e.id = nextId++
      log.push(e)
      total++
      emit('devserver:requests', { entries: [e], more: 0, dropped: 0, total })
      return e
    }
    const phoneEntry = (over) => ({
      time: new Date().toISOString(), profile: server.profile, client: '127.0.0.1', userAgent: `${navigator.userAgent} wxwork/4.1.22`,
      app: { client: 'wxwork', version: '4.1.22', platform: 'Linux' }, method: 'POST', allowed: true, status: 200, durationUs: 850, ...over,
    })
    /** The test page under the emulator: config.json, then the emulator's verifications of config and agentConfig. */
    async function openTestPage(search = '') {
      if (!server) throw new Error('the fake dev server is not running')
      const page = `http://${server.addr}/__wecomdev/test/${search}`
      logEntry(phoneEntry({ method: 'GET', path: '/__wecomdev/config.json', endpoint: 'phone', url: '' }))
      if (!emulate) {
        return { status: 200, emulated: false }
      }
      const mistake = /mistake=trailing-slash/.test(search)
      const pageCut = page.split('#')[0]
      for (const api of ['config', 'agentConfig']) {
        const kind = api === 'config' ? 'corp' : 'agent'
        for (const k of ['corp', 'agent']) if (!creds(server.profile)[k]) issue(server.profile, k)
        const timestamp = String(Math.floor(Date.now() / 1000))
        const nonceStr = random(16)
        const ticket = creds(server.profile)[kind].value
        const toggled = new URL(pageCut)
        toggled.pathname = toggled.pathname.endsWith('/') ? toggled.pathname.slice(0, -1) : `${toggled.pathname}/`
        const signedUrl = mistake && api === 'config' ? toggled.href : pageCut
        const signature = await sha1(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signedUrl}`)
        const expected = await sha1(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${pageCut}`)
        const ok = signature === expected
        const errMsg = ok ? `${api}:ok` : `${api}:invalid signature`
        const T = (zh, en) => ({ 'zh-CN': zh, 'en-US': en })
        const params = api === 'config'
          ? { appId: 'ww5andb0x0000001', timestamp, nonceStr, signature, jsApiList: ['getContext'] }
          : { corpId: 'ww5andb0x0000001', agentId: '1000002', timestamp, nonceStr, signature, jsApiList: ['getContext'] }
        const report = {
          type: 'verify', api, ok, errMsg, message: errMsg, params, result: { errMsg }, pageUrl: page, signature, expectedSignature: expected,
          verdict: ok ? 'OK' : 'URL_VARIANT', signedUrl,
          findings: ok ? [] : [{
            code: 'TRAILING_SLASH',
            message: T(`签名的路径与页面路径只差末尾的 "/"。`, 'The signed path and the page\'s differ by a trailing "/".'),
            fix: T('逐字按浏览器显示的 URL 签名。', 'Sign the URL the browser shows, character for character.'),
            signed: new URL(signedUrl).pathname, page: new URL(pageCut).pathname,
          }],
          warnings: [{ code: 'LOOPBACK', message: T('页面在本机地址上：手机上的企业微信会回答 invalid url domain。', 'the page is on loopback: WeCom on a phone answers invalid url domain.') }],
          explanation: ok ? undefined : T(`签名的是页面 URL 的变体：${signedUrl}`, `The signature was made over a variant of the page URL: ${signedUrl}`),
        }
        logEntry(phoneEntry({
          path: '/__wecomdev/emulator/verify', endpoint: 'emulator', url: page, host: '127.0.0.1', decision: 'loopback',
          timestamp, nonceStr, message: ok ? errMsg : `${errMsg} [URL_VARIANT TRAILING_SLASH]`, report,
        }))
      }
      return { status: 200, emulated: true }
    }
    /** The test page's create-customer-group flow: a made-up chatId stored with the label. */
    function createGroup(label) {
      if (!server) throw new Error('the fake dev server is not running')
      const chatId = `wr${random(30)}`
      chats.unshift({ chatId, label, profile: server.profile, createdAt: new Date().toISOString() })
      logEntry(phoneEntry({ path: '/__wecomdev/chat', endpoint: 'chat', url: `chatId=${chatId}`, report: { type: 'chat', ok: true, message: label, chatId } }))
      return chatId
    }
    /** A page's report event (POST /__wecomdev/report), logged as Go logs it. */
    function report(ev) {
      logEntry(phoneEntry({ path: '/__wecomdev/report', endpoint: 'report', url: ev.pageUrl, host: '127.0.0.1', status: 202, message: ev.errMsg, report: ev }))
    }
    window.__wecomdevFakeDevServer = { call, openTestPage, createGroup, report }
    const service = {
      Status: async () => devStatus(),
      Start: async (profile, addr, upstream) => {
        known(profile)
        const up = (upstream ?? '').trim()
        if (up && !/^https?:\/\/[^\s/?#]+/i.test(up)) {
          throw `UPSTREAM_INVALID: upstream "${up}": give the dev server's URL, like http://localhost:5173`
        }
        let a = (addr ?? '').trim() || DEFAULT_ADDR
        const m = /^([^\s:]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(a)
        if (!m || Number(m[2]) > 65535) {
          server = null
          changed()
          throw `LISTEN_FAILED: cannot listen on ${a}: give host:port, like ${DEFAULT_ADDR}`
        }
        if (m[2] === '0') a = `${m[1]}:${40000 + Math.floor(Math.random() * 20000)}`
        server = { profile, addr: a, startedAt: Date.now(), upstream: up }
        return changed()
      },
      SetEmulator: async (on) => {
        emulate = !!on
        return changed()
      },
      ChatLabels: async (profile) => chats.filter((c) => c.profile === profile),
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
    const tunnelSide = {
      running: () => !!server,
      trusted: () => (server ? (profileOf(server.profile)?.trustedDomains ?? []) : []),
      setTunnelHost: (host) => {
        if (tunnelHost === host) return
        tunnelHost = host
        changed()
      },
    }
    return { service, tunnelSide }
  }

  // --- tunnel (in memory): a cmd: tunnel is "up" at its public URL at once; the QR code
  // is a fixed PNG (a real one needs Go's encoder), enough for the <img> checks.
  function fakeTunnel(fakeDev) {
    const dev = fakeDev.tunnelSide
    const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='
    let t = null // { spec, provider, publicUrl }
    const down = () => ({ provider: '', state: 'down', at: new Date().toISOString(), attempt: 0 })
    function view() {
      if (!t) return { running: false, spec: '', status: down(), output: [], hostKey: null, reach: null, nginx: '', sshd: '' }
      const host = new URL(t.publicUrl).host
      const trusted = dev.trusted()
      const isTrusted = trusted.includes(host)
      return {
        running: true,
        spec: t.spec,
        status: { provider: t.provider, state: 'up', publicUrl: t.publicUrl, urls: [t.publicUrl], at: new Date().toISOString(), attempt: 1 },
        output: [`$ ${t.spec.slice(4)}`],
        hostKey: null,
        reach: {
          host,
          level: isTrusted ? 'page-and-signing' : 'signing-only',
          reasons: [isTrusted ? { 'zh-CN': '可信域名', 'en-US': 'a trusted domain' } : { 'zh-CN': `${host} 不是可信域名`, 'en-US': `${host} is not a trusted domain` }],
          corsOrigin: !isTrusted && trusted.length ? `https://${trusted[0]}` : '',
          snippet: { 'zh-CN': `const SIGNER = '${t.publicUrl}'`, 'en-US': `const SIGNER = '${t.publicUrl}'` },
          needsVerifyFile: false,
        },
        nginx: '',
        sshd: '',
      }
    }
    const changed = () => {
      const v = view()
      emit('tunnel:status', v)
      return v
    }
    return {
      Status: async () => view(),
      Start: async (input) => {
        const spec = (input?.spec ?? '').trim()
        if (!spec.startsWith('cmd:') || spec.length < 5) throw `TUNNEL_INVALID: the fake backend runs cmd: tunnels only (got "${spec}")`
        if (!/^https?:\/\//.test(input.publicUrl ?? '')) throw 'TUNNEL_INVALID: cmd: needs --public-url or --public-url-pattern'
        if (!dev.running()) throw 'DEVSERVER_STOPPED: start the dev server first: the tunnel forwards to it'
        t = { spec, provider: 'cmd', publicUrl: input.publicUrl.replace(/\/+$/, '') }
        dev.setTunnelHost(new URL(t.publicUrl).hostname)
        return changed()
      },
      Stop: async () => {
        t = null
        dev.setTunnelHost('')
        return changed()
      },
      AcceptHostKey: async () => {
        throw 'HOSTKEY_NONE: no unknown host key is waiting to be accepted'
      },
      SetSecret: async (item, value) => {
        if (!['ssh-passphrase', 'ssh-password', 'ngrok-authtoken'].includes(item)) throw `TUNNEL_INVALID: unknown tunnel secret "${item}"`
        if (!(value ?? '').trim()) throw `TUNNEL_INVALID: the ${item} is empty`
      },
      QRCode: async (text) => {
        if (!text) throw 'QR_INVALID: nothing to encode'
        return PNG
      },
      SaveQRCode: async () => `/tmp/fake/wecomdev-qr-${Date.now()}.png`,
    }
  }

  // --- join way (in memory): the sandbox's customer groups, a registry, the pool and
  // batches; every QR image is the same tiny PNG (enough for the <img> checks).
  function fakeJoinWay() {
    const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='
    const groups = [
      ['wr5andb0xSa1esGroupAAAAAAAAAAAAA', '销售客服群', 'zhangsan', 0],
      ['wr5andb0xAfterSa1esAAAAAAAAAAAAA', '售后服务群', 'lisi', 0],
      ['wr5andb0xP00l1AAAAAAAAAAAAAAAAAA', '入群池1', 'zhangsan', 0],
      ['wr5andb0xP00l2AAAAAAAAAAAAAAAAAA', '入群池2', 'zhangsan', 0],
      ['wr5andb0xP00l3AAAAAAAAAAAAAAAAAA', '入群池3', 'lisi', 0],
      ['wr5andb0xRes1gnedAAAAAAAAAAAAAAA', '老客户群', 'wangwu', 1],
    ]
    const entries = [] // newest first
    const pool = [] // { chatId, name, addedAt }
    const labels = new Map() // chatId -> { label, configId, source, createdAt }
    let threshold = 3
    let nextId = 1
    let batchTimer = null
    let batchFinish = null
    const now = () => new Date().toISOString()
    const group = (id) => groups.find((g) => g[0] === id)
    const hex = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
    function check(c) {
      if (!c.chatIds?.length) throw 'JOINWAY_INVALID: invalid chats: none given; a join way needs 1 to 5 customer groups'
      if (c.chatIds.length > 5) throw `JOINWAY_INVALID: invalid chats: ${c.chatIds.length} given, WeCom allows at most 5 per join way`
      if ([...(c.state ?? '')].length > 30) throw 'JOINWAY_INVALID: invalid state: WeCom allows at most 30 characters; shorten it'
      const bad = c.chatIds.find((id) => !group(id))
      if (bad) throw `WECOM_40050: wecom externalcontact/groupchat/add_join_way: errcode 40050: invalid group id (${bad})`
      const warn = []
      if ([...(c.remark ?? '')].length > 30) warn.push({ code: 'REMARK_TRUNCATED', message: `the remark has ${[...c.remark].length} characters; WeCom keeps the first 30` })
      if (c.scene === 1) warn.push({ code: 'NO_QR_CODE', message: 'scene 1 is the mini-program plugin: WeCom returns no QR code for it' })
      return warn
    }
    function ensure(c) {
      const warnings = check(c)
      const same = c.state && entries.find((e) => e.config.state === c.state && e.status !== 'abandoned')
      if (same) {
        if ([...same.config.chatIds].sort().join() !== [...c.chatIds].sort().join()) {
          throw `JOINWAY_STATE_IN_USE: state "${c.state}" already belongs to join way ${same.configId} (chats [${same.config.chatIds.join(' ')}]); update that config, delete it, or use another state`
        }
        return { entry: same, reused: true, warnings }
      }
      const t = now()
      const e = {
        id: nextId++, profile: 'sandbox', configId: hex(), status: 'ready', config: { ...c, chatIds: [...c.chatIds] },
        qrUrl: `https://wework.qpic.cn/wwpic/${hex()}/0`, joinLink: `https://work.weixin.qq.com/gm/${hex()}`,
        hasImage: c.scene !== 1, intentAt: t, createdAt: t, updatedAt: t, readAt: t,
      }
      entries.unshift(e)
      return { entry: e, reused: false, warnings }
    }
    function status() {
      const used = pool.filter((g) => labels.has(g.chatId)).length
      const free = pool.length - used
      return { profile: 'sandbox', free, used, threshold, low: pool.length > 0 && free < threshold }
    }
    function poolView() {
      const list = pool.map((g) => {
        const l = labels.get(g.chatId)
        return { ...g, free: !l, ...(l ? { label: l.label, configId: l.configId, takenAt: l.createdAt } : {}) }
      })
      return { groups: [...list.filter((g) => g.free), ...list.filter((g) => !g.free)], status: status() }
    }
    const changed = () => {
      emit('joinway:pool', status())
      return poolView()
    }
    const byId = (id) => {
      const e = entries.find((x) => x.id === id)
      if (!e) throw 'JOINWAY_NOT_FOUND: not in the join-way registry'
      return e
    }
    return {
      Defaults: async () => ({ scene: 2, remark: '', autoCreateRoom: true, roomBaseName: '', roomBaseId: 0, chatIds: [], state: '', markSource: true }),
      Validate: async (c) => check(c),
      Groups: async (_p, q) => {
        // As the sandbox and WeCom do (doc 93414; docs/wecom-facts.md): a group whose owner
        // left (status 1) is listed only when owner_filter names that owner.
        const rows = groups
          .filter((g) => !q.statusFilter || g[3] === q.statusFilter)
          .filter((g) => (q.owners?.length ? q.owners.includes(g[2]) : g[3] !== 1))
        return { groups: rows.map((g) => ({ chat_id: g[0], status: g[3] })), nextCursor: '' }
      },
      Group: async (_p, id) => {
        const g = group(id)
        if (!g) throw 'WECOM_40050: invalid group id'
        const members = [{ userid: g[2], type: 1, join_time: 1714550400, join_scene: 1, name: g[2] }]
        if (id === groups[0][0]) members.push({ userid: 'wm5andb0xChen', type: 2, join_time: 1714636800, join_scene: 3, name: '陈晓明', state: 'sandbox-qr-1' })
        return { chat_id: id, name: g[1], owner: g[2], create_time: 1714550400, notice: '', member_list: members, admin_list: [], member_version: 'v1' }
      },
      List: async () => entries.map((e) => ({ ...e })),
      Create: async (_p, c) => ensure(c),
      Read: async (_p, id) => {
        const e = entries.find((x) => x.configId === id)
        if (!e) throw 'WECOM_41044: invalid config_id'
        e.readAt = now()
        return { ...e }
      },
      Update: async (_p, id, c) => {
        const e = entries.find((x) => x.configId === id)
        if (!e) throw 'WECOM_41044: invalid config_id'
        const warnings = check(c)
        e.config = { ...c }
        e.updatedAt = now()
        return { entry: { ...e }, reused: false, warnings }
      },
      Delete: async (_p, id) => {
        const i = entries.findIndex((x) => x.configId === id)
        if (i < 0) throw 'WECOM_41044: invalid config_id'
        entries.splice(i, 1)
      },
      Forget: async (_p, id) => {
        byId(id)
        entries.splice(entries.findIndex((x) => x.id === id), 1)
      },
      Image: async (_p, id) => (byId(id), PNG),
      Code: async (_p, id) => (byId(id), PNG),
      LinkCode: async (link) => {
        if (!link) throw 'QR_INVALID: nothing to encode'
        return PNG
      },
      SaveImage: async (_p, id, kind) => `/tmp/fake/wecomdev-joinway-${byId(id).config.state || id}-${kind}.png`,
      Pool: async () => poolView(),
      PoolAdd: async (_p, ids) => {
        for (const id of ids) {
          const g = group(id)
          if (!g) throw `WECOM_40050: invalid group id (${id})`
          if (!pool.some((x) => x.chatId === id)) pool.push({ chatId: id, name: g[1], addedAt: now() })
        }
        return changed()
      },
      PoolRemove: async (_p, id) => {
        pool.splice(pool.findIndex((x) => x.chatId === id), 1)
        return changed()
      },
      PoolTake: async (_p, label, state) => {
        if (!label) throw 'JOINWAY_INVALID: invalid label: it is empty; give the customer or order number'
        let g = pool.find((x) => labels.get(x.chatId)?.label === label)
        const reused = !!g
        g = g ?? pool.find((x) => !labels.has(x.chatId))
        if (!g) throw `POOL_EMPTY: the pool has no free group (${status().used} used): build more empty customer groups and add them to the pool`
        const res = ensure({ scene: 2, remark: label.slice(0, 30), autoCreateRoom: false, roomBaseName: '', roomBaseId: 0, chatIds: [g.chatId], state: state || label, markSource: true })
        labels.set(g.chatId, { label, configId: res.entry.configId, source: 'pool', createdAt: now() })
        const st = changed().status
        return { mapping: { label, chatId: g.chatId, configId: res.entry.configId, source: 'pool', inPool: true, createdAt: now() }, entry: res.entry, reused, pool: st }
      },
      PoolRelease: async (_p, who) => {
        const g = pool.find((x) => x.chatId === who || labels.get(x.chatId)?.label === who)
        if (!g || !labels.has(g.chatId)) throw `INTERNAL: "${who}" holds no pool group`
        const i = entries.findIndex((e) => e.configId === labels.get(g.chatId).configId)
        if (i >= 0) entries.splice(i, 1)
        labels.delete(g.chatId)
        return changed()
      },
      SetThreshold: async (_p, n) => {
        threshold = n
        changed()
        return status()
      },
      Mappings: async () =>
        [...labels.entries()].map(([chatId, l]) => ({ label: l.label, chatId, configId: l.configId, source: l.source, inPool: pool.some((x) => x.chatId === chatId), createdAt: l.createdAt })),
      Map: async (_p, label, chatId, configId) => {
        labels.set(chatId, { label, configId, source: 'manual', createdAt: now() })
        changed()
        return { label, chatId, configId, source: 'manual', inPool: false, createdAt: now() }
      },
      Unmap: async (_p, chatId) => {
        labels.delete(chatId)
        changed()
      },
      BatchStates: async (prefix, count, start) => {
        if (count < 1 || count > 1000) throw `JOINWAY_INVALID: invalid count: ${count}; give 1 to 1000`
        const width = String(start + count - 1).length
        return Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(width, '0')}`)
      },
      BatchStart: async (profile, states, base) => {
        if (batchTimer) throw 'BATCH_RUNNING: a batch is running; cancel it or wait for it to finish'
        check({ ...base, state: '' })
        const id = `b${Date.now()}`
        let done = 0
        let failed = 0
        const finish = (error) => {
          clearInterval(batchTimer)
          batchTimer = null
          batchFinish = null
          emit('joinway:batch', { id, profile, done, total: states.length, finished: true, failed, ...(error ? { error } : {}), path: `/tmp/fake/wecomdev-joinway-${profile}.zip` })
        }
        batchTimer = setInterval(() => {
          const state = states[done]
          let item
          try {
            const r = ensure({ ...base, state })
            item = { state, entryId: r.entry.id, configId: r.entry.configId, qrUrl: r.entry.qrUrl, joinLink: r.entry.joinLink, reused: r.reused }
          } catch (err) {
            failed++
            item = { state, reused: false, error: String(err) }
          }
          done++
          emit('joinway:batch', { id, profile, done, total: states.length, item, finished: false, failed })
          if (done === states.length) finish('')
        }, 150)
        batchFinish = finish
        return id
      },
      BatchCancel: async () => {
        if (!batchFinish) return false
        batchFinish('INTERNAL: batch stopped: context canceled')
        return true
      },
    }
  }

  // --- diagnose (a small stand-in for internal/diagnose: the same JSON, simpler rules) ---
  function fakeDiagnose() {
    const T = (zh, en) => ({ 'zh-CN': zh, 'en-US': en })
    const cutHash = (u) => (u.includes('#') ? u.slice(0, u.indexOf('#')) : u)
    const tokens = (s) => s.match(/[:/?#&=;@.,+!$'()*[\]\s]|[^:/?#&=;@.,+!$'()*[\]\s]+/g) ?? []
    /** Common prefix and suffix of tokens; everything between differs. */
    function segments(a, b) {
      const ta = tokens(a)
      const tb = tokens(b)
      let pre = 0
      while (pre < ta.length && pre < tb.length && ta[pre] === tb[pre]) pre++
      let suf = 0
      while (suf < ta.length - pre && suf < tb.length - pre && ta[ta.length - 1 - suf] === tb[tb.length - 1 - suf]) suf++
      const side = (t) => {
        const out = []
        const push = (text, differs) => text && out.push({ text, differs })
        push(t.slice(0, pre).join(''), false)
        push(t.slice(pre, t.length - suf).join(''), true)
        push(t.slice(t.length - suf).join(''), false)
        return out
      }
      return [side(ta), side(tb)]
    }
    function parts(u) {
      const m = /^(\s*)(?:([A-Za-z][A-Za-z0-9+.-]*)(:\/\/))?([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?(\s*)$/.exec(u) ?? []
      const [host, port] = (m[4] ?? '').split(':')
      return {
        lead: m[1] ?? '', scheme: m[2] ?? '', separator: m[3] ?? '', userInfo: '', host: host ?? '', port: port ?? '',
        path: m[5] ?? '', query: m[6] ?? '', hash: m[7] ?? '', trail: m[8] ?? '',
      }
    }
    const params = (q) => q.replace(/^\?/, '').split('&').filter(Boolean)
    function findings(s, p) {
      const out = []
      const add = (code, message, fix, signed, page) => out.push({ code, message, fix, signed, page })
      const a = parts(s)
      const b = parts(p)
      if (a.hash) add('HASH_INCLUDED', T(`签名的 URL 带着片段 "${a.hash}"。`, `The signed URL still has the fragment "${a.hash}".`), T('签名前去掉 # 及其后的内容。', 'Cut everything from the first "#" before signing.'), a.hash, '')
      if (a.scheme !== b.scheme) add('SCHEME', T('协议不同。', 'The schemes differ.'), T('对 location.href 签名。', 'Sign location.href.'), a.scheme, b.scheme)
      if (a.host !== b.host) {
        const caseOnly = a.host.toLowerCase() === b.host.toLowerCase()
        add(caseOnly ? 'HOST_CASE' : 'HOST', T(`主机名不同："${a.host}" 与 "${b.host}"。`, `The hosts differ: "${a.host}" against "${b.host}".`), T('对页面自己的 URL 签名。', 'Sign the URL of the page itself.'), a.host, b.host)
      }
      if (a.port !== b.port) add('PORT', T('端口不同。', 'The ports differ.'), T('按浏览器显示的 URL 签名。', 'Sign the URL as the browser shows it.'), a.port, b.port)
      if (a.path !== b.path) {
        const slash = a.path + '/' === b.path || b.path + '/' === a.path
        if (slash) add('TRAILING_SLASH', T(`签名的路径 "${a.path}" 与页面路径 "${b.path}" 只差末尾的 "/"。`, `The signed path "${a.path}" and the page's "${b.path}" differ by a trailing "/".`), T('逐字按浏览器显示的 URL 签名。', 'Sign the URL the browser shows, character for character.'), a.path, b.path)
        else add('PATH', T('路径不同。', 'The paths differ.'), T('对页面运行时的 location.href 签名。', 'Sign location.href as the page reads it.'), a.path, b.path)
      }
      const qa = params(a.query)
      const qb = params(b.query)
      const extra = qb.filter((x) => !qa.includes(x))
      const missing = qa.filter((x) => !qb.includes(x))
      if (extra.length) add('QUERY_EXTRA', T(`页面 URL 有签名的 URL 没有的参数："${extra.join('&')}"。`, `The page has parameters the signed URL lacks: "${extra.join('&')}".`), T('对页面运行时读到的 URL 签名。', 'Sign the URL the page reads at run time (location.href).'), '', extra.join('&'))
      if (missing.length) add('QUERY_MISSING', T(`签名的 URL 有页面没有的参数："${missing.join('&')}"。`, `The signed URL has parameters the page lacks: "${missing.join('&')}".`), T('对页面运行时读到的 URL 签名。', 'Sign the URL the page reads at run time.'), missing.join('&'), '')
      if (!extra.length && !missing.length && a.query !== b.query) add('QUERY_ORDER', T('参数顺序不同。', 'The parameters are in another order.'), T('不要重排参数。', 'Do not reorder the parameters.'), a.query, b.query)
      if (!out.length) add('OTHER', T('两个 URL 不同。', 'The URLs differ.'), T('对 location.href 原样签名。', 'Sign location.href as it is.'), s, p)
      return out
    }
    function compare(signed, page) {
      const cut = cutHash(page)
      const match = signed === cut
      const [signedSegments, pageSegments] = segments(signed, cut)
      if (page.length > cut.length) pageSegments.push({ text: page.slice(cut.length), differs: false, ignored: true })
      return { match, findings: match ? [] : findings(signed, cut), signed: parts(signed), page: parts(page), pageCut: cut, signedSegments, pageSegments }
    }
    const RULES = [
      ['ticket no available', 'ticket_unavailable', 'tickets', 42012, T('ticket 不可用（42012）。', 'The ticket is not usable (42012).'), T('wx.agentConfig 用应用 ticket 签名。', 'Sign wx.agentConfig with the app ticket.')],
      ['invalid signature', 'invalid_signature', 'forensics', 40093, T('JS-SDK 签名错误（40093）：签名的 URL、ticket、nonceStr 或 timestamp 与页面的不一致。', 'The JS-SDK signature is wrong (40093): the URL, ticket, nonceStr or timestamp signed is not the page\'s.'), T('用「签名溯源」查出是哪个 ticket、哪个 URL 生成了这个签名。', 'Run Forensics: it says which ticket and which URL made the signature.')],
      ['invalid url domain', 'invalid_url_domain', 'profiles/trusted-domains', 80001, T('页面所在的域名不是应用的可信域名。', 'The page\'s domain is not one of the app\'s trusted domains.'), T('在管理后台添加可信域名。', 'Add the domain to the app\'s trusted domains.')],
      ['permission denied', 'permission_denied', 'profiles', 0, T('该应用没有使用这个接口的权限。', 'The app may not use this API.'), T('在管理后台为应用开通权限。', 'Grant the app the permission.')],
    ]
    function explain(text) {
      const lower = text.toLowerCase()
      const m = /[?&]e=(-?\d+)|errcode\D{0,4}(-?\d{5,})|^\s*(-?\d{5,})\s*$/.exec(lower)
      const code = m ? Number(m[1] ?? m[2] ?? m[3]) : 0
      const call = /(?:^|[^A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*):[A-Za-z]/.exec(text)?.[1] ?? ''
      const base = { call: /^https?$/i.test(call) ? '' : call, code, doc: code ? `https://open.work.weixin.qq.com/devtool/query?e=${code}` : '' }
      const rule = RULES.find(([phrase, , , c]) => lower.includes(phrase) || (code && code === c))
      if (rule) return { matched: true, kind: rule[1], tool: rule[2], cause: rule[4], fix: rule[5], ...base }
      if (code) return { matched: false, kind: 'errcode', tool: '', cause: T(`企业微信错误码 ${code} 不在控制台的解释表里。`, `WeCom error ${code} is not in the console's table.`), fix: T('在企业微信的错误码查询页查看。', 'Look it up on WeCom\'s error-code page.'), ...base }
      return { matched: false, kind: '', tool: '', cause: T('没有认出这段内容。', 'This text was not recognised.'), fix: T('请粘贴 fail 回调收到的完整对象。', 'Paste the whole object the fail callback received.'), ...base }
    }
    async function forensics(profile, input) {
      known(profile)
      const bad = (field, reason) => {
        throw `DIAGNOSE_INVALID: diagnose: ${field}: ${reason}`
      }
      const pageUrl = (input.pageUrl ?? '').trim()
      const signature = (input.signature ?? '').trim().toLowerCase()
      const timestamp = (input.timestamp ?? '').trim()
      const nonceStr = (input.nonceStr ?? '').trim()
      const failed = input.failed ?? ''
      if (!pageUrl) bad('pageUrl', 'the page URL is empty')
      if (!/^[0-9a-f]{40}$/.test(signature)) bad('signature', `want 40 hexadecimal characters (a SHA-1), got "${signature}"`)
      if (!/^\d+$/.test(timestamp)) bad('timestamp', `want Unix seconds (digits only), got "${timestamp}"`)
      if (!nonceStr) bad('nonceStr', 'the nonceStr is empty')
      if (!['', 'corp', 'agent'].includes(failed)) bad('failed', `want corp, agent or empty, got "${failed}"`)
      for (const kind of ['corp', 'agent']) if (!creds(profile)[kind]) issue(profile, kind)
      const page = cutHash(pageUrl)
      const kinds = failed === 'agent' ? ['agent', 'corp'] : ['corp', 'agent']
      const v = { code: 'UNKNOWN_TICKET', kind: '', ticketMasked: '', ticketCurrent: false, ticketFetchedAt: 0, ticketExpiresAt: 0, ticketIssue: '', url: '', variantCode: '', signStringMasked: '', expectedSignature: '', expectedSignStringMasked: '', findings: [], warnings: [], tried: 0 }
      const urls = [[page, '']]
      if (page.endsWith('/')) urls.push([page.slice(0, -1), 'TRAILING_SLASH'])
      else urls.push([`${page}/`, 'TRAILING_SLASH'])
      if (pageUrl !== page) urls.push([pageUrl, 'HASH_INCLUDED'])
      const tail = (url) => `&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`
      search: for (const [url, variant] of urls) {
        for (const kind of kinds) {
          const t = creds(profile)[kind]
          v.tried++
          if ((await sha1(`jsapi_ticket=${t.value}${tail(url)}`)) !== signature) continue
          Object.assign(v, { kind, ticketMasked: mask(t.value), ticketCurrent: true, ticketFetchedAt: t.fetchedAt, ticketExpiresAt: t.expiresAt, url, signStringMasked: `jsapi_ticket=${mask(t.value)}${tail(url)}` })
          const wrong = failed && kind !== failed
          if (variant) {
            Object.assign(v, { code: 'URL_VARIANT', variantCode: variant, ticketIssue: wrong ? 'WRONG_TICKET_KIND' : '', findings: compare(url, pageUrl).findings })
          } else {
            v.code = wrong ? 'WRONG_TICKET_KIND' : 'OK'
          }
          break search
        }
      }
      const texts = {
        OK: [T('签名正确：由当前的 ticket 对页面 URL 生成。', 'The signature is right: made with the current ticket over the page URL.'), T('核对可信域名、corpId 与 agentId。', 'Check the trusted domains, corpId and agentId.')],
        WRONG_TICKET_KIND: [T('签名用的 ticket 种类不对。', 'The signature was made with the other kind of ticket.'), T('config 用企业 ticket，agentConfig 用应用 ticket。', 'Sign config with the corp ticket and agentConfig with the app ticket.')],
        URL_VARIANT: [T(`签名的是页面 URL 的变体：${v.url}`, `The signature was made over a variant of the page URL: ${v.url}`), T('对 location.href 去掉 # 之后的内容签名。', 'Sign location.href without its #….')],
        UNKNOWN_TICKET: [T('控制台见过的 ticket 都不能对这些 URL 生成这个签名。', 'No ticket the console has seen gives this signature over any URL tried.'), T('确认后端用的是同一个企业与应用的 ticket。', 'Check your backend uses a ticket of this corp and app.')],
      }
      ;[v.explanation, v.fix] = texts[v.code]
      if (v.code !== 'OK') {
        const kind = failed || 'corp'
        const t = creds(profile)[kind]
        v.expectedSignature = await sha1(`jsapi_ticket=${t.value}${tail(page)}`)
        v.expectedSignStringMasked = `jsapi_ticket=${mask(t.value)}${tail(page)}`
      }
      return v
    }
    /** Calls the fake dev server (the only server the fake can reach) with four test pages and checks each answer. */
    async function audit(profile, input) {
      known(profile)
      const endpoint = (input.endpoint ?? '').trim()
      if (!endpoint.includes('{url}')) throw `DIAGNOSE_INVALID: audit: endpoint: the template has no {url} placeholder; put {url} where the page URL goes`
      const kind = input.kind || 'corp'
      const field = (name, def) => (input[name] ?? '').trim() || def
      const [tsField, nonceField, sigField] = [field('timestampField', 'timestamp'), field('nonceField', 'nonceStr'), field('signatureField', 'signature')]
      const pageBase = (input.pageBase ?? '').trim() || 'https://h5.example.com/'
      const folder = pageBase.replace(/[?#].*$/, '').replace(/[^/]*$/, '')
      const pages = [
        ['slash', `${folder}audit/`],
        ['no-slash', `${folder}audit`],
        ['hash', `${folder}audit/?a=1&b=%E4%B8%AD#/route`],
        ['share', `${folder}audit/?id=42&from=singlemessage&isappinstalled=0`],
      ]
      const read = (obj, path) => path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj)
      const calls = []
      for (const [c, pageUrl] of pages) {
        const requestUrl = endpoint.replace('{url}', encodeURIComponent(pageUrl))
        const call = { case: c, pageUrl, requestUrl, status: 0, body: '', timestamp: '', nonceStr: '', signature: '', verdict: { code: '', explanation: T('', ''), fix: T('', ''), findings: [], warnings: [] } }
        try {
          const res = await window.__wecomdevFakeDevServer.call(requestUrl, 'wecomdev-audit/1')
          call.status = res.status
          call.body = JSON.stringify(res.body)
          call.timestamp = String(read(res.body, tsField) ?? '')
          call.nonceStr = String(read(res.body, nonceField) ?? '')
          call.signature = String(read(res.body, sigField) ?? '')
          if (call.signature) {
            const t = creds(profile)[kind]
            const ok = !!t && (await sha1(`jsapi_ticket=${t.value}&noncestr=${call.nonceStr}&timestamp=${call.timestamp}&url=${cutHash(pageUrl)}`)) === call.signature
            call.verdict.code = ok ? 'OK' : 'UNKNOWN_TICKET'
            call.verdict.explanation = ok ? T('签名正确。', 'The signature is right.') : T('不是控制台见过的 ticket 生成的签名。', 'No ticket the console knows made this signature.')
          }
        } catch (err) {
          call.error = String(err?.message ?? err)
        }
        calls.push(call)
      }
      const byCase = (c) => calls.find((x) => x.case === c)
      const okCall = (x) => x.verdict.code === 'OK'
      const check = (code, zh, en, pass, evidence, fixZh, fixEn) => {
        const skip = pass === null
        return { code, title: T(zh, en), pass: !!pass, skipped: skip, status: skip ? 'skip' : pass ? 'pass' : 'fail', evidence, fix: T(fixZh, fixEn) }
      }
      const answered = calls.every((x) => x.status >= 200 && x.status < 300)
      const signed = calls.every((x) => x.signature)
      const judged = (c) => (signed ? okCall(byCase(c)) : null)
      const checks = [
        check('ENDPOINT_REACHABLE', '接口可以访问', 'The endpoint answers', answered, calls.map((x) => `${x.case}: ${x.error || `HTTP ${x.status}`}`).join('; '), '检查接口地址与允许的域名。', 'Check the endpoint URL and the hosts it allows.'),
        check('FIELDS_PRESENT', '返回包含三个字段', 'The answer has the three fields', answered ? signed : null, `${tsField}, ${nonceField}, ${sigField}`, '返回 timestamp、nonceStr 与 signature。', 'Answer timestamp, nonceStr and signature.'),
        check('HASH_CUT', '签名前去掉 #…', 'The #… is cut before signing', judged('hash'), byCase('hash').verdict.code || 'no signature', '签名前去掉 # 及其后的内容。', 'Cut everything from the first "#" before signing.'),
        check('TRAILING_SLASH', '末尾斜杠保持原样', 'The trailing slash is kept as given', signed ? okCall(byCase('slash')) && okCall(byCase('no-slash')) : null, `${byCase('slash').verdict.code || '-'} / ${byCase('no-slash').verdict.code || '-'}`, '逐字按页面 URL 签名。', 'Sign the page URL character for character.'),
        check('QUERY_AS_GIVEN', '参数保持原样', 'The query is signed as given', judged('share'), byCase('share').verdict.code || 'no signature', '不要增删或重排参数。', 'Do not add, drop or reorder parameters.'),
        check('TICKET_KIND', `用${kind === 'agent' ? '应用' : '企业'} ticket 签名`, `Signs with the ${kind === 'agent' ? 'app' : 'corp'} ticket`, signed ? calls.every(okCall) : null, calls.map((x) => x.verdict.code || '-').join(', '), '用对应种类的 ticket 签名。', 'Sign with the ticket of the call.'),
      ]
      const n = (st) => checks.filter((c) => c.status === st).length
      return { endpoint, kind, pageBase, checks, calls, passed: n('pass'), failed: n('fail'), warnings: 0, skipped: n('skip') }
    }
    return {
      Compare: async (signed, page) => compare(signed ?? '', page ?? ''),
      Explain: async (text) => explain(text ?? ''),
      Forensics: forensics,
      Audit: audit,
    }
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
    BrowserOpenURL: () => {},
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

/**
 * axe-core over what the page shows now (issue 15): the full results go to
 * ARTIFACTS/axe-<name>.json; returns one readable line per serious or critical violation
 * and element (rule, target, summary), empty when there is none. The WCAG 2.x A and AA rules
 * and axe's best practices run, colour contrast among them (4.5:1, 3:1 for large text).
 * Animations and transitions end first, so contrast is measured on the final colours.
 */
async function axeScan(page, name) {
  await page.mouse.move(1150, 750)
  // Contrast is measured on the final colours: wait until no finite animation or transition
  // (a theme's colours, which Naive UI applies a frame or two after the switch, a drawer
  // sliding in, a message fading) has run for three checks in a row, each two frames apart.
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()))
    const until = Date.now() + 8000
    for (let quiet = 0; quiet < 3 && Date.now() < until; ) {
      await frame()
      await frame()
      const running = document
        .getAnimations()
        .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity)
      if (!running.length) {
        quiet++
        continue
      }
      quiet = 0
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 2000))])
    }
  })
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE_SOURCE })
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations', 'incomplete'],
    }),
  )
  await writeFile(path.join(ARTIFACTS, `axe-${name}.json`), JSON.stringify(results, null, 1))
  const lines = []
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes) {
      const why = (n.failureSummary ?? v.help).replace(/^Fix (any|all) of the following:\s*/, '').replace(/\s+/g, ' ')
      lines.push(`${v.id} [${v.impact}] ${n.target.join(' ')}: ${why}`)
    }
  }
  return lines
}

/** Prints the readable list (one line per element) and throws when axeScan found anything. */
function assertNoAxe(found, name) {
  if (!found.length) return
  for (const l of found) console.error(`     axe ${name}: ${l}`)
  throw new Error(`${found.length} serious/critical accessibility violations in ${name} (listed above; all results in axe-${name}.json)`)
}

/** Collects axeScan's findings across a screenshot loop; check() throws them at its end. */
function axeCollector(page) {
  const found = []
  return {
    into: async (name) => found.push(...(await axeScan(page, name)).map((l) => `${name}: ${l}`)),
    check: (name) => assertNoAxe(found, name),
  }
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

/** Fills a Naive UI textarea (the data-testid sits on its wrapper). */
async function fillText(page, testid, value) {
  await page.fill(`${byTestId(testid)} textarea`, value, { timeout: STEP_MS })
}

/** The value of a Naive UI input or textarea. */
const valueOf = (page, testid, tag = 'input') => page.inputValue(`${byTestId(testid)} ${tag}`, { timeout: STEP_MS })

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

const TEST_PAGE_PATH = '/__wecomdev/test/'

/** Waits for a step of the test page to end, and returns its state and detail text. */
async function stepEnd(tp, key) {
  const sel = `${byTestId(`step-${key}`)}:is([data-state="ok"], [data-state="fail"], [data-state="skip"])`
  await tp.waitForSelector(sel, { timeout: 20_000 }).catch(async () => {
    const state = await tp.getAttribute(byTestId(`step-${key}`), 'data-state').catch(() => null)
    throw new Error(`the test page's step ${key} did not end (state ${state})`)
  })
  return {
    state: await tp.getAttribute(byTestId(`step-${key}`), 'data-state'),
    detail: ((await tp.textContent(byTestId(`detail-${key}`))) ?? '').trim(),
  }
}

/**
 * Opens the dev server's test page in a second page of the same browser (what Open test
 * page does in the system browser) and waits until it registered; against the fake
 * backend, the fake in the console's page logs what the page would have sent.
 * Returns the page (null for the fake) and the config / agentConfig steps.
 */
async function openTestPage(context, page, url, search = '') {
  if (FAKE) {
    await page.evaluate((q) => window.__wecomdevFakeDevServer.openTestPage(q), search)
    return { tp: null, config: null, agentConfig: null }
  }
  const tp = await context.newPage()
  tp.on('pageerror', (err) => console.log(`     (the test page's own uncaught error, not the console's: ${String(err?.message ?? err).split('\n')[0]})`))
  const res = await tp.goto(url + search, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
  if (res?.status() === 503) {
    const body = await res.text().catch(() => '')
    await tp.close()
    throw new Error(`the test page answered 503 (${body.includes('PHONE_NOT_BUILT') ? 'PHONE_NOT_BUILT' : body.slice(0, 80)}): run \`cd frontend && npm run build:phone\` first`)
  }
  if (!res?.ok()) throw new Error(`the test page answered ${res?.status()}`)
  return { tp, config: await stepEnd(tp, 'config'), agentConfig: await stepEnd(tp, 'agentConfig') }
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

const TUNNEL_CMD = 'sleep 60'
const TUNNEL_URL = 'https://e2e-tunnel.ngrok-free.app'
const TUNNEL_HOST = 'e2e-tunnel.ngrok-free.app'

/** The sandbox's customer groups (internal/wecom/sandbox/data.go). */
const JW_SALES = 'wr5andb0xSa1esGroupAAAAAAAAAAAAA'
const JW_POOL = ['wr5andb0xP00l1AAAAAAAAAAAAAAAAAA', 'wr5andb0xP00l2AAAAAAAAAAAAAAAAAA', 'wr5andb0xP00l3AAAAAAAAAAAAAAAAAA']
const JW_STATE = 'e2e-sales-1'
const JW_LABELS = ['e2e-order-1', 'e2e-order-2']
const JW_BATCH_PREFIX = 'e2e-batch-'

const E2E_PROFILE = 'e2e-demo'
const E2E_SECRET = 'e2e-secret-value'
const SIGN_URL = 'https://example.com/page?a=1#frag'

async function main() {
  await mkdir(ARTIFACTS, { recursive: true })
  console.log(`UI check of ${URL}${FAKE ? ' (fake backend)' : ''}; screenshots in ${ARTIFACTS}`)

  browser = await launchChromium({
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
    assertEqual(await valueOf(page, 'devserver-upstream'), '', 'upstream field (optional: left empty)')
    await page.click(byTestId('devserver-start'))
    await devRunning(page, 'true').catch(async () => {
      const err = await page.textContent(byTestId('devserver-error')).catch(() => null)
      throw new Error(`the dev server did not start${err ? `: ${err.trim()}` : ''}`)
    })
    assertEqual(await textOf(page, 'devserver-base-url'), DEV_BASE, 'base URL')
    assertEqual(await textOf(page, 'devserver-test-page-url'), `${DEV_BASE}${TEST_PAGE_PATH}`, 'test page URL')
    if (await page.$(byTestId('devserver-proxy'))) throw new Error('a proxy line is shown without an upstream')
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

    await check('Dev server: Diagnose on the 200 row opens the forensics filled in, and its verdict is OK', async () => {
      await page.click(devRow(200))
      await page.waitForSelector(byTestId('devserver-detail-diagnose'), { state: 'visible' })
      await page.click(byTestId('devserver-detail-diagnose'))
      await page.waitForSelector(`${byTestId('diagnose-view')}[data-tool="forensics"]`, { state: 'visible' })
      assertEqual(await valueOf(page, 'diagnose-forensics-page'), DEV_PAGE, 'page URL filled in')
      assertEqual(await valueOf(page, 'diagnose-forensics-signature'), signed.signature, 'signature filled in')
      assertEqual(await valueOf(page, 'diagnose-forensics-timestamp'), signed.timestamp, 'timestamp filled in')
      assertEqual(await valueOf(page, 'diagnose-forensics-nonce'), signed.nonceStr, 'nonceStr filled in')
      assertEqual(await attrOf(page, 'diagnose-forensics-failed', 'data-value'), 'corp', 'the call that failed')
      await page.waitForSelector(byTestId('diagnose-verdict'), { state: 'visible', timeout: 20_000 }).catch(async () => {
        const err = await page.textContent(byTestId('diagnose-forensics-error')).catch(() => null)
        throw new Error(`no verdict${err ? `: ${err.trim()}` : ''}`)
      })
      assertEqual(await attrOf(page, 'diagnose-verdict', 'data-code'), 'OK', 'verdict')
      assertEqual(await attrOf(page, 'diagnose-verdict', 'data-kind'), 'corp', 'kind of the ticket that made it')
      const signString = await textOf(page, 'diagnose-verdict-sign-string')
      const m = /^jsapi_ticket=([^&]*)&noncestr=([^&]+)&timestamp=(\d+)&url=(.*)$/.exec(signString)
      if (!m) throw new Error(`the sign string has an unexpected form: ${JSON.stringify(signString)}`)
      assertMasked(m[1], 'ticket in the sign string')
      assertEqual(m[4], DEV_PAGE, 'URL in the sign string')
      if (!(await textOf(page, 'diagnose-verdict-ticket-age'))) throw new Error('the ticket has no age')
    })

    // --- the WeCom client emulator and its test page ---
    const emulatorOn = (on) =>
      page.waitForSelector(`${byTestId('devserver-emulator')}[data-on="${on}"]`, { timeout: STEP_MS }).catch(async () => {
        const err = await page.textContent(byTestId('devserver-error')).catch(() => null)
        throw new Error(`the emulator did not turn ${on ? 'on' : 'off'}${err ? `: ${err.trim()}` : ''}`)
      })
    /** What the running server tells a page about the emulator (config.json); the fake has none to ask. */
    const serverEmulates = async () => {
      if (FAKE) return null
      const res = await fetch(`${DEV_BASE}/__wecomdev/config.json`, { signal: AbortSignal.timeout(STEP_MS) })
      return (await res.json())?.emulate
    }
    const emulatorRow = (api, ok) => `${byTestId('devserver-row')}[data-endpoint="emulator"][data-api="${api}"][data-ok="${ok}"]`

    const emulating = await check('Dev server: the emulator switch turns it on and off, and the status follows', async () => {
      await openArea(page, 'devserver', 'devserver-view')
      assertEqual(await attrOf(page, 'devserver-emulator', 'data-on'), 'false', 'emulator at first (off by default)')
      const safety = await textOf(page, 'devserver-emulator-safety')
      if (!/anyone who reaches this server/.test(safety)) throw new Error(`no safety note next to the switch: ${JSON.stringify(safety)}`)
      await page.click(byTestId('devserver-emulator-switch'))
      await emulatorOn(true)
      await page.waitForSelector(byTestId('devserver-emulator-tag'), { state: 'visible' })
      if (!FAKE) assertEqual(await serverEmulates(), true, 'config.json emulate after turning it on')
      await page.click(byTestId('devserver-emulator-switch'))
      await emulatorOn(false)
      await page.waitForSelector(byTestId('devserver-emulator-tag'), { state: 'detached' })
      if (!FAKE) assertEqual(await serverEmulates(), false, 'config.json emulate after turning it off')
      await page.click(byTestId('devserver-emulator-switch'))
      await emulatorOn(true)
      assertEqual(await attrOf(page, 'devserver-open-emulator', 'data-url'), `${DEV_BASE}${TEST_PAGE_PATH}`, 'what Open in emulator opens')
    })

    let testPage = null
    const registered =
      emulating &&
      (await check('Dev server: the test page, opened in a second page, registers; the emulator rows for config and agentConfig arrive ok', async () => {
        const url = await textOf(page, 'devserver-test-page-url')
        const opened = await openTestPage(context, page, url)
        testPage = opened.tp
        if (opened.config && !(opened.config.state === 'ok' && opened.config.detail.includes('config:ok'))) {
          throw new Error(`the test page's config step: ${opened.config.state}: ${opened.config.detail.slice(0, 160)}`)
        }
        if (opened.agentConfig && !(opened.agentConfig.state === 'ok' && opened.agentConfig.detail.includes('agentConfig:ok'))) {
          throw new Error(`the test page's agentConfig step: ${opened.agentConfig.state}: ${opened.agentConfig.detail.slice(0, 160)}`)
        }
        // No reload: the rows arrive through devserver:requests.
        for (const api of ['config', 'agentConfig']) {
          await page.waitForSelector(emulatorRow(api, 'true'), { timeout: STEP_MS }).catch(() => {
            throw new Error(`no emulator row for ${api} with ok in the console's log`)
          })
          const line = (await page.textContent(`${emulatorRow(api, 'true')} ${byTestId('devserver-row-line')}`))?.trim()
          assertEqual(line, `${api}:ok`, `the ${api} row's answer`)
          assertEqual(await page.getAttribute(`${emulatorRow(api, 'true')} ${byTestId('devserver-row-outcome')}`, 'data-outcome'), 'ok', `the ${api} row's badge`)
        }
      }))

    if (registered) {
      await check('Dev server: an emulator row opens with its Report: verdict OK, page URL, parameters', async () => {
        await page.click(emulatorRow('config', 'true'))
        await page.waitForSelector(byTestId('devserver-report'), { state: 'visible' })
        assertEqual(await attrOf(page, 'devserver-report', 'data-type'), 'verify', 'report type')
        assertEqual(await attrOf(page, 'devserver-report-verdict', 'data-code'), 'OK', 'verdict')
        assertEqual(await textOf(page, 'devserver-report-errmsg'), 'config:ok', 'errMsg')
        const pageUrl = await textOf(page, 'devserver-report-page-url')
        if (!pageUrl.startsWith(`${DEV_BASE}${TEST_PAGE_PATH}`)) throw new Error(`page URL ${JSON.stringify(pageUrl)}`)
        const params = JSON.parse(await textOf(page, 'devserver-report-params'))
        if (!/^[0-9a-f]{40}$/.test(params.signature ?? '')) throw new Error(`no signature in the params: ${JSON.stringify(params)}`)
        if (await page.$(byTestId('devserver-detail-diagnose'))) throw new Error('a verification that passed offers Diagnose')
        await page.setViewportSize({ width: 1200, height: 1100 })
        await page.waitForSelector('.n-message', { state: 'detached', timeout: 8000 }).catch(() => {})
        await screenshot(page, 'devserver-report-ok-dark-en.png')
        await page.keyboard.press('Escape')
        await page.waitForSelector(byTestId('devserver-detail'), { state: 'detached' })
        await page.setViewportSize({ width: 1200, height: 800 })
      })

      await check('Dev server: a customer group made on the test page shows its chatId ↔ label in the console', async () => {
        const label = 'E2E-订单-42'
        let chatId
        if (FAKE) {
          chatId = await page.evaluate((l) => window.__wecomdevFakeDevServer.createGroup(l), label)
        } else {
          await testPage.fill(byTestId('group-label'), label)
          await testPage.fill(byTestId('group-mobile'), '13800000001')
          await testPage.click(byTestId('group-create'))
          await testPage.waitForSelector(`${byTestId('group-result')}:is([data-state="ok"], [data-state="fail"])`, { timeout: 20_000 })
          const state = await testPage.getAttribute(byTestId('group-result'), 'data-state')
          if (state !== 'ok') throw new Error(`the test page's group flow failed: ${(await testPage.textContent(byTestId('group-result')))?.trim()}`)
          chatId = await testPage.getAttribute(byTestId('group-result'), 'data-chat-id')
        }
        if (!chatId) throw new Error('no chatId')
        await page.waitForSelector(`${byTestId('devserver-chat')}[data-chat-id="${chatId}"]`, { timeout: STEP_MS }).catch(() => {
          throw new Error(`the chat labels card did not list ${chatId}`)
        })
        assertEqual(await page.getAttribute(`${byTestId('devserver-chat')}[data-chat-id="${chatId}"]`, 'data-label'), label, 'label of the group')
        await page.waitForSelector(`${byTestId('devserver-row')}[data-endpoint="chat"]`, { timeout: STEP_MS })
      })

      await check('Dev server: a signature over the URL with its trailing slash toggled fails; Diagnose opens the URL diff', async () => {
        const url = await textOf(page, 'devserver-test-page-url')
        if (testPage) await testPage.close()
        const opened = await openTestPage(context, page, url, '?mistake=trailing-slash')
        testPage = opened.tp
        if (opened.config && opened.config.state !== 'fail') throw new Error(`the test page's config step: ${opened.config.state}`)
        const failedRow = emulatorRow('config', 'false')
        await page.waitForSelector(failedRow, { timeout: STEP_MS }).catch(() => {
          throw new Error('no failed emulator row for config')
        })
        await page.click(failedRow)
        await page.waitForSelector(byTestId('devserver-report-findings'), { state: 'visible' }).catch(() => {
          throw new Error('the Report of the failed config has no findings')
        })
        assertEqual(await attrOf(page, 'devserver-report-verdict', 'data-code'), 'URL_VARIANT', 'verdict')
        const codes = await page.$$eval(byTestId('devserver-report-findings-item'), (items) => items.map((i) => i.getAttribute('data-code')))
        if (!codes.includes('TRAILING_SLASH')) throw new Error(`findings ${JSON.stringify(codes)}`)
        assertEqual(await attrOf(page, 'devserver-detail-diagnose', 'data-tool'), 'diff', 'where Diagnose leads')
        await page.setViewportSize({ width: 1200, height: 1300 })
        await page.waitForSelector('.n-message', { state: 'detached', timeout: 8000 }).catch(() => {})
        await screenshot(page, 'devserver-report-fail-dark-en.png')
        await page.setViewportSize({ width: 1200, height: 800 })
        await page.click(byTestId('devserver-detail-diagnose'))
        await page.waitForSelector(`${byTestId('diagnose-view')}[data-tool="diff"]`, { state: 'visible' })
        await page.waitForSelector(`${byTestId('diagnose-diff-result')}[data-match="false"]`, { timeout: STEP_MS })
        const diffCodes = await page.$$eval(byTestId('diagnose-diff-findings-item'), (items) => items.map((i) => i.getAttribute('data-code')))
        if (!diffCodes.includes('TRAILING_SLASH')) throw new Error(`the URL diff's findings ${JSON.stringify(diffCodes)}`)
        const signed = await valueOf(page, 'diagnose-diff-signed-input', 'textarea')
        if (signed.replace(/\?.*$/, '').endsWith('/')) throw new Error(`the signed URL filled in still ends with "/": ${signed}`)
        // Leave the URL diff empty for its own checks below.
        await fillText(page, 'diagnose-diff-signed-input', '')
        await fillText(page, 'diagnose-diff-page-input', '')
        await page.waitForSelector(byTestId('diagnose-diff-result'), { state: 'detached', timeout: STEP_MS })
        if (testPage) await testPage.close()
        testPage = null
      })
    }

    // --- h15: a report row's Decision shows the whole answer, and a URL in it stays in its cell.
    // The answer wraps between words (not "invalid signatu…"); only the URL may break inside
    // itself. The row stays in the log for the overflow check at the end, too.
    await check('Dev server: a report\'s whole answer shows in the Decision column, its URL inside the cell', async () => {
      const pageUrl = `${DEV_BASE}/__wecomdev/test/?from=singlemessage&isappinstalled=0&h15=a-long-query-that-cannot-fit`
      const short = { type: 'config', api: 'config', ok: false, errMsg: 'config:invalid signature', pageUrl, time: Date.now() - 1 }
      const event = { type: 'config', api: 'config', ok: false, errMsg: `config:invalid signature, signed ${pageUrl}`, pageUrl, time: Date.now() }
      if (FAKE) for (const ev of [short, event]) await page.evaluate((e) => window.__wecomdevFakeDevServer.report(e), ev)
      else {
        const res = await fetch(`${DEV_BASE}/__wecomdev/report`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([short, event]), signal: AbortSignal.timeout(STEP_MS),
        })
        assertEqual(res.status, 202, 'the report endpoint answered')
      }
      const row = `${byTestId('devserver-row')}[data-endpoint="report"][data-api="config"][data-ok="false"]`
      for (const lang of ['en-US', 'zh-CN']) {
        await setAppearance(page, lang, 'dark')
        await openArea(page, 'devserver', 'devserver-view')
        await page.waitForSelector(`${row} ${byTestId('devserver-row-answer-token')}`, { timeout: STEP_MS })
        const got = await page.$eval(row, (tr) => {
          const answer = tr.querySelector('[data-testid="devserver-row-answer"]')
          const td = answer.closest('td')
          const lines = Math.round(answer.getBoundingClientRect().height / parseFloat(getComputedStyle(answer).lineHeight))
          return { text: answer.textContent.replace(/\s+/g, ' ').trim(), td: [td.scrollWidth, td.clientWidth], answer: [answer.scrollWidth, answer.clientWidth], lines }
        })
        assertEqual(got.text, `invalid signature, signed ${pageUrl}`, `the answer (${lang})`)
        if (got.td[0] > got.td[1] + 1 || got.answer[0] > got.answer[1] + 1) {
          throw new Error(`the answer spills its cell (${lang}): td ${got.td.join(' > ')} px, answer ${got.answer.join(' > ')} px`)
        }
        if (got.lines < 2) throw new Error(`the answer is on ${got.lines} line(s): it is cut, not wrapped (${lang})`)
        // A short answer shows whole: nothing of "invalid signature" is cut (the old "invalid signatu…").
        const shorts = await page.$$eval(`${byTestId('devserver-row-answer')}[title="invalid signature"]`, (els) =>
          els.map((a) => ({ text: a.textContent.trim(), cut: a.scrollHeight > a.clientHeight + 1 || a.scrollWidth > a.clientWidth + 1 })))
        if (!shorts.length) throw new Error(`no row answers "invalid signature" (${lang})`)
        const cut = shorts.filter((a) => a.cut || a.text !== 'invalid signature')
        if (cut.length) throw new Error(`a short answer is cut (${lang}): ${JSON.stringify(cut)}`)
      }
      await setAppearance(page, 'en-US', 'dark')
    })

    await check('Dev server: screenshots in light and dark, zh-CN and en-US', async () => {
      const axe = axeCollector(page)
      // A tall window, so one picture shows the whole page down to the log.
      await page.setViewportSize({ width: 1200, height: 2300 })
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
          await axe.into(`devserver-running-${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}`)
          const failedConfig = `${byTestId('devserver-row')}[data-endpoint="emulator"][data-api="config"][data-ok="false"]`
          if (lang === 'zh-CN' && (await page.$(failedConfig))) {
            await page.click(failedConfig)
            await page.waitForSelector(byTestId('devserver-report-findings'), { state: 'visible' })
            await screenshot(page, `devserver-report-${theme}-zh.png`)
            await axe.into(`devserver-report-${theme}-zh`)
            await page.keyboard.press('Escape')
            await page.waitForSelector(byTestId('devserver-detail'), { state: 'detached' })
          }
          if (lang === 'zh-CN' && theme === 'light') {
            await page.click(devRow(403))
            await page.waitForSelector(byTestId('devserver-detail-message'), { state: 'visible' })
            await screenshot(page, 'devserver-detail-light-zh.png')
            await axe.into('devserver-detail-light-zh')
            await page.keyboard.press('Escape')
            await page.waitForSelector(byTestId('devserver-detail'), { state: 'detached' })
          }
        }
        axe.check('devserver')
      } finally {
        await page.setViewportSize({ width: 1200, height: 800 })
        await setAppearance(page, 'en-US', 'dark')
      }
    })
  }

  // --- Diagnose -----------------------------------------------------------------------
  const DIFF_SIGNED = 'https://h5.example.com/page/'
  const DIFF_PAGE = 'https://h5.example.com/page?from=singlemessage#/x'
  const diffFindings = (page) =>
    page.$$eval(`${byTestId('diagnose-diff-findings-item')}`, (items) => items.map((i) => i.getAttribute('data-code')))
  const differing = (page, testid) =>
    page.$$eval(`${byTestId(testid)} [data-differs="true"]`, (spans) => spans.map((s) => s.textContent))

  const diffed = await check('Diagnose: the URL diff finds TRAILING_SLASH and QUERY_EXTRA and highlights them', async () => {
    await openArea(page, 'diagnose', 'diagnose-view')
    await page.click(byTestId('diagnose-tab-diff'))
    await page.waitForSelector(byTestId('diagnose-diff'), { state: 'visible' })
    await fillText(page, 'diagnose-diff-signed-input', DIFF_SIGNED)
    await fillText(page, 'diagnose-diff-page-input', DIFF_PAGE)
    await page.waitForSelector(`${byTestId('diagnose-diff-result')}[data-match="false"]`, { timeout: STEP_MS }).catch(async () => {
      const err = await page.textContent(byTestId('diagnose-diff-error')).catch(() => null)
      throw new Error(`no diff${err ? `: ${err.trim()}` : ''}`)
    })
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="diagnose-diff-findings-item"]').length >= 2,
      null,
      { timeout: STEP_MS },
    )
    const codes = await diffFindings(page)
    for (const code of ['TRAILING_SLASH', 'QUERY_EXTRA']) {
      if (!codes.includes(code)) throw new Error(`no ${code} finding among ${JSON.stringify(codes)}`)
    }
    assertEqual(JSON.stringify(await differing(page, 'diagnose-diff-signed')), JSON.stringify(['/']), 'highlighted in the signed URL')
    assertEqual(JSON.stringify(await differing(page, 'diagnose-diff-page')), JSON.stringify(['?from=singlemessage']), 'highlighted in the page URL')
    const ignored = await page.textContent(`${byTestId('diagnose-diff-page')} [data-ignored="true"]`)
    assertEqual(ignored, '#/x', 'the page\'s #… greyed')
    assertEqual(await textOf(page, 'diagnose-diff-page-cut'), 'https://h5.example.com/page?from=singlemessage', 'what must be signed')
    const msg = await page.textContent(`${byTestId('diagnose-diff-findings-item')}[data-code="QUERY_EXTRA"] ${byTestId('finding-message')}`)
    if (!msg?.includes('from=singlemessage')) throw new Error(`the QUERY_EXTRA message does not name the parameter: ${JSON.stringify(msg)}`)
  })

  await check('Diagnose: the explainer explains "config:invalid signature" and leads to the forensics', async () => {
    await page.click(byTestId('diagnose-tab-explain'))
    await page.waitForSelector(byTestId('diagnose-explain'), { state: 'visible' })
    await fillText(page, 'diagnose-explain-input', 'config:invalid signature')
    await page.waitForSelector(`${byTestId('diagnose-explanation')}[data-matched="true"]`, { timeout: STEP_MS }).catch(async () => {
      const err = await page.textContent(byTestId('diagnose-explain-error')).catch(() => null)
      throw new Error(`not explained${err ? `: ${err.trim()}` : ''}`)
    })
    const cause = await textOf(page, 'diagnose-explanation-cause')
    if (!cause.includes('40093')) throw new Error(`the cause does not name 40093: ${JSON.stringify(cause.slice(0, 120))}`)
    if (!(await textOf(page, 'diagnose-explanation-fix'))) throw new Error('no fix')
    assertEqual(await attrOf(page, 'diagnose-explanation', 'data-tool'), 'forensics', 'tool named')
    await page.click(byTestId('diagnose-explanation-open'))
    await page.waitForSelector(`${byTestId('diagnose-view')}[data-tool="forensics"]`, { state: 'visible' })
    await page.waitForSelector(byTestId('diagnose-forensics'), { state: 'visible' })
  })

  await check('Diagnose: a link opens the URL diff filled in', async () => {
    const q = new URLSearchParams({ tool: 'diff', signed: 'https://h5.example.com/a', page: 'https://h5.example.com/a' })
    await page.evaluate((hash) => {
      location.hash = hash
    }, `#/diagnose?${q}`)
    await page.waitForSelector(`${byTestId('diagnose-diff-result')}[data-match="true"]`, { timeout: STEP_MS })
    assertEqual(await attrOf(page, 'diagnose-view', 'data-tool'), 'diff', 'tool shown')
    assertEqual(await valueOf(page, 'diagnose-diff-signed-input', 'textarea'), 'https://h5.example.com/a', 'signed URL filled in')
    // Back to the example for the screenshots.
    await fillText(page, 'diagnose-diff-signed-input', DIFF_SIGNED)
    await fillText(page, 'diagnose-diff-page-input', DIFF_PAGE)
    await page.waitForSelector(`${byTestId('diagnose-diff-result')}[data-match="false"]`, { timeout: STEP_MS })
  })

  if (devStarted) {
    await check("Diagnose: the endpoint audit of the dev server's own signing endpoint fails no check", async () => {
      await openArea(page, 'diagnose', 'diagnose-view')
      await page.click(byTestId('diagnose-tab-audit'))
      await page.waitForSelector(byTestId('diagnose-audit'), { state: 'visible' })
      await fill(page, 'diagnose-audit-endpoint', `${DEV_BASE}/api/jssdk/config-signature?url={url}`)
      await fill(page, 'diagnose-audit-page-base', DEV_PAGE)
      await page.click(byTestId('diagnose-audit-kind-corp'))
      await page.click(byTestId('diagnose-audit-run'))
      await page.waitForSelector(byTestId('diagnose-audit-report'), { state: 'visible', timeout: 60_000 }).catch(async () => {
        const err = await page.textContent(byTestId('diagnose-audit-error')).catch(() => null)
        throw new Error(`no report${err ? `: ${err.trim()}` : ''}`)
      })
      const checks = await page.$$eval(byTestId('diagnose-audit-check'), (items) =>
        items.map((i) => ({
          code: i.getAttribute('data-code'),
          state: i.getAttribute('data-state'),
          evidence: i.querySelector('[data-testid="diagnose-audit-evidence"]')?.textContent?.trim() ?? '',
        })),
      )
      if (checks.length < 5) throw new Error(`only ${checks.length} checks: ${JSON.stringify(checks)}`)
      const failing = checks.filter((c) => c.state === 'fail')
      if (failing.length) throw new Error(`failing: ${failing.map((c) => `${c.code} (${c.evidence})`).join('; ')}`)
      const calls = (await page.$$(byTestId('diagnose-audit-call'))).length
      if (calls < 3) throw new Error(`only ${calls} calls listed`)
      console.log(`     ${await textOf(page, 'diagnose-audit-summary')}; ${checks.map((c) => `${c.code}=${c.state}`).join(' ')}`)
    })
  }

  if (diffed) {
    await check('Diagnose: screenshots in light and dark, zh-CN and en-US', async () => {
      const axe = axeCollector(page)
      await page.setViewportSize({ width: 1200, height: 1300 })
      try {
        for (const [lang, theme] of [
          ['en-US', 'dark'],
          ['zh-CN', 'dark'],
          ['zh-CN', 'light'],
          ['en-US', 'light'],
        ]) {
          const tag = `${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}`
          await setAppearance(page, lang, theme)
          await openArea(page, 'diagnose', 'diagnose-view')
          for (const tool of ['diff', 'forensics', 'explain', 'audit']) {
            if (tool !== 'diff' && tag !== 'dark-en' && tag !== 'light-zh') continue
            await page.click(byTestId(`diagnose-tab-${tool}`))
            await page.waitForSelector(byTestId(`diagnose-${tool}`), { state: 'visible' })
            if (tool === 'diff') await page.waitForSelector(`${byTestId('diagnose-diff-result')}[data-match="false"]`)
            await screenshot(page, `diagnose-${tool}-${tag}.png`)
            await axe.into(`diagnose-${tool}-${tag}`)
          }
        }
        axe.check('diagnose')
      } finally {
        await page.setViewportSize({ width: 1200, height: 800 })
        await setAppearance(page, 'en-US', 'dark')
      }
    })
  }

  // --- Tunnel (needs the dev server) ------------------------------------------------
  if (devStarted) {
    const tunnelState = (page, state) =>
      page.waitForSelector(`${byTestId('tunnel-state')}[data-state="${state}"]`, { timeout: 20_000 }).catch(async () => {
        const now = await attrOf(page, 'tunnel-state', 'data-state').catch(() => null)
        const err = await page.textContent(byTestId('tunnel-error')).catch(() => null)
        throw new Error(`the tunnel is ${now}, not ${state}${err ? `: ${err.trim()}` : ''}`)
      })
    const tunnelUp = await check(`Tunnel: a command tunnel "cmd:${TUNNEL_CMD}" at ${TUNNEL_URL} comes up`, async () => {
      await openArea(page, 'tunnel', 'tunnel-view')
      await page.waitForSelector(byTestId('tunnel-state'), { state: 'visible' })
      if ((await attrOf(page, 'tunnel-state', 'data-running')) === 'true') {
        await page.click(byTestId('tunnel-stop')) // left running by an aborted run
        await tunnelState(page, 'down')
      }
      if (await page.$(byTestId('tunnel-dev-stopped'))) throw new Error('the form says the dev server is stopped, but it runs')
      await choose(page, 'tunnel-provider-cmd')
      await fill(page, 'tunnel-cmd-command', TUNNEL_CMD)
      await fill(page, 'tunnel-cmd-public', TUNNEL_URL)
      assertEqual(await textOf(page, 'tunnel-spec'), `cmd:${TUNNEL_CMD}`, 'composed spec')
      await page.click(byTestId('tunnel-start'))
      await tunnelState(page, 'up')
      assertEqual(await textOf(page, 'tunnel-public-url'), TUNNEL_URL, 'public URL')
    })
    if (tunnelUp) {
      await check('Tunnel: the reach banner says "signing only" for a random tunnel host', async () => {
        await page.waitForSelector(`${byTestId('tunnel-reach')}[data-level="signing-only"]`, { timeout: STEP_MS })
        const summary = await textOf(page, 'tunnel-reach-summary')
        if (!summary.includes(TUNNEL_HOST)) throw new Error(`the banner does not name ${TUNNEL_HOST}: ${JSON.stringify(summary)}`)
        if (!(await textOf(page, 'tunnel-reach-snippet')).includes(TUNNEL_URL)) throw new Error('the snippet does not fetch from the tunnel URL')
      })

      await check('Tunnel: the QR card shows a PNG of the test page behind the tunnel', async () => {
        const img = `${byTestId('tunnel-qr-image')}[data-text="${TUNNEL_URL}${TEST_PAGE_PATH}"]`
        await page.waitForSelector(img, { state: 'visible', timeout: STEP_MS })
        const src = (await page.getAttribute(img, 'src')) ?? ''
        if (!src.startsWith('data:image/png;base64,')) throw new Error(`the QR image is not a PNG data URL: ${src.slice(0, 40)}`)
        const size = await page.$eval(img, (el) => ({ w: el.naturalWidth, h: el.naturalHeight, shown: el.getBoundingClientRect().width }))
        if (!(size.w > 0 && size.w === size.h)) throw new Error(`the QR image does not load as a square (${size.w}×${size.h})`)
        if (!FAKE && size.w < 320) throw new Error(`the QR image is ${size.w} px, want at least 320`)
        if (size.shown < 300) throw new Error(`the QR image is shown at ${size.shown} px`)
      })

      await check('Tunnel: the dev server allows the tunnel host', async () => {
        await openArea(page, 'devserver', 'devserver-view')
        const sel = `${byTestId('devserver-host')}[data-kind="tunnel"]`
        await page.waitForSelector(sel, { timeout: STEP_MS })
        assertEqual(((await page.textContent(`${sel} code`)) ?? '').trim(), TUNNEL_HOST, 'tunnel host')
      })

      await check('Tunnel: screenshots in light and dark, zh-CN and en-US', async () => {
        const axe = axeCollector(page)
        await page.setViewportSize({ width: 1200, height: 1900 })
        try {
          for (const [lang, theme] of [
            ['en-US', 'dark'],
            ['zh-CN', 'dark'],
            ['zh-CN', 'light'],
            ['en-US', 'light'],
          ]) {
            await setAppearance(page, lang, theme)
            await openArea(page, 'tunnel', 'tunnel-view')
            await page.waitForSelector(byTestId('tunnel-qr-image'), { state: 'visible', timeout: STEP_MS })
            await screenshot(page, `tunnel-${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}.png`)
            await axe.into(`tunnel-up-${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}`)
          }
          axe.check('tunnel')
        } finally {
          await page.setViewportSize({ width: 1200, height: 800 })
          await setAppearance(page, 'en-US', 'dark')
        }
      })
    }

    await check('Tunnel: Stop stops it; the dev server no longer lists the tunnel host', async () => {
      await openArea(page, 'tunnel', 'tunnel-view')
      if ((await attrOf(page, 'tunnel-state', 'data-running')) === 'true') await page.click(byTestId('tunnel-stop'))
      await tunnelState(page, 'down')
      if (await page.$(byTestId('tunnel-reach'))) throw new Error('the reach banner is still shown')
      await openArea(page, 'devserver', 'devserver-view')
      await page.waitForSelector(`${byTestId('devserver-host')}[data-kind="tunnel"]`, { state: 'detached', timeout: STEP_MS })
    })
  }

  if (devStarted) {
    await check('Dev server: the emulator is turned off again, then Stop stops the server', async () => {
      await openArea(page, 'devserver', 'devserver-view')
      if ((await attrOf(page, 'devserver-emulator', 'data-on')) === 'true') {
        await page.click(byTestId('devserver-emulator-switch'))
        await page.waitForSelector(`${byTestId('devserver-emulator')}[data-on="false"]`, { timeout: STEP_MS })
      }
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

  // --- Join way (加入群聊) -------------------------------------------------------------
  const jwTab = async (name) => {
    await page.click(byTestId(`joinway-tab-${name}`))
    await page.waitForSelector(`${byTestId('joinway-view')}[data-tab="${name}"]`, { timeout: STEP_MS })
  }
  /** Waits until an <img> of that test id shows a data: URL that has loaded; returns its size. */
  const loadedImage = async (testid) => {
    const sel = byTestId(testid)
    await page.waitForSelector(sel, { state: 'visible', timeout: 20_000 }).catch(async () => {
      const err = await page.textContent(byTestId(`${testid}-error`)).catch(() => null)
      throw new Error(`no image ${testid}${err ? `: ${err.trim()}` : ''}`)
    })
    await page.waitForFunction((s) => {
      const img = document.querySelector(s)
      return img && img.complete && img.naturalWidth > 0
    }, sel, { timeout: STEP_MS }).catch(() => {
      throw new Error(`${testid} did not load`)
    })
    const { src, w } = await page.$eval(sel, (el) => ({ src: el.getAttribute('src') ?? '', w: el.naturalWidth }))
    if (!src.startsWith('data:image/')) throw new Error(`${testid} is not a data: image URL: ${src.slice(0, 40)}`)
    return w
  }
  /** Fills a Naive UI number input and leaves it, so the value is taken. */
  const fillNumber = async (testid, value) => {
    await page.fill(`${byTestId(testid)} input`, String(value), { timeout: STEP_MS })
    await page.press(`${byTestId(testid)} input`, 'Tab')
  }
  const poolCount = (name, n) =>
    page.waitForSelector(`${byTestId('joinway-pool')}[data-${name}="${n}"]`, { timeout: 20_000 }).catch(async () => {
      const err = await page.textContent(byTestId('joinway-pool-error')).catch(() => null)
      const terr = await page.textContent(byTestId('joinway-pool-take-error')).catch(() => null)
      throw new Error(`the pool's ${name} count is ${await attrOf(page, 'joinway-pool', `data-${name}`)}, want ${n}${err || terr ? `: ${(err || terr).trim()}` : ''}`)
    })

  const jwGroups = await check('Join way: the area lists the sandbox\'s customer groups, 销售客服群 among them', async () => {
    await openArea(page, 'joinway', 'joinway-view')
    await jwTab('groups')
    await page.click(byTestId('joinway-groups-list'))
    await page.waitForSelector(`${byTestId('joinway-group')}[data-chat-id="${JW_SALES}"]`, { timeout: 20_000 }).catch(async () => {
      const err = await page.textContent(byTestId('joinway-groups-error')).catch(() => null)
      throw new Error(`the sales group is not listed${err ? `: ${err.trim()}` : ''}`)
    })
    for (const id of JW_POOL) await page.waitForSelector(`${byTestId('joinway-group')}[data-chat-id="${id}"]`, { timeout: STEP_MS })
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="joinway-group-open-${id}"]`)?.textContent?.trim() === '销售客服群',
      JW_SALES,
      { timeout: STEP_MS },
    ).catch(() => {
      throw new Error('the sales group\'s name did not load')
    })
    await page.click(byTestId(`joinway-group-open-${JW_SALES}`))
    await page.waitForSelector(`${byTestId('joinway-member')}[data-state="sandbox-qr-1"]`, { timeout: STEP_MS }).catch(() => {
      throw new Error('the details do not show the member who joined with state sandbox-qr-1')
    })
  })

  if (jwGroups) {
    await check(`Join way: a join way for 销售客服群 with state "${JW_STATE}" shows in the registry with its QR image`, async () => {
      await page.click(byTestId(`joinway-group-use-${JW_SALES}`))
      await page.waitForSelector(`${byTestId('joinway-view')}[data-tab="registry"]`, { timeout: STEP_MS })
      await page.waitForSelector(`${byTestId('joinway-form-chat')}[data-chat-id="${JW_SALES}"]`, { timeout: STEP_MS })
      await fill(page, 'joinway-form-state', JW_STATE)
      assertEqual(await textOf(page, 'joinway-form-state-count'), `${JW_STATE.length}/30`, 'state counter')
      await page.click(byTestId('joinway-create-submit'))
      const row = `${byTestId('joinway-row')}[data-state="${JW_STATE}"]`
      await page.waitForSelector(row, { timeout: 20_000 }).catch(async () => {
        const err = await page.textContent(byTestId('joinway-create-error')).catch(() => null)
        throw new Error(`no registry row for ${JW_STATE}${err ? `: ${err.trim()}` : ''}`)
      })
      const id = await page.getAttribute(row, 'data-id')
      const status = await page.getAttribute(row, 'data-status')
      if (status !== 'ready') throw new Error(`the row is ${status}, want ready`)
      if (!/^[0-9a-f]{16,}$/.test((await page.getAttribute(row, 'data-config-id')) ?? '')) throw new Error('the row has no config_id')
      const w = await loadedImage(`joinway-row-image-${id}`)
      // one QR per row (WeCom's image); the state is text under it
      assertEqual(await textOf(page, `joinway-row-qr-state-${id}`), JW_STATE, 'the state under the QR code')
      console.log(`     config_id ${await page.getAttribute(row, 'data-config-id')}; WeCom's QR image ${w} px wide`)
    })

    await check('Join way: threshold 2, the three pool groups added, two taken → the low banner and the nav badge', async () => {
      await jwTab('pool')
      await page.waitForSelector(byTestId('joinway-pool'), { state: 'visible' })
      await fillNumber('joinway-pool-threshold', 2)
      await page.click(byTestId('joinway-pool-threshold-set'))
      await fill(page, 'joinway-pool-add-ids', JW_POOL.join(' '))
      await page.click(byTestId('joinway-pool-add'))
      await poolCount('free', 3)
      for (const [i, label] of JW_LABELS.entries()) {
        await fill(page, 'joinway-pool-label', label)
        await page.click(byTestId('joinway-pool-take'))
        await page.waitForSelector(`${byTestId('joinway-pool-taken')}[data-label="${label}"]`, { timeout: 20_000 }).catch(async () => {
          const err = await page.textContent(byTestId('joinway-pool-take-error')).catch(() => null)
          throw new Error(`${label} got no group${err ? `: ${err.trim()}` : ''}`)
        })
        await poolCount('used', i + 1)
      }
      await loadedImage('joinway-pool-taken-image')
      await poolCount('free', 1)
      await page.waitForSelector(byTestId('joinway-low-banner'), { state: 'visible', timeout: STEP_MS }).catch(() => {
        throw new Error('no low-pool banner with 1 free group and threshold 2')
      })
      const badge = byTestId('nav-joinway-badge')
      await page.waitForSelector(badge, { state: 'visible', timeout: STEP_MS }).catch(() => {
        throw new Error('no badge on the Join way navigation item')
      })
      assertEqual(await page.getAttribute(badge, 'data-free'), '1', 'badge count')
      const label = (await page.getAttribute(badge, 'aria-label')) ?? ''
      if (!label.includes('1')) throw new Error(`the badge's accessible label is ${JSON.stringify(label)}`)
    })

    await check('Join way: a batch of 3 test codes reaches 3/3 and writes the zip', async () => {
      await jwTab('batch')
      await page.click(byTestId('joinway-batch-mode-range'))
      await fill(page, 'joinway-batch-prefix', JW_BATCH_PREFIX)
      await fillNumber('joinway-batch-count', 3)
      await fillNumber('joinway-batch-start-at', 1)
      await page.click(`${byTestId('joinway-batch-form-chats')} button`)
      await page.fill(`${byTestId('joinway-batch-form-chats')} input`, JW_SALES)
      await page.press(`${byTestId('joinway-batch-form-chats')} input`, 'Enter')
      await page.waitForSelector(`${byTestId('joinway-batch-form-chat')}[data-chat-id="${JW_SALES}"]`, { timeout: STEP_MS })
      await page.waitForSelector(`${byTestId('joinway-batch-preview')}[data-count="3"]`, { timeout: STEP_MS }).catch(async () => {
        throw new Error(`the preview has ${await attrOf(page, 'joinway-batch-preview', 'data-count')} states, want 3`)
      })
      await page.click(byTestId('joinway-batch-start'))
      const done = `${byTestId('joinway-batch-progress')}[data-finished="true"]`
      await page.waitForSelector(done, { timeout: 60_000 }).catch(async () => {
        const err = await page.textContent(byTestId('joinway-batch-error')).catch(() => null)
        const at = await attrOf(page, 'joinway-batch-progress', 'data-done').catch(() => null)
        throw new Error(`the batch did not finish (done ${at})${err ? `: ${err.trim()}` : ''}`)
      })
      assertEqual(await attrOf(page, 'joinway-batch-progress', 'data-done'), '3', 'done')
      assertEqual(await attrOf(page, 'joinway-batch-progress', 'data-total'), '3', 'total')
      assertEqual(await attrOf(page, 'joinway-batch-progress', 'data-failed'), '0', 'failed')
      assertEqual(await textOf(page, 'joinway-batch-count-text'), '3 / 3', 'progress text')
      const zip = await textOf(page, 'joinway-batch-path')
      if (!zip.endsWith('.zip')) throw new Error(`no zip path: ${JSON.stringify(zip)}`)
      console.log(`     zip: ${zip}`)
      if (!FAKE) {
        const bytes = await readFile(zip)
        const text = bytes.toString('latin1')
        if (!text.startsWith('PK')) throw new Error(`${zip} is not a zip`)
        for (const name of ['manifest.csv', `${JW_BATCH_PREFIX}1`, `${JW_BATCH_PREFIX}2`, `${JW_BATCH_PREFIX}3`]) {
          if (!text.includes(name)) throw new Error(`${zip} has no ${name}`)
        }
        await rm(zip, { force: true }) // it went to the real Downloads folder
      }
    })

    await check('Join way: screenshots in zh-CN light and en-US dark', async () => {
      const axe = axeCollector(page)
      await page.setViewportSize({ width: 1200, height: 1900 })
      try {
        for (const [lang, theme] of [
          ['zh-CN', 'light'],
          ['en-US', 'dark'],
        ]) {
          const tag = `${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}`
          await setAppearance(page, lang, theme)
          await openArea(page, 'joinway', 'joinway-view')
          for (const tab of ['groups', 'registry', 'pool', 'mapping', 'batch']) {
            await jwTab(tab)
            if (tab === 'groups' && !(await page.$(byTestId('joinway-group')))) {
              await page.click(byTestId('joinway-groups-list'))
              await page.waitForSelector(byTestId('joinway-group'), { timeout: STEP_MS })
            }
            if (tab === 'registry') await loadedImage(`joinway-row-image-${await page.getAttribute(`${byTestId('joinway-row')}[data-state="${JW_STATE}"]`, 'data-id')}`)
            await screenshot(page, `joinway-${tab}-${tag}.png`)
            await axe.into(`joinway-${tab}-${tag}`)
          }
        }
        axe.check('joinway')
      } finally {
        await page.setViewportSize({ width: 1200, height: 800 })
        await setAppearance(page, 'en-US', 'dark')
      }
    })

    await check('Join way: Release gives a group back after a confirmation; the banner and the badge go', async () => {
      await openArea(page, 'joinway', 'joinway-view')
      await jwTab('pool')
      const used = await page.getAttribute(`${byTestId('joinway-pool-group')}[data-free="false"]`, 'data-chat-id')
      await page.click(byTestId(`joinway-pool-release-${used}`))
      await page.click(byTestId('confirm-ok'))
      await poolCount('free', 2)
      await page.waitForSelector(byTestId('joinway-low-banner'), { state: 'detached', timeout: STEP_MS })
      await page.waitForSelector(byTestId('nav-joinway-badge'), { state: 'detached', timeout: STEP_MS })
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

  // axe-core on every area and the dialogs that open cheaply, in both themes and both
  // languages (issue 15): no serious or critical violation. The running dev server, the
  // tunnel, the diagnose tools and the join way tabs were scanned with their data above.
  const AREAS = [
    ['profiles', 'profiles-view'],
    ['tickets', 'tickets-view'],
    ['sign', 'sign-view'],
    ['devserver', 'devserver-view'],
    ['tunnel', 'tunnel-view'],
    ['diagnose', 'diagnose-view'],
    ['joinway', 'joinway-view'],
    ['callbacks', 'callbacks-view'],
    ['settings', 'settings-view'],
  ]
  for (const [lang, theme] of [
    ['en-US', 'light'],
    ['en-US', 'dark'],
    ['zh-CN', 'light'],
    ['zh-CN', 'dark'],
  ]) {
    const tag = `${theme}-${lang === 'zh-CN' ? 'zh' : 'en'}`
    await check(`axe: no serious or critical violation in any area or dialog (${tag})`, async () => {
      await setAppearance(page, lang, theme)
      const found = []
      const scan = async (name) => found.push(...(await axeScan(page, `${name}-${tag}`)).map((l) => `${name}: ${l}`))
      for (const [area, view] of AREAS) {
        await openArea(page, area, view)
        await scan(area)
      }
      await page.click(byTestId('about-button'))
      await page.waitForSelector(byTestId('about-version'), { state: 'visible' })
      await scan('about')
      await page.click(byTestId('about-close'))
      await page.waitForSelector(byTestId('about-version'), { state: 'detached' })
      await openArea(page, 'profiles', 'profiles-view')
      await page.click(byTestId('profile-add'))
      await page.waitForSelector(byTestId('profile-form'), { state: 'visible' })
      await scan('profile-form')
      await page.click(byTestId('profile-cancel'))
      await page.waitForSelector(byTestId('profile-form'), { state: 'hidden' })
      assertNoAxe(found, tag)
    })
  }

  // IDs, URLs and hashes never run out of their cell into the next column (issue 15): a
  // table cell or a definition whose content is wider than it and not clipped (an ellipsis
  // or a scroll) spills. Every area, in both languages, with what the checks above left on
  // the screens (credentials, signatures, the dev server's log, join ways).
  for (const lang of ['en-US', 'zh-CN']) {
    await check(`no ID, URL or hash spills out of its cell or wraps inside itself (${lang})`, async () => {
      await openArea(page, 'settings', 'settings-view')
      await choose(page, `lang-${lang}`)
      const spills = []
      for (const [area, view] of AREAS.filter(([area]) => area !== 'settings')) {
        await openArea(page, area, view)
        const found = await page.evaluate(() =>
          [...document.querySelectorAll('td, dd')]
            .filter((el) => {
              const cs = getComputedStyle(el)
              if (cs.display === 'none' || el.getClientRects().length === 0) return false
              return cs.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1
            })
            .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth} px)`),
        )
        for (const f of found) spills.push(`${area}: ${f}`)
        // A token (an ID, hash, URL, the URL diff's segmented URLs) never wraps inside itself.
        const wrapping = await page.evaluate(() =>
          [...document.querySelectorAll('.wd-token, code.url')]
            .filter((el) => el.getClientRects().length > 0 && !['nowrap', 'pre'].includes(getComputedStyle(el).whiteSpace))
            .map((el) => `token "${(el.textContent ?? '').trim().slice(0, 40)}" may wrap (white-space: ${getComputedStyle(el).whiteSpace})`),
        )
        for (const f of wrapping) spills.push(`${area}: ${f}`)
      }
      if (spills.length) throw new Error(`${spills.length} cells spill: ${spills.slice(0, 6).join('; ')}`)
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

  return finish(tally.failed ? 1 : 0)
}

main().catch(async (err) => {
  tally.fail(String(err?.message ?? err).split('\n')[0])
  await finish(1)
})
