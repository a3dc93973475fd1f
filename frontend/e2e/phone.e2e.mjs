#!/usr/bin/env node
// End-to-end check of the phone side: the built-in test page, the WeCom client emulator
// and the reporter, in Debian's chromium driven by playwright-core, against a running dev
// server with the emulator on, for the sandbox profile:
//
//   wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate
//
// (its first --json line, {"event":"listening","url":…}, gives the URL), then
//
//   WECOMDEV_PHONE_URL=http://127.0.0.1:PORT WECOMDEV_PHONE_EVENTS=serve.jsonl npm run e2e:phone
//
// from frontend/; scripts/e2e-phone.sh (make e2e-phone) does all of it.
//
// Environment:
//   WECOMDEV_PHONE_URL     the dev server                 (required)
//   WECOMDEV_PHONE_EVENTS  a file the server's --json stdout goes to: the checks then also
//                          wait for the console's own events (emulator verifications with
//                          their finding codes, the chat stored, the reports)
//   WECOMDEV_ARTIFACTS     screenshot folder              (default test-artifacts)
//   WECOMDEV_CHROMIUM      browser executable             (default /usr/bin/chromium)
//   WECOMDEV_E2E_FIRST     the number of the first check  (default 1)
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds         (default 120)
//
// Checks: the page registers under the emulator (config:ok, agentConfig:ok); the
// create-customer-group flow ends with a chatId stored in the console; a signature over
// the URL with its trailing slash toggled gets config:invalid signature and the console's
// verification names TRAILING_SLASH; agentConfig signed with the corp ticket gets the
// 42012 answer and the console says WRONG_TICKET_KIND; a playground call answers; the
// steps reach the console's report endpoint; the page in dark mode and in English; and the
// client's own verdicts (docs/wecom-facts.md, Emulator) with the real @wecom/jssdk:
// getCurExternalContact fails from the workbench entry and answers from a single chat's
// toolbar picked in the emulator's overlay; a jweixin-style WeixinJSBridge.invoke callback
// sees err_msg; a page on another port of a trusted domain fails config (its signing is
// refused too); a wrong corpId gets the client's invalid corpid answer naming the corpId.
// WECOMDEV_TRUSTED_DOMAIN (e2e-phone.sh sets it on the sandbox profile, without a port)
// enables the port check; Chromium resolves it to 127.0.0.1.
//
// Prints "ok N - …" per check and finally exactly "N passed, M failed"; exits 0 only when
// nothing failed.

import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { assert, launchChromium, Stream, Tally } from './harness.mjs'

const BASE = (process.env.WECOMDEV_PHONE_URL || '').replace(/\/+$/, '')
const EVENTS = process.env.WECOMDEV_PHONE_EVENTS || ''
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 120) * 1000
const STEP_MS = 15_000
const FIRST = Number(process.env.WECOMDEV_E2E_FIRST || 1) // the number of the first check (e2e-phone.sh counts on)
const PAGE = `${BASE}/__wecomdev/test/`
const TRUSTED = process.env.WECOMDEV_TRUSTED_DOMAIN || ''

if (!BASE) {
  console.error('phone e2e: set WECOMDEV_PHONE_URL to a dev server started with the emulator on:\n  wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate')
  process.exit(2)
}

const tally = new Tally(FIRST)
const check = (name, fn) => tally.check(name, fn)
let browser = null

const summary = () => tally.summary()

const overall = setTimeout(() => {
  tally.fail(`overall: the phone check did not finish within ${OVERALL_MS / 1000} s`)
  if (browser) browser.close().catch(() => {})
  summary()
  process.exit(1)
}, OVERALL_MS)


const byTestId = (id) => `[data-testid="${id}"]`

const stream = EVENTS ? new Stream(EVENTS, STEP_MS) : null

/** The console's verification of config / agentConfig for a page, from the stream. */
function verification(api, pageUrl) {
  return stream.wait((e) => e.event === 'emulator' && e.api === api && e.pageUrl === pageUrl, `emulator event for ${api} of ${pageUrl}`)
}

/** Waits for a step of the page to end, and returns its state and detail text. */
async function stepEnd(page, key) {
  const sel = `${byTestId(`step-${key}`)}:is([data-state="ok"], [data-state="fail"], [data-state="skip"])`
  await page.waitForSelector(sel, { timeout: STEP_MS })
  const li = page.locator(byTestId(`step-${key}`))
  return { state: await li.getAttribute('data-state'), detail: (await page.locator(byTestId(`detail-${key}`)).textContent()) ?? '' }
}

