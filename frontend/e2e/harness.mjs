// What the end-to-end scripts (phone, proxy, ui) share: the tally of their checks, with the
// output the shell scripts read ("ok N - …" / "FAIL N - …" per check, and last exactly
// "N passed, M failed"), and Debian's headless Chromium with the flags they all need.
import { open } from 'node:fs/promises'
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

/**
 * The console's --json stream, read from the file serve writes it to. wait() re-reads what
 * was appended until a line matches: the server logs a request after answering it, so its
 * line may come a moment after the page saw the answer.
 */
export class Stream {
  items = []
  #offset = 0
  #partial = ''

  /** file: where serve --json writes; ms: how long wait() waits by default. */
  constructor(file, ms = 15_000) {
    this.file = file
    this.ms = ms
  }

  async #read() {
    const fh = await open(this.file, 'r')
    try {
      for (;;) {
        const buf = Buffer.alloc(64 << 10)
        const { bytesRead } = await fh.read(buf, 0, buf.length, this.#offset)
        if (bytesRead === 0) break
        this.#offset += bytesRead
        const lines = (this.#partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n')
        this.#partial = lines.pop()
        for (const line of lines) {
          if (!line.trim()) continue
          try {
            this.items.push(JSON.parse(line))
          } catch {
            this.items.push({ event: 'not-json', line })
          }
        }
      }
    } finally {
      await fh.close()
    }
  }

  async wait(pred, what, ms = this.ms) {
    const deadline = Date.now() + ms
    let from = 0
    for (;;) {
      await this.#read()
      const found = this.items.slice(from).find(pred)
      if (found) return found
      from = this.items.length
      if (Date.now() > deadline) throw new Error(`the console's stream has no ${what} within ${ms / 1000} s (${this.file})`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

/**
 * Events holds what a child process printed as JSON lines (serve --json on a pipe) and
 * waits for one by predicate; lines that came already count (from: the first index looked at).
 */
export class Events {
  items = []
  #waiters = new Set()

  /** line takes one line of the stream. */
  line(text) {
    let ev
    try {
      ev = JSON.parse(text)
    } catch {
      ev = { event: 'not-json', line: text }
    }
    this.items.push(ev)
    for (const w of this.#waiters) if (w.pred(ev)) (this.#waiters.delete(w), clearTimeout(w.timer), w.resolve(ev))
  }

  wait(pred, what, ms, from = 0) {
    const found = this.items.slice(from).find(pred)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const w = { pred, resolve }
      w.timer = setTimeout(() => (this.#waiters.delete(w), reject(new Error(`no ${what} within ${ms / 1000} s`))), ms)
      this.#waiters.add(w)
    })
  }
}
