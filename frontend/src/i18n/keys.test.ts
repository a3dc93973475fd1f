import { describe, expect, it } from 'vitest'
import { diffKeys, emptyLeaves, leafKeys } from './keys'

describe('locale key helpers', () => {
  it('lists nested leaves as sorted dotted paths', () => {
    expect(leafKeys({ b: 'x', a: { d: 'y', c: { e: 'z' } } })).toEqual(['a.c.e', 'a.d', 'b'])
  })

  it('reports keys missing on either side, including nested ones', () => {
    const a = { nav: { settings: 'Settings', about: 'About' }, only: 'a' }
    const b = { nav: { settings: '设置' }, extra: { deep: 'b' } }
    expect(diffKeys(a, b)).toEqual({ onlyInA: ['nav.about', 'only'], onlyInB: ['extra.deep'] })
  })

  it('treats a leaf that is an object on one side and a string on the other as different keys', () => {
    expect(diffKeys({ a: 'x' }, { a: { b: 'y' } })).toEqual({ onlyInA: ['a'], onlyInB: ['a.b'] })
  })

  it('reports no difference for identical key sets', () => {
    expect(diffKeys({ a: { b: '1' } }, { a: { b: '2' } })).toEqual({ onlyInA: [], onlyInB: [] })
  })

  it('finds empty, blank and non-string leaves', () => {
    expect(emptyLeaves({ a: '', b: { c: '  ', d: 'ok' }, e: 3, f: null })).toEqual(['a', 'b.c', 'e', 'f'])
    expect(emptyLeaves({ a: 'x', b: { c: 'y' } })).toEqual([])
  })
})
