/** Helpers to compare locale message trees (used by the locale parity test). */

export type MessageTree = { [key: string]: string | MessageTree }

/** Dotted paths of every leaf, e.g. `settings.language.label`. Non-string leaves are listed too. */
export function leafKeys(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return prefix ? [prefix] : []
  const out: string[] = []
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(...leafKeys(value, path))
    else out.push(path)
  }
  return out.sort()
}

/** Keys present in one tree but not the other. */
export function diffKeys(a: unknown, b: unknown): { onlyInA: string[]; onlyInB: string[] } {
  const ka = new Set(leafKeys(a))
  const kb = new Set(leafKeys(b))
  return {
    onlyInA: [...ka].filter((k) => !kb.has(k)),
    onlyInB: [...kb].filter((k) => !ka.has(k)),
  }
}

/** Leaves that are not a non-blank string. */
export function emptyLeaves(tree: unknown): string[] {
  const out: string[] = []
  const walk = (node: unknown, path: string) => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k)
    } else if (typeof node !== 'string' || node.trim() === '') {
      out.push(path)
    }
  }
  walk(tree, '')
  return out
}
