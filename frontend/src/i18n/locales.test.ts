import { describe, expect, it } from 'vitest'
import { diffKeys, emptyLeaves, leafKeys } from './keys'
import enUS from './locales/en-US.json'
import zhCN from './locales/zh-CN.json'

describe('locale files', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    expect(diffKeys(zhCN, enUS)).toEqual({ onlyInA: [], onlyInB: [] })
    expect(leafKeys(zhCN).length).toBeGreaterThan(10)
  })

  it.each([
    ['zh-CN', zhCN],
    ['en-US', enUS],
  ])('%s has no empty strings', (_name, messages) => {
    expect(emptyLeaves(messages)).toEqual([])
  })

  it('every area label and every Go error code (app/errors.go) is translated in both', () => {
    for (const messages of [zhCN, enUS]) {
      expect(leafKeys(messages)).toEqual(expect.arrayContaining(['nav.settings', 'nav.about', 'errors.SETTINGS_INVALID', 'errors.TIMEOUT', 'errors.INTERNAL']))
    }
  })
})
