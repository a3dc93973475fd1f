// What the end-to-end scripts (phone, proxy, ui) share: the tally of their checks, with the
// output the shell scripts read ("ok N - …" / "FAIL N - …" per check, and last exactly
// "N passed, M failed"), and Debian's headless Chromium with the flags they all need.
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.WECOMDEV_CHROMIUM || '/usr/bin/chromium'

// No sandbox (root in a container), no GPU, nothing that phones home during a check.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** launchChromium starts the browser headless; args are added to the shared flags. */
export function launchChromium({ args = [], ...options } = {}) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 30_000, ...options, args: [...CHROMIUM_ARGS, ...args] })
}

/**
 * Tally runs named checks: a failure is counted and reported, and the run goes on. With
 * first (the number of the first check, which a script running several counts on), each
 * line carries its number; without, its name only.
 */
export class Tally {
  passed = 0
  failed = 0

  constructor(first) {
    this.first = first
  }

  #label(name) {
    return this.first === undefined ? name : `${this.first + this.passed + this.failed} - ${name}`
  }

  async check(name, fn) {
    const label = this.#label(name)
    try {
      await fn()
      this.passed++
      console.log(this.first === undefined ? `ok   ${label}` : `ok ${label}`)
      return true
    } catch (err) {
      this.failed++
      console.error(`FAIL ${label}: ${String(err?.message ?? err).split('\n')[0]}`)
      return false
    }
  }

  /** fail counts a failure outside a check (setup, the overall bound, a signal). */
  fail(message) {
    this.failed++
    console.error(`FAIL ${message}`)
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`)
  }

  /** The exit code: 0 only when something passed and nothing failed. */
  get code() {
    return this.failed === 0 && this.passed > 0 ? 0 : 1
  }
}

export function assert(cond, what) {
  if (!cond) throw new Error(what)
}
