import { beforeEach, describe, expect, it, vi } from 'vitest'
import enUS from '@/i18n/locales/en-US.json'
import zhCN from '@/i18n/locales/zh-CN.json'
import { auditReport, diffResult, textExplanation, verdict } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { auditEndpoint, compareUrls, DIAGNOSE_INVALID, explainText, forensics } from './diagnose'
import { AppError, BRIDGE_UNAVAILABLE } from './errors'

const binding = vi.hoisted(() => ({
  Compare: vi.fn(),
  Explain: vi.fn(),
  Forensics: vi.fn(),
  Audit: vi.fn(),
}))

beforeEach(() => {
  installGo({ DiagnoseService: binding })
})

const input = {
  pageUrl: 'https://h5.example.com/page?from=singlemessage#/x',
  signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
  timestamp: '1700000000',
  nonceStr: 'Wm3WZYTPz0wzccnW',
  failed: 'agent' as const,
}
const audit = {
  endpoint: 'https://api.example.com/sign?url={url}',
  kind: 'corp' as const,
  timestampField: 'timestamp',
  nonceField: 'nonceStr',
  signatureField: 'data.signature',
  pageBase: '',
}

describe('the DiagnoseService wrapper', () => {
  it('passes the arguments through to Go and returns its answers', async () => {
    binding.Compare.mockResolvedValue(diffResult())
    binding.Explain.mockResolvedValue(textExplanation())
    binding.Forensics.mockResolvedValue(verdict())
    binding.Audit.mockResolvedValue(auditReport())

    await expect(compareUrls('https://h5.example.com/page/', 'https://h5.example.com/page?from=singlemessage#/x')).resolves.toMatchObject({
      match: false,
      pageCut: 'https://h5.example.com/page?from=singlemessage',
    })
    expect(binding.Compare).toHaveBeenCalledExactlyOnceWith('https://h5.example.com/page/', 'https://h5.example.com/page?from=singlemessage#/x')
    await expect(explainText('config:invalid signature')).resolves.toMatchObject({ kind: 'invalid_signature', tool: 'forensics' })
    expect(binding.Explain).toHaveBeenCalledExactlyOnceWith('config:invalid signature')
    await expect(forensics('sandbox', input)).resolves.toMatchObject({ code: 'WRONG_TICKET_KIND', kind: 'corp' })
    expect(binding.Forensics).toHaveBeenCalledExactlyOnceWith('sandbox', input)
    await expect(auditEndpoint('prod', audit)).resolves.toMatchObject({ passed: 2, failed: 1 })
    expect(binding.Audit).toHaveBeenCalledExactlyOnceWith('prod', audit)
  })

  it.each([
    [
      'Forensics',
      () => forensics('sandbox', { ...input, signature: 'nope' }),
      'DIAGNOSE_INVALID: diagnose: signature: want 40 hexadecimal characters (a SHA-1), got "nope"',
    ],
    [
      'Audit',
      () => auditEndpoint('sandbox', { ...audit, endpoint: 'https://api.example.com/sign' }),
      'DIAGNOSE_INVALID: invalid audit input: the endpoint has no {url} placeholder',
    ],
  ])('%s: bad input becomes an AppError DIAGNOSE_INVALID with Go\'s message', async (method, call, rejection) => {
    binding[method as 'Forensics' | 'Audit'].mockRejectedValue(rejection)
    const err = await call().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: DIAGNOSE_INVALID, message: rejection.slice(DIAGNOSE_INVALID.length + 2) })
  })

  it('a ticket that cannot be fetched keeps its WeCom code', async () => {
    binding.Forensics.mockRejectedValue('WECOM_40001: invalid credential')
    await expect(forensics('prod', input)).rejects.toMatchObject({ code: 'WECOM_40001' })
  })

  it('without the Wails bridge a call is BRIDGE_UNAVAILABLE', async () => {
    delete window.go
    await expect(compareUrls('a', 'b')).rejects.toMatchObject({ code: BRIDGE_UNAVAILABLE })
  })

  it('DIAGNOSE_INVALID is translated in both locales', () => {
    expect(enUS.errors).toHaveProperty(DIAGNOSE_INVALID)
    expect(zhCN.errors).toHaveProperty(DIAGNOSE_INVALID)
  })
})
