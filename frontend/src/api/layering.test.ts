import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Only src/api talks to Go: the views and stores call its functions, which wrap the
// generated Wails bindings (wailsjs/go) and the runtime, and turn Go's errors into
// AppErrors. Tests may stub the bindings (src/test fakes them).
const SRC = join(__dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return sources(p)
    return /\.(ts|vue)$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [p] : []
  })
}

describe('layering', () => {
  it('only src/api and the test fakes import the generated bindings', () => {
    const files = sources(SRC)
    expect(files.length).toBeGreaterThan(20) // the walk found the sources
    const offenders = files
      .map((f) => relative(SRC, f).split('\\').join('/'))
      .filter((f) => !f.startsWith('api/') && !f.startsWith('test/'))
      .filter((f) => /from\s+['"][^'"]*wailsjs\//.test(readFileSync(join(SRC, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
