import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { breakdown, signResult } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import { useSignStore } from './sign'

const binding = vi.hoisted(() => ({ Sign: vi.fn() }))

beforeEach(() => {
  installGo({ SignService: binding })
  setActivePinia(createPinia())
})

describe('sign store', () => {
  it('signs the URL for the chosen profile and maps config and agentConfig', async () => {
    binding.Sign.mockResolvedValue(signResult())
    const s = useSignStore()
    s.url = 'https://example.com/page?a=1#frag'
    await s.sign()
    expect(binding.Sign).toHaveBeenCalledWith('sandbox', 'https://example.com/page?a=1#frag')
    expect(s.kinds.map((k) => [k.api, k.ticket, k.breakdown.kind])).toEqual([
      ['config', 'corp', 'corp'],
      ['agentConfig', 'agent', 'agent'],
    ])
    expect(s.kinds[0]!.breakdown.signedUrl).toBe('https://example.com/page?a=1')
    expect(s.kinds[0]!.breakdown.warnings.map((w) => w.code)).toEqual(['URL_HAS_HASH'])
    expect(s.result?.register).toContain('ww.register(')
  })

  it('tolerates null warnings from Go', async () => {
    binding.Sign.mockResolvedValue(signResult({ agent: { ...breakdown('agent'), warnings: null as never } }))
    const s = useSignStore()
    await s.sign()
    expect(s.kinds[1]!.breakdown.warnings).toEqual([])
  })

  it('turns a rejection into an AppError and drops the old result', async () => {
    binding.Sign.mockResolvedValueOnce(signResult())
    const s = useSignStore()
    await s.sign()
    binding.Sign.mockRejectedValueOnce('SECRET_MISSING: profile "prod" has no secret')
    s.select('prod')
    const err = await s.sign().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'SECRET_MISSING', message: 'profile "prod" has no secret' })
    expect(s.lastError?.code).toBe('SECRET_MISSING')
    expect(s.result).toBeNull()
    expect(s.kinds).toEqual([])
    expect(s.loading).toBe(false)
  })

  it('a new profile clears the result of the previous one', async () => {
    binding.Sign.mockResolvedValue(signResult())
    const s = useSignStore()
    await s.sign()
    s.select('prod')
    expect(s.profile).toBe('prod')
    expect(s.result).toBeNull()
  })
})
