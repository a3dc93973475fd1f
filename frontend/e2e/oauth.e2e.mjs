#!/usr/bin/env node
// End-to-end check of OAuth (网页授权) under the emulator, in Debian's chromium driven by
// playwright-core, against a running dev server with the emulator on (scripts/e2e-phone.sh
// starts it: wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate):
//
//   - a page of this script's own (served on another loopback port, as a developer's Vite
//     page would be) with a login button goes to ${base}/connect/oauth2/authorize?…, comes
//     back with a code, exchanges it at /api/oauth/userinfo and shows the userid; the
//     console's --json stream shows the oauth-authorize and oauth-userinfo steps with it;
//   - a reload, which exchanges the same code again (the page does not strip it), gets the
//     40029 finding OAUTH_CODE_REUSED with the first use beside it, in the answer and in
//     the stream; the code never appears in the stream;
//   - the member picked in the emulator (its overlay's endpoint) is who the next login is;
//   - the built-in test page signs in with its OAuth button, takes the code out of its URL
//     and fills the member of the create-group flow.
//
// Environment: WECOMDEV_PHONE_URL (required), WECOMDEV_PHONE_EVENTS (the --json stream
// file, required), WECOMDEV_ARTIFACTS, WECOMDEV_CHROMIUM, WECOMDEV_E2E_FIRST,
// WECOMDEV_E2E_TIMEOUT (default 90). Prints "ok N - …" per check and finally exactly
// "N passed, M failed"; exits 0 only when nothing failed.

import { readFile, mkdir } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { assert, launchChromium, Stream, Tally } from './harness.mjs'

const BASE = (process.env.WECOMDEV_PHONE_URL || '').replace(/\/+$/, '')
const EVENTS = process.env.WECOMDEV_PHONE_EVENTS || ''
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 90) * 1000
const STEP_MS = 15_000
const tally = new Tally(Number(process.env.WECOMDEV_E2E_FIRST || 1))
const check = (name, fn) => tally.check(name, fn)

if (!BASE || !EVENTS) {
  console.error('oauth e2e: set WECOMDEV_PHONE_URL and WECOMDEV_PHONE_EVENTS (a dev server started with --emulate --json, its stdout in that file)')
  process.exit(2)
}

let browser = null
let site = null
const overall = setTimeout(() => {
  tally.fail(`overall: the OAuth check did not finish within ${OVERALL_MS / 1000} s`)
  if (browser) browser.close().catch(() => {})
  tally.summary()
  process.exit(1)
}, OVERALL_MS)

const stream = new Stream(EVENTS, STEP_MS)

/** The developer's page: a login button, the userid or the error, the code NOT stripped. */
function ownPage(cfg) {
  return `<!doctype html><meta charset="utf-8"><title>oauth e2e</title>
<button id="login">Login with WeCom</button><p id="who"></p><pre id="err" style="white-space:pre-wrap"></pre>
<script>
const OAUTH_BASE = ${JSON.stringify(BASE)} // what VITE_OAUTH_BASE would be
const code = new URLSearchParams(location.search).get('code')
document.getElementById('login').onclick = () => {
  const redirect = location.origin + '/page'
  location.assign(OAUTH_BASE + '/connect/oauth2/authorize?appid=' + ${JSON.stringify(cfg.corpId)} +
    '&redirect_uri=' + encodeURIComponent(redirect) + '&response_type=code&scope=snsapi_base&state=e2e1&agentid=' + ${cfg.agentId} + '#wechat_redirect')
}
if (code) {
  fetch(OAUTH_BASE + '/api/oauth/userinfo?code=' + encodeURIComponent(code)).then((r) => r.json()).then((b) => {
    if (b.userid) document.getElementById('who').textContent = b.userid
    else document.getElementById('err').textContent = JSON.stringify(b)
  })
}
</script>`
}

function serveOwnPage(cfg) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(ownPage(cfg))
    })
    srv.listen(0, '127.0.0.1', () => resolve(srv))
  })
}

const oauthEvent = (endpoint, pred = () => true) => (e) => e.event === 'request' && e.endpoint === endpoint && e.oauth && pred(e)

async function setMember(userid) {
  const res = await fetch(`${BASE}/__wecomdev/emulator/member`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userid }) })
  const body = await res.json()
  assert(res.ok && body.member === userid, `switching the emulator's member to ${userid}: HTTP ${res.status} ${JSON.stringify(body)}`)
  return body
}

