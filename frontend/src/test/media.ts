/** A controllable window.matchMedia for jsdom (which has none). */
type Listener = (e: MediaQueryListEvent) => void

const listeners = new Map<string, Set<Listener>>()
let dark = false

function matches(query: string): boolean {
  return query.replace(/\s+/g, '') === '(prefers-color-scheme:dark)' ? dark : false
}

export function fakeMatchMedia(query: string): MediaQueryList {
  const set = listeners.get(query) ?? new Set<Listener>()
  listeners.set(query, set)
  const mql = {
    media: query,
    get matches() {
      return matches(query)
    },
    onchange: null,
    addEventListener: (_type: string, l: Listener) => set.add(l),
    removeEventListener: (_type: string, l: Listener) => set.delete(l),
    addListener: (l: Listener) => set.add(l),
    removeListener: (l: Listener) => set.delete(l),
    dispatchEvent: () => true,
  }
  return mql as unknown as MediaQueryList
}

/** Sets the OS colour scheme and notifies the listeners. */
export function setSystemDark(value: boolean): void {
  dark = value
  for (const [query, set] of listeners) {
    for (const l of [...set]) l({ matches: matches(query), media: query } as MediaQueryListEvent)
  }
}

/** Number of change listeners on the dark-scheme query. */
export function darkListenerCount(): number {
  let n = 0
  for (const [query, set] of listeners) if (query.includes('prefers-color-scheme')) n += set.size
  return n
}

export function resetMedia(): void {
  dark = false
  listeners.clear()
}
