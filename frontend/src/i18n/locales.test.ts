import { describe, expect, it } from 'vitest'
import { DEV_CLIENTS, DEV_DECISIONS, REPORT_TYPES } from '@/api/devserver.types'
import { FINDING_CODES, VERDICT_CODES } from '@/api/diagnose.types'
import { SECRET_STATES } from '@/api/profiles.types'
import { WARNING_CODES } from '@/api/sign.types'
import { CREDENTIAL_KINDS } from '@/api/tickets.types'
import { clientKey, decisionKey } from '@/utils/requestLabels'
import { createAppI18n } from './index'
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
      expect(leafKeys(messages)).toEqual(expect.arrayContaining(['nav.settings', 'nav.about', 'nav.profiles', 'nav.tickets', 'nav.sign', 'nav.devserver', 'nav.diagnose', 'nav.joinway', 'errors.SETTINGS_INVALID', 'errors.TIMEOUT', 'errors.INTERNAL']))
    }
  })
})

describe('messages of the profile, ticket and signature areas', () => {
  it('every sign warning code has a message in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      const keys = leafKeys(messages)
      for (const code of WARNING_CODES) expect(keys).toContain(`sign.warnings.${code}`)
    }
  })

  it('every secret state, credential kind and state has a label in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      const keys = leafKeys(messages)
      for (const s of SECRET_STATES) expect(keys).toContain(`profiles.secret.states.${s}`)
      for (const k of CREDENTIAL_KINDS) expect(keys).toContain(`tickets.kinds.${k}`)
      for (const s of ['valid', 'expired', 'none']) expect(keys).toContain(`tickets.states.${s}`)
    }
  })

  it('every error code of the profile, ticket and sign services is translated in both', () => {
    const codes = [
      'PROFILE_NOT_FOUND', 'PROFILE_EXISTS', 'PROFILE_INVALID', 'PROFILE_BUILTIN', 'SECRET_MISSING', 'SECRET_INVALID',
      'KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_TIMEOUT', 'BUDGET_CONFIRM', 'RATE_LIMITED', 'WECOM_UNREACHABLE', 'URL_INVALID',
      'SETTINGS_INVALID', 'TIMEOUT', 'INTERNAL', 'BRIDGE_UNAVAILABLE', 'LISTEN_FAILED', 'VERIFY_FILE_INVALID',
      'REQUEST_NOT_FOUND', 'DIAGNOSE_INVALID', 'UPSTREAM_INVALID',
    ]
    for (const messages of [zhCN, enUS]) {
      expect(leafKeys(messages)).toEqual(expect.arrayContaining(codes.map((c) => `errors.${c}`)))
    }
  })

  it('every dev server decision and client has a label in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      const keys = leafKeys(messages)
      for (const d of DEV_DECISIONS) expect(keys).toContain(`devserver.decisions.${decisionKey(d)}`)
      for (const c of DEV_CLIENTS) expect(keys).toContain(`devserver.clients.${clientKey({ client: c })}`)
    }
  })

  it('every report type and outcome, and every phone-side endpoint, has a label in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      const keys = leafKeys(messages)
      for (const type of REPORT_TYPES) expect(keys).toContain(`devserver.report.types.${type}`)
      for (const o of ['ok', 'fail', 'warn', 'info']) expect(keys).toContain(`devserver.report.outcomes.${o}`)
      for (const e of ['proxy', 'phone', 'report', 'emulator', 'chat']) expect(keys).toContain(`devserver.log.endpointLabels.${e}`)
    }
  })

  it('every finding code and every verdict of the diagnose area has a label in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      const keys = leafKeys(messages)
      for (const code of FINDING_CODES) expect(keys).toContain(`diagnose.codes.${code}`)
      for (const code of VERDICT_CODES) expect(keys).toContain(`diagnose.forensics.verdicts.${code}`)
    }
  })

  it('every message compiles (no stray vue-i18n syntax such as a bare @)', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const i18n = createAppI18n(locale)
      const messages = locale === 'zh-CN' ? zhCN : enUS
      for (const key of leafKeys(messages)) {
        expect(() => i18n.global.t(key, { name: 'n', kind: 'k', used: 1, limit: 2, time: 't', corpUsed: 1, corpLimit: 2, appUsed: 3, appLimit: 4, n: 2, when: 'w', code: 1, passed: 1, failed: 0 })).not.toThrow()
      }
    }
  })
})
