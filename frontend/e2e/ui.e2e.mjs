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
//   WECOMDEV_E2E_TIMEOUT   overall limit, seconds  (default 90)
//   WECOMDEV_UI_FAKE=1     inject a fake in-page Go backend (localStorage-backed) so
//                          the selectors can be checked against plain `npm run dev`
//                          (http://localhost:5173). Not a substitute for the real run.
//
// Prints one line per check and finally exactly "N passed, M failed";
// exits 0 only when nothing failed.

import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from 'playwright-core'

const URL = process.env.WECOMDEV_UI_URL || 'http://localhost:34115'
const ARTIFACTS = process.env.WECOMDEV_ARTIFACTS || 'test-artifacts'
const CHROMIUM = process.env.WECOMDEV_CHROMIUM || '/usr/bin/chromium'
const OVERALL_MS = Number(process.env.WECOMDEV_E2E_TIMEOUT || 90) * 1000
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
    },
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

  await check('cleanup: both back to follow system', async () => {
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
