#!/usr/bin/env node
// End-to-end check of the phone side: the built-in test page, the WeCom client emulator
// and the reporter, in Debian's chromium driven by playwright-core, against a running dev
// server with the emulator on, for the sandbox profile:
//
//   wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate
//
// (its first --json line, {"event":"listening","url":…}, gives the URL), then
//
//   WECOMDEV_PHONE_URL=http://127.0.0.1:PORT npm run e2e:phone      (from frontend/)
//
// Environment:
//   WECOMDEV_PHONE_URL     the dev server                (required)
//   WECOMDEV_ARTIFACTS     screenshot folder             (default test-artifacts)
//   WECOMDEV_CHROMIUM      browser executable            (default /usr/bin/chromium)
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds        (default 120)
//
// Checks: the page registers under the emulator (config:ok, agentConfig:ok); the
// create-customer-group flow ends with a chatId stored in the console; a signature over
// the URL with its trailing slash toggled gets config:invalid signature and the console's
// verification names TRAILING_SLASH; agentConfig signed with the corp ticket gets the
// 42012 answer; a playground call answers; the steps reach the console's report endpoint;
// the page in dark mode and in English.
//
// Prints one line per check and finally exactly "N passed, M failed"; exits 0 only when
// nothing failed.

import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from 'playwright-core'

const BASE = (process.env.WECOMDEV_PHONE_URL || '').replace(/\/+$/, '')
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const CHROMIUM = process.env.WECOMDEV_CHROMIUM || '/usr/bin/chromium'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 120) * 1000
const STEP_MS = 15_000
const PAGE = `${BASE}/__wecomdev/test/`

if (!BASE) {
  console.error('phone e2e: set WECOMDEV_PHONE_URL to a dev server started with the emulator on:\n  wecomdev serve sandbox --json --addr 127.0.0.1:0 --emulate')
  process.exit(2)
}

let passed = 0
let failed = 0
let browser = null

function summary() {
  console.log(`${passed} passed, ${failed} failed`)
}

const overall = setTimeout(() => {
  failed++
  console.error(`FAIL overall: the phone check did not finish within ${OVERALL_MS / 1000} s`)
  if (browser) browser.close().catch(() => {})
  summary()
  process.exit(1)
}, OVERALL_MS)

async function check(name, fn) {
  try {
    await fn()
    passed++
    console.log(`ok   ${name}`)
    return true
  } catch (err) {
    failed++
    console.error(`FAIL ${name}: ${String(err?.message ?? err).split('\n')[0]}`)
    return false
  }
}

function assert(cond, what) {
  if (!cond) throw new Error(what)
}

const byTestId = (id) => `[data-testid="${id}"]`

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
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
    const customers = await stepEnd(page, 'customers')
    assert(customers.state === 'ok' && customers.detail.includes('wm5andb0xChenXiaoMing'), `customers step: ${customers.detail}`)
    await screenshot(page, 'phone-group.png')
  })

  await check('a playground call answers and the steps reach the console', async () => {
    assert(main, 'the page did not open')
    const { page, reports } = main
    await page.selectOption(byTestId('pg-api'), 'getLocation')
    await page.click(byTestId('pg-run'))
    await page.waitForSelector(`${byTestId('pg-result')}[data-state="ok"]`, { timeout: STEP_MS })
    const text = await page.locator(byTestId('pg-result')).textContent()
    assert(text.includes('getLocation:ok') && text.includes('latitude'), `result ${text}`)
    await page.waitForTimeout(1500) // the reporter's batch
    assert(reports.length > 0 && reports.every((s) => s === 202), `report answers ${reports.join()}`)
  })

  await check('a signature over the URL with its trailing slash toggled: config:invalid signature, TRAILING_SLASH', async () => {
    const { page, verifications } = await openPage(context, `${PAGE}?mistake=trailing-slash`)
    const cfg = await stepEnd(page, 'config')
    assert(cfg.state === 'fail' && cfg.detail.includes('config:invalid signature'), `config step ${cfg.state}: ${cfg.detail}`)
    assert(cfg.detail.includes('TRAILING_SLASH'), `the page does not show TRAILING_SLASH: ${cfg.detail}`)
    const v = verifications.find((x) => x.api === 'config')
    assert(v && v.errMsg === 'config:invalid signature', `verification ${JSON.stringify(v)}`)
    assert(v.verdict === 'URL_VARIANT' && v.findings.some((f) => f.code === 'TRAILING_SLASH'), `the console's findings: ${JSON.stringify(v.findings?.map((f) => f.code))}`)
    await screenshot(page, 'phone-trailing-slash.png')
    await page.close()
  })

  await check('agentConfig signed with the corp ticket gets the 42012 answer', async () => {
    const { page, verifications } = await openPage(context, `${PAGE}?mistake=corp-ticket-for-agent`)
    const agent = await stepEnd(page, 'agentConfig')
    const cfg = await stepEnd(page, 'config')
    assert(cfg.state === 'ok', `config should still pass: ${cfg.detail}`)
    assert(agent.state === 'fail' && agent.detail.includes('agentConfig:fail') && agent.detail.includes('e=42012'), `agentConfig step ${agent.state}: ${agent.detail}`)
    const v = verifications.find((x) => x.api === 'agentConfig')
    assert(v && v.verdict === 'WRONG_TICKET_KIND' && String(v.result?.err_msg).startsWith('ticket no available'), `verification ${JSON.stringify(v)}`)
    await page.close()
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
    failed++
    console.error(`FAIL setup: ${err?.message ?? err}`)
  })
  .finally(async () => {
    clearTimeout(overall)
    if (browser) await browser.close().catch(() => {})
    summary()
    process.exit(failed === 0 && passed > 0 ? 0 : 1)
  })