async function main() {
  console.log(`OAuth check of ${BASE}`)
  const cfg = await (await fetch(`${BASE}/__wecomdev/config.json`)).json()
  assert(cfg.emulate && cfg.emulatorUserId, `config.json says the emulator is off or has no member: ${JSON.stringify(cfg)}`)
  site = await serveOwnPage(cfg)
  const own = `http://127.0.0.1:${site.address().port}/page`
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  const page = await context.newPage()
  let code = ''

  await check(`a page's login goes to ${BASE}/connect/oauth2/authorize, comes back with a code and shows the userid from /api/oauth/userinfo`, async () => {
    await page.goto(own, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    await Promise.all([page.waitForURL(/code=/, { timeout: STEP_MS }), page.click('#login')])
    code = new URL(page.url()).searchParams.get('code') ?? ''
    assert(code && new URL(page.url()).searchParams.get('state') === 'e2e1', `came back to ${page.url()}`)
    await page.waitForFunction(() => document.getElementById('who').textContent || document.getElementById('err').textContent, null, { timeout: STEP_MS })
    const who = await page.textContent('#who')
    assert(who === cfg.emulatorUserId, `the page shows "${who}" (error: ${await page.textContent('#err')}), want ${cfg.emulatorUserId}`)
  })

  await check('the --json stream shows the oauth-authorize and oauth-userinfo steps with the userid', async () => {
    const a = await stream.wait(oauthEvent('oauth-authorize', (e) => e.status === 302), 'oauth-authorize request with status 302')
    assert(a.oauth.userid === cfg.emulatorUserId && a.oauth.emulated, `authorize event ${JSON.stringify(a.oauth)}`)
    const x = await stream.wait(oauthEvent('oauth-userinfo', (e) => e.status === 200), 'oauth-userinfo request with status 200')
    assert(x.oauth.userid === cfg.emulatorUserId, `userinfo event ${JSON.stringify(x.oauth)}`)
  })

  await check('a reload exchanges the same code again and gets the 40029 finding OAUTH_CODE_REUSED, in the page and in the stream', async () => {
    await page.reload({ waitUntil: 'domcontentloaded', timeout: STEP_MS })
    await page.waitForFunction(() => document.getElementById('err').textContent, null, { timeout: STEP_MS })
    const body = JSON.parse((await page.textContent('#err')) ?? '{}')
    assert(body.code === 'WECOM_40029' && body.finding?.code === 'OAUTH_CODE_REUSED' && body.finding.firstUse?.userid === cfg.emulatorUserId, `answer ${JSON.stringify(body)}`)
    const e = await stream.wait(oauthEvent('oauth-userinfo', (e) => e.code === 'WECOM_40029'), 'oauth-userinfo request with code WECOM_40029')
    assert(e.oauth.finding?.code === 'OAUTH_CODE_REUSED' && e.oauth.finding.firstUse, `stream event ${JSON.stringify(e.oauth)}`)
    await mkdir(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: path.join(ARTIFACTS, 'oauth-reused.png'), fullPage: true })
  })

  await check('the code never appears in the --json stream', async () => {
    const all = await readFile(EVENTS, 'utf8')
    assert(code.length >= 20 && !all.includes(code), 'the stream holds the code')
  })

  await check("the member picked in the emulator's overlay is who the next login is", async () => {
    const { members } = await setMember(cfg.emulatorUserId)
    const other = members.find((m) => m !== cfg.emulatorUserId)
    assert(other, `only one member: ${members}`)
    await setMember(other)
    try {
      await page.goto(own, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
      await Promise.all([page.waitForURL(/code=/, { timeout: STEP_MS }), page.click('#login')])
      await page.waitForFunction(() => document.getElementById('who').textContent || document.getElementById('err').textContent, null, { timeout: STEP_MS })
      assert((await page.textContent('#who')) === other, `the page shows "${await page.textContent('#who')}" ${await page.textContent('#err')}, want ${other}`)
    } finally {
      await setMember(cfg.emulatorUserId)
    }
  })

  await check('the built-in test page signs in by OAuth, takes the code out of its URL and fills the member', async () => {
    const p = await context.newPage()
    await p.goto(`${BASE}/__wecomdev/test/`, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    await p.evaluate(() => localStorage.removeItem('wecomdev.member'))
    await p.waitForSelector('[data-testid="oauth-login"]:not([disabled])', { timeout: STEP_MS })
    await Promise.all([p.waitForURL(/code=/, { timeout: STEP_MS }), p.click('[data-testid="oauth-login"]')])
    await p.waitForSelector('[data-testid="step-oauth"]:is([data-state="ok"], [data-state="fail"])', { timeout: STEP_MS })
    const state = await p.getAttribute('[data-testid="step-oauth"]', 'data-state')
    const detail = await p.textContent('[data-testid="detail-oauth"]')
    assert(state === 'ok' && detail.includes(cfg.emulatorUserId), `the OAuth step is ${state}: ${detail}`)
    assert(!/[?&]code=/.test(p.url()), `the code is still in the URL: ${p.url()}`)
    assert((await p.inputValue('[data-testid="group-member"]')) === cfg.emulatorUserId, 'the member field is not filled')
    await p.screenshot({ path: path.join(ARTIFACTS, 'oauth-testpage.png'), fullPage: true })
  })
}

try {
  await main()
} catch (err) {
  tally.fail(`setup: ${err?.message ?? err}`)
} finally {
  clearTimeout(overall)
  if (browser) await browser.close().catch(() => {})
  if (site) site.close()
}
tally.summary()
process.exit(tally.code)