/** Opens the page and collects the console's answers to the emulator's verifications. */
async function openPage(context, url) {
  const page = await context.newPage()
  const verifications = []
  const reports = []
  page.on('response', async (res) => {
    const u = res.url()
    try {
      if (u.endsWith('/__wecomdev/emulator/verify')) verifications.push(await res.json())
      if (u.endsWith('/__wecomdev/report')) reports.push(res.status())
    } catch {
      // a body that is gone with its page
    }
  })
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
  return { page, verifications, reports }
}

async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true })
}

async function main() {
  console.log(`phone check of ${BASE}; screenshots in ${ARTIFACTS}`)
  if (!stream) console.log("# WECOMDEV_PHONE_EVENTS is not set: the checks of the console's own stream are left out")
  browser = await launchChromium({
    args: [
      // The profile's trusted domain reaches the dev server (the port check opens a page there).
      ...(TRUSTED ? [`--host-resolver-rules=MAP ${TRUSTED} 127.0.0.1`] : []),
    ],
  })
  // A phone-sized window in Chinese, light.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', colorScheme: 'light' })

  let main = null
  await check('the test page registers under the emulator: config:ok and agentConfig:ok', async () => {
    main = await openPage(context, PAGE)
    const { page } = main
    const cfg = await stepEnd(page, 'config')
    const agent = await stepEnd(page, 'agentConfig')
    assert(cfg.state === 'ok' && cfg.detail.includes('config:ok'), `config step ${cfg.state}: ${cfg.detail}`)
    assert(agent.state === 'ok' && agent.detail.includes('agentConfig:ok'), `agentConfig step ${agent.state}: ${agent.detail}`)
    const ua = await page.evaluate(() => navigator.userAgent)
    assert(/wxwork\/[\d.]+/.test(ua), `the page's user agent has no wxwork/ token: ${ua}`)
    assert((await page.locator(byTestId('chip-emulator')).count()) === 1, 'no emulator chip')
    const apis = main.verifications.map((v) => `${v.api}:${v.ok}`).sort()
    assert(apis.join() === 'agentConfig:true,config:true', `the console verified ${apis.join()}`)
    if (stream) {
      for (const api of ['config', 'agentConfig']) {
        const ev = await verification(api, PAGE)
        assert(ev.ok && ev.errMsg === `${api}:ok` && ev.verdict === 'OK', `the console's ${api} event: ${JSON.stringify(ev)}`)
      }
    }
    await screenshot(page, 'phone-registered.png')
  })

  await check('the create-customer-group flow ends with a chatId stored in the console', async () => {
    assert(main, 'the page did not open')
    const { page } = main
    assert((await page.inputValue(byTestId('group-member'))) === 'zhangsan', 'the member is not prefilled with the emulator’s signed-in member')
    await page.fill(byTestId('group-label'), 'E2E-订单-42')
    await page.fill(byTestId('group-mobile'), '13800000001')
    const stored = page.waitForResponse((r) => r.url().endsWith('/__wecomdev/chat'), { timeout: STEP_MS })
    await page.click(byTestId('group-create'))
    const res = await stored
    const body = await res.json()
    assert(res.status() === 200, `POST /__wecomdev/chat answered ${res.status()}: ${JSON.stringify(body)}`)
    await page.waitForSelector(`${byTestId('group-result')}[data-state="ok"]`, { timeout: STEP_MS })
    const chatId = await page.locator(byTestId('group-result')).getAttribute('data-chat-id')
    assert(/^wr[A-Za-z0-9]{30}$/.test(chatId ?? ''), `chatId ${chatId}`)
    assert(body.chatId === chatId && body.label === 'E2E-订单-42' && body.profile, `stored ${JSON.stringify(body)}`)
    if (stream) {
      const ev = await stream.wait((e) => e.event === 'request' && e.endpoint === 'chat' && e.url === `chatId=${chatId}`, `chat entry for ${chatId}`)
      assert(ev.method === 'POST' && ev.status === 200, `the console's chat entry: ${JSON.stringify(ev)}`)
    }
    const customers = await stepEnd(page, 'customers')
    assert(customers.state === 'ok' && customers.detail.includes('wm5andb0xChenXiaoMing'), `customers step: ${customers.detail}`)
    await screenshot(page, 'phone-group.png')
  })

  await check('a playground call answers and the steps reach the console', async () => {
    assert(main, 'the page did not open')
    const { page, reports } = main
    await page.selectOption(byTestId('pg-api'), 'getLocation')
    // The reporter sends in batches: wait for the one that carries the call's outcome.
    const carriesCall = (r) => {
      try {
        return JSON.parse(r.request().postData() ?? '[]').some((ev) => ev.type === 'invoke' && ev.api === 'getLocation')
      } catch {
        return false
      }
    }
    const reported = page.waitForResponse((r) => r.url().endsWith('/__wecomdev/report') && carriesCall(r), { timeout: STEP_MS })
    reported.catch(() => {}) // awaited below; a check that fails before must not leave it unhandled
    await page.click(byTestId('pg-run'))
    await page.waitForSelector(`${byTestId('pg-result')}[data-state="ok"]`, { timeout: STEP_MS })
    const text = await page.locator(byTestId('pg-result')).textContent()
    assert(text.includes('getLocation:ok') && text.includes('latitude'), `result ${text}`)
    const res = await reported
    assert(res.status() === 202, `the report of getLocation answered ${res.status()}`)
    assert(reports.length > 0 && reports.every((s) => s === 202), `report answers ${reports.join()}`)
    if (stream) {
      const ev = await stream.wait((e) => e.event === 'request' && e.endpoint === 'report' && e.url === PAGE && e.message === 'getLocation:ok', 'report entry "getLocation:ok"')
      assert(ev.status === 202, `the console's report entry: ${JSON.stringify(ev)}`)
    }
  })

  await check('a signature over the URL with its trailing slash toggled: config:invalid signature, TRAILING_SLASH', async () => {
    const { page, verifications } = await openPage(context, `${PAGE}?mistake=trailing-slash`)
    const cfg = await stepEnd(page, 'config')
    assert(cfg.state === 'fail' && cfg.detail.includes('config:invalid signature'), `config step ${cfg.state}: ${cfg.detail}`)
    assert(cfg.detail.includes('TRAILING_SLASH'), `the page does not show TRAILING_SLASH: ${cfg.detail}`)
    const v = verifications.find((x) => x.api === 'config')
    assert(v && v.errMsg === 'config:invalid signature', `verification ${JSON.stringify(v)}`)
    assert(v.verdict === 'URL_VARIANT' && v.findings.some((f) => f.code === 'TRAILING_SLASH'), `the console's findings: ${JSON.stringify(v.findings?.map((f) => f.code))}`)
    if (stream) {
      // The page signs both halves over the toggled URL: both events name the cause.
      const pageUrl = `${PAGE}?mistake=trailing-slash`
      for (const [api, errMsg] of [['config', 'config:invalid signature'], ['agentConfig', 'agentConfig:invalid signature']]) {
        const ev = await verification(api, pageUrl)
        const codes = ev.findings.map((f) => f.code)
        assert(!ev.ok && ev.errMsg.startsWith(errMsg) && ev.verdict === 'URL_VARIANT', `the console's ${api} event: ok ${ev.ok}, ${ev.verdict}, ${ev.errMsg}`)
        assert(codes.includes('TRAILING_SLASH'), `the console's ${api} event has findings ${codes.join(', ') || 'none'}, not TRAILING_SLASH`)
        assert(ev.signedUrl === `${BASE}/__wecomdev/test?mistake=trailing-slash`, `the console's ${api} event says the page signed ${ev.signedUrl}`)
      }
    }
    await screenshot(page, 'phone-trailing-slash.png')
    await page.close()
  })

  await check('agentConfig signed with the corp ticket gets the 42012 answer, WRONG_TICKET_KIND', async () => {
    const { page, verifications } = await openPage(context, `${PAGE}?mistake=corp-ticket-for-agent`)
    const agent = await stepEnd(page, 'agentConfig')
    const cfg = await stepEnd(page, 'config')
    assert(cfg.state === 'ok', `config should still pass: ${cfg.detail}`)
    assert(agent.state === 'fail' && agent.detail.includes('agentConfig:fail') && agent.detail.includes('e=42012'), `agentConfig step ${agent.state}: ${agent.detail}`)
    const v = verifications.find((x) => x.api === 'agentConfig')
    assert(v && v.verdict === 'WRONG_TICKET_KIND' && String(v.result?.err_msg).startsWith('ticket no available'), `verification ${JSON.stringify(v)}`)
    if (stream) {
      const pageUrl = `${PAGE}?mistake=corp-ticket-for-agent`
      const ev = await verification('agentConfig', pageUrl)
      assert(!ev.ok && ev.verdict === 'WRONG_TICKET_KIND' && ev.errMsg === 'agentConfig:fail', `the console's agentConfig event: ${JSON.stringify(ev)}`)
      const cfgEv = await verification('config', pageUrl)
      assert(cfgEv.ok && cfgEv.verdict === 'OK', `the console's config event: ${JSON.stringify(cfgEv)}`)
    }
    await page.close()
  })

  await check('getCurExternalContact fails from the workbench entry and answers from a single chat toolbar picked in the overlay', async () => {
    const { page } = await openPage(context, PAGE)
    await stepEnd(page, 'agentConfig')
    const run = async (api) => {
      await page.selectOption(byTestId('pg-api'), api)
      await page.click(byTestId('pg-run'))
      await page.waitForSelector(`${byTestId('pg-result')}:is([data-state="ok"], [data-state="fail"])`, { timeout: STEP_MS })
      return { state: await page.locator(byTestId('pg-result')).getAttribute('data-state'), text: (await page.locator(byTestId('pg-result')).textContent()) ?? '' }
    }
    // The server's entry is normal (the workbench): the client has no external contact.
    const ctx = await run('getContext')
    assert(ctx.state === 'ok' && ctx.text.includes('"entry": "normal"'), `getContext from the workbench: ${ctx.state} ${ctx.text}`)
    const fromWorkbench = await run('getCurExternalContact')
    assert(
      fromWorkbench.state === 'fail' && fromWorkbench.text.includes('getCurExternalContact:fail without context of external contact'),
      `getCurExternalContact from the workbench: ${fromWorkbench.state} ${fromWorkbench.text}`,
    )
    // The overlay keeps another entry for the tab and reloads the page.
    await page.click('[data-wecomdev-entry-toggle]')
    await page.selectOption('[data-wecomdev-entry-form] select[name="entry"]', 'single_chat_tools')
    const reloaded = page.waitForEvent('load', { timeout: STEP_MS })
    await page.click('[data-wecomdev-entry-save]')
    await reloaded
    await stepEnd(page, 'agentConfig')
    const entry = await page.locator('[data-wecomdev-emulator]').getAttribute('data-entry')
    assert(entry === 'single_chat_tools', `the overlay after the reload says entry ${entry}`)
    const fromChat = await run('getCurExternalContact')
    assert(fromChat.state === 'ok' && /"userId": "wm[A-Za-z0-9_-]+"/.test(fromChat.text), `getCurExternalContact from single_chat_tools: ${fromChat.state} ${fromChat.text}`)
    await screenshot(page, 'phone-entry-single-chat.png')
    // Another tab has its own sessionStorage: it follows the server's entry again.
    const other = await openPage(context, PAGE)
    await stepEnd(other.page, 'agentConfig')
    const otherEntry = await other.page.evaluate(() => new Promise((r) => window.WeixinJSBridge.invoke('getContext', {}, r)))
    assert(otherEntry.entry === 'normal', `a second tab's getContext: ${JSON.stringify(otherEntry)}`)
    await other.page.close()
    await page.close()
  })

  await check("a jweixin-style WeixinJSBridge.invoke callback sees err_msg === 'getContext:ok'", async () => {
    assert(main, 'the page did not open')
    const res = await main.page.evaluate(() => new Promise((r) => window.WeixinJSBridge.invoke('getContext', {}, r)))
    assert(res.err_msg === 'getContext:ok' && res.errMsg === 'getContext:ok', `the callback got ${JSON.stringify(res)}`)
    const unknown = await main.page.evaluate(() => new Promise((r) => window.WeixinJSBridge.invoke('noSuchApiAnywhere', {}, r)))
    assert(unknown.err_msg === 'noSuchApiAnywhere:function not exist', `an unknown API answered ${JSON.stringify(unknown)}`)
  })

  await check('a wrong corpId gets the client’s invalid corpid answer (40013), and the console names the corpId', async () => {
    const { page, verifications } = await openPage(context, `${PAGE}?mistake=wrong-corpid`)
    const cfg = await stepEnd(page, 'config')
    assert(cfg.state === 'fail', `config step ${cfg.state}: ${cfg.detail}`)
    const v = verifications.find((x) => x.api === 'config')
    assert(v && !v.ok && String(v.result?.err_Info).includes('invalid corpid') && String(v.result?.err_Info).includes('e=40013'), `verification ${JSON.stringify(v)}`)
    assert(!String(v.errMsg).includes('invalid url domain'), `a wrong corpId answered as a domain: ${v.errMsg}`)
    const profile = await (await fetch(`${BASE}/__wecomdev/config.json`)).json()
    const wrong = profile.corpId.slice(0, -1) + (profile.corpId.endsWith('0') ? '1' : '0')
    const w = v.warnings.find((x) => x.code === 'CORP_ID')
    assert(w && w.message['en-US'].includes(wrong) && w.message['en-US'].includes(profile.corpId), `the CORP_ID warning: ${JSON.stringify(w)}`)
    assert(cfg.detail.includes(wrong), `the page's config step does not name the corpId ${wrong}: ${cfg.detail}`)
    await page.close()
  })

  await check('a page on another port of a trusted domain fails config (invalid url domain), and its signing is refused', async () => {
    assert(TRUSTED, 'WECOMDEV_TRUSTED_DOMAIN is not set: e2e-phone.sh sets a trusted domain on the sandbox profile for this check')
    const port = new URL(BASE).port
    const pageUrl = `http://${TRUSTED}:${port}/__wecomdev/test/`
    // The console refuses to sign for it: the trusted domain has no port, the page has one.
    const signed = await fetch(`${BASE}/api/jssdk/config-signature?url=${encodeURIComponent(pageUrl)}`)
    const refusal = await signed.json()
    assert(signed.status === 403 && JSON.stringify(refusal).includes('port'), `signing for ${pageUrl}: ${signed.status} ${JSON.stringify(refusal)}`)
    // A page given a signature anyway (a server that signs for any URL) meets the client's
    // domain check first: the real SDK gets config:invalid url domain.
    const tab = await context.newPage()
    await tab.route('**/api/jssdk/*-signature?*', (route) =>
      route.fulfill({ json: { timestamp: String(Math.floor(Date.now() / 1000)), nonceStr: 'e2ePortCheck', signature: '0'.repeat(40) } }),
    )
    const verifications = []
    tab.on('response', async (res) => {
      if (res.url().endsWith('/__wecomdev/emulator/verify')) verifications.push(await res.json().catch(() => null))
    })
    await tab.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    const cfg = await stepEnd(tab, 'config')
    assert(cfg.state === 'fail' && cfg.detail.includes('config:invalid url domain'), `config step ${cfg.state}: ${cfg.detail}`)
    const v = verifications.find((x) => x?.api === 'config')
    const w = v?.warnings.find((x) => x.code === 'NOT_TRUSTED')
    assert(w && w.message['en-US'].includes(`${TRUSTED}:${port}`) && w.message['en-US'].includes('The port is part of the domain'), `the NOT_TRUSTED warning: ${JSON.stringify(v?.warnings)}`)
    await screenshot(tab, 'phone-other-port.png')
    await tab.close()
  })

  await check('the page follows dark mode and English', async () => {
    const dark = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
    const page = await dark.newPage()
    await page.goto(PAGE, { waitUntil: 'domcontentloaded', timeout: STEP_MS })
    await stepEnd(page, 'agentConfig')
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert(bg === 'rgb(0, 0, 0)', `dark page background ${bg}`)
    const title = await page.locator('h1').textContent()
    assert(title === 'JS-SDK test page', `title ${title}`)
    assert((await page.evaluate(() => navigator.userAgent)).includes('ColorScheme/Dark'), 'the emulated user agent does not say ColorScheme/Dark')
    await screenshot(page, 'phone-dark-en.png')
    await dark.close()
  })
}

main()
  .catch((err) => {
    tally.fail(`setup: ${err?.message ?? err}`)
  })
  .finally(async () => {
    clearTimeout(overall)
    if (browser) await browser.close().catch(() => {})
    summary()
    process.exit(tally.code)
  })
