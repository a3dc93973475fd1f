// The network channel: the captured requests and the page's environment go to the console
// in batches (POST /__wecomdev/network, with the page's own fetch and sendBeacon, never the
// hooked ones), and the console's commands come back on one EventSource
// (/__wecomdev/network/stream): the body limit, eruda on or off, reload, navigate.
// Bounded: at most maxQueue events wait, at most maxPerSession are sent per page load; the
// rest are counted as dropped and the count is sent.
import type { NetEvent } from '../shared/netevent'
import type { PageEnv } from './env'

export interface Batch {
  sid: string
  env?: PageEnv
  dropped?: number
  events: NetEvent[]
}

export type Post = (url: string, body: string, final: boolean) => Promise<boolean>

export interface ChannelOptions {
  endpoint: string
  post: Post
  env: () => PageEnv
  sid?: string
  maxQueue?: number
  maxPerSession?: number
  maxBatchBytes?: number
  flushMs?: number
  schedule?: (fn: () => void, ms: number) => unknown
}

export interface Channel {
  readonly sid: string
  push(ev: NetEvent): void
  flush(final?: boolean): Promise<void>
  /** The page moved (history API) or its storage changed: send the environment again. */
  envChanged(): void
  readonly queued: number
  readonly dropped: number
  readonly sent: number
}

export function newSessionID(): string {
  const a = new Uint8Array(9)
  try {
    crypto.getRandomValues(a)
  } catch {
    for (let i = 0; i < a.length; i++) a[i] = Math.floor(Math.random() * 256)
  }
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * idleAfter runs fn ms from now, once the page is idle (requestIdleCallback, at most a
 * second later): a batch is sent between the page's own work, not in the middle of it.
 */
export function idleAfter(fn: () => void, ms: number): unknown {
  return setTimeout(() => {
    const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback
    if (typeof ric !== 'function') return fn()
    try {
      ric(fn, { timeout: 1000 })
    } catch {
      fn()
    }
  }, ms)
}

export function createChannel(o: ChannelOptions): Channel {
  const sid = o.sid ?? newSessionID()
  const maxQueue = o.maxQueue ?? 100
  const maxPerSession = o.maxPerSession ?? 1000
  const maxBatchBytes = o.maxBatchBytes ?? 200_000
  const flushMs = o.flushMs ?? 1000
  const schedule = o.schedule ?? idleAfter
  const queue: NetEvent[] = []
  let accepted = 0
  let sent = 0
  let dropped = 0
  let reportedDropped = -1
  let envDue = true
  let lastEnvURL = ''
  let timer: unknown = null
  let sending = false
  let failures = 0

  function later(ms: number) {
    if (timer !== null) return
    timer = schedule(() => {
      timer = null
      void flush()
    }, ms)
  }

  function push(ev: NetEvent) {
    if (queue.length >= maxQueue || accepted >= maxPerSession) {
      dropped++
      later(flushMs)
      return
    }
    accepted++
    queue.push(ev)
    later(flushMs)
  }

  function take(): Batch {
    const b: Batch = { sid, events: [] }
    let bytes = 100
    if (envDue) {
      try {
        b.env = o.env()
        lastEnvURL = b.env.url
        bytes += JSON.stringify(b.env).length
      } catch {
        // no environment this time
      }
      envDue = false
    }
    while (queue.length > 0) {
      const size = JSON.stringify(queue[0]).length + 1
      if (b.events.length > 0 && bytes + size > maxBatchBytes) break
      b.events.push(queue.shift()!)
      bytes += size
    }
    if (dropped !== reportedDropped && dropped > 0) {
      b.dropped = dropped
      reportedDropped = dropped
    }
    return b
  }

  async function flush(final = false): Promise<void> {
    if (sending && !final) return
    sending = true
    try {
      try {
        if (!envDue && o.env().url !== lastEnvURL) envDue = true
      } catch {
        // keep the last environment
      }
      while (queue.length > 0 || envDue || (dropped > 0 && dropped !== reportedDropped)) {
        const b = take()
        let ok = false
        try {
          ok = await o.post(o.endpoint, JSON.stringify(b), final)
        } catch {
          ok = false
        }
        if (ok) {
          sent += b.events.length
          failures = 0
          continue
        }
        if (final || ++failures > 3) {
          dropped += b.events.length
        } else {
          queue.unshift(...b.events.slice(0, Math.max(0, maxQueue - queue.length)))
          if (b.env) envDue = true
          later(1000 * 2 ** failures)
        }
        break
      }
    } finally {
      sending = false
    }
  }

  return {
    sid,
    push,
    flush,
    envChanged() {
      envDue = true
      later(flushMs)
    },
    get queued() {
      return queue.length
    },
    get dropped() {
      return dropped
    },
    get sent() {
      return sent
    },
  }
}

/** makePost sends with the page's original fetch (keepalive when small), sendBeacon when the page goes away. */
export function makePost(fetchFn: typeof fetch | undefined, beacon: ((url: string, data: Blob) => boolean) | undefined): Post {
  return async (url, body, final) => {
    if (final && beacon) {
      try {
        if (beacon.call(navigator, url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return true
      } catch {
        // fall back to fetch
      }
    }
    if (!fetchFn) return false
    const res = await fetchFn.call(globalThis, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      keepalive: body.length < 60_000,
      credentials: 'omit',
    })
    return res.ok
  }
}

/** A command the console sends down the stream. */
export interface Command {
  op: 'config' | 'reload' | 'navigate' | 'eruda'
  url?: string
  on?: boolean
  bodyLimit?: number
  eruda?: boolean
}

export interface CommandHooks {
  setBodyLimit(n: number): void
  eruda(on: boolean): void
  /** Says on the page what the console does (pagenote.ts), before reload / go. */
  note(kind: 'reload' | 'navigate', url: string): void
  reload(): void
  go(url: string): void
}

/** runCommand applies one command; navigate only to an http(s) URL. */
export function runCommand(c: Command, h: CommandHooks) {
  switch (c.op) {
    case 'config':
      if (typeof c.bodyLimit === 'number' && c.bodyLimit >= 0) h.setBodyLimit(c.bodyLimit)
      if (typeof c.eruda === 'boolean') h.eruda(c.eruda)
      break
    case 'eruda':
      h.eruda(!!c.on)
      break
    case 'reload':
      h.note('reload', '')
      h.reload()
      break
    case 'navigate':
      if (c.url && /^https?:\/\//i.test(c.url)) {
        h.note('navigate', c.url)
        h.go(c.url)
      }
      break
  }
}
