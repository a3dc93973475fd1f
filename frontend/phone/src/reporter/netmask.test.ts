import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { secretName } from './netmask'

// The same examples are checked by internal/devserver/secretnames_test.go against Go's
// reading of secretnames.json: both regexp engines must agree on them.
const examples = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../internal/devserver/testdata/secretnames-examples.json'), 'utf8')) as {
  secret: string[]
  harmless: string[]
}

describe('secretName (internal/devserver/secretnames.json)', () => {
  it('masks every credential name of the examples Go checks too', () => {
    expect(examples.secret.length).toBeGreaterThan(0)
    expect(examples.secret.filter((n) => !secretName(n))).toEqual([])
  })

  it('keeps every harmless name of the examples Go checks too', () => {
    expect(examples.harmless.length).toBeGreaterThan(0)
    expect(examples.harmless.filter((n) => secretName(n))).toEqual([])
  })
})
