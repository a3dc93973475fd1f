import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { darkListenerCount, setSystemDark } from '@/test/media'
import { useSettingsStore } from './settings'

const binding = vi.hoisted(() => ({
  Get: vi.fn(),
  SetLanguage: vi.fn(),
  SetTheme: vi.fn(),
}))
vi.mock('../../wailsjs/go/app/SettingsService', () => binding)
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const snap = (language: string, theme: string, systemLanguage = 'en-US') => ({ language, theme, systemLanguage })

function setNavigatorLanguage(lang: string) {
  vi.stubGlobal('navigator', { ...navigator, language: lang })
}

beforeEach(() => {
  bus.reset()
  setActivePinia(createPinia())
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('settings store', () => {
  it('loads the snapshot from Go', async () => {
    binding.Get.mockResolvedValue(snap('zh-CN', 'dark', 'en-US'))
    const s = useSettingsStore()
    await s.load()
    expect(binding.Get).toHaveBeenCalledOnce()
    expect(s.language).toBe('zh-CN')
    expect(s.theme).toBe('dark')
    expect(s.systemLanguage).toBe('en-US')
    expect(s.loaded).toBe(true)
  })

  describe('effective language', () => {
    it('follows the OS language Go detected when set to system', () => {
      const s = useSettingsStore()
      s.apply(snap('system', 'system', 'zh-CN'))
      expect(s.effectiveLanguage).toBe('zh-CN')
      s.apply(snap('system', 'system', 'en-US'))
      expect(s.effectiveLanguage).toBe('en-US')
    })

    it('uses the explicit choice over the OS language', () => {
      const s = useSettingsStore()
      s.apply(snap('en-US', 'system', 'zh-CN'))
      expect(s.effectiveLanguage).toBe('en-US')
      s.apply(snap('zh-CN', 'system', 'en-US'))
      expect(s.effectiveLanguage).toBe('zh-CN')
    })

    it.each([
      ['zh-TW', 'zh-CN'],
      ['zh', 'zh-CN'],
      ['en-GB', 'en-US'],
      ['fr-FR', 'en-US'],
      ['', 'en-US'],
    ])('falls back to navigator.language %j when Go does not know the OS language', (nav, want) => {
      setNavigatorLanguage(nav)
      const s = useSettingsStore()
      s.apply(snap('system', 'system', ''))
      expect(s.effectiveLanguage).toBe(want)
    })

    it('treats an unknown stored language as system', () => {
      const s = useSettingsStore()
      s.apply(snap('fr', 'system', 'zh-CN'))
      expect(s.language).toBe('system')
      expect(s.effectiveLanguage).toBe('zh-CN')
    })
  })

  describe('effective theme', () => {
    it('follows prefers-color-scheme when set to system, live', () => {
      setSystemDark(true)
      const s = useSettingsStore()
      s.apply(snap('system', 'system'))
      expect(s.effectiveTheme).toBe('dark')
      setSystemDark(false)
      expect(s.effectiveTheme).toBe('light')
      setSystemDark(true)
      expect(s.effectiveTheme).toBe('dark')
    })

    it('uses the explicit choice over the system scheme', () => {
      setSystemDark(true)
      const s = useSettingsStore()
      s.apply(snap('system', 'light'))
      expect(s.effectiveTheme).toBe('light')
      setSystemDark(false)
      s.apply(snap('system', 'dark'))
      expect(s.effectiveTheme).toBe('dark')
    })
  })

  it('setLanguage calls Go and applies the snapshot Go returns', async () => {
    binding.SetLanguage.mockResolvedValue(snap('en-US', 'dark', 'zh-CN'))
    const s = useSettingsStore()
    s.apply(snap('zh-CN', 'light', 'zh-CN'))
    await s.setLanguage('en-US')
    expect(binding.SetLanguage).toHaveBeenCalledWith('en-US')
    expect(s.language).toBe('en-US')
    // Go's snapshot is the truth, including fields the call did not touch.
    expect(s.theme).toBe('dark')
  })

  it('setTheme calls Go and applies the snapshot Go returns', async () => {
    binding.SetTheme.mockResolvedValue(snap('system', 'dark'))
    const s = useSettingsStore()
    await s.setTheme('dark')
    expect(binding.SetTheme).toHaveBeenCalledWith('dark')
    expect(s.theme).toBe('dark')
    expect(s.effectiveTheme).toBe('dark')
  })

  it('a rejected change keeps the previous state and surfaces an AppError', async () => {
    binding.SetLanguage.mockRejectedValue('SETTINGS_INVALID: language must be one of system, zh-CN, en-US (got "fr")')
    const s = useSettingsStore()
    s.apply(snap('zh-CN', 'light', 'zh-CN'))
    const err = await s.setLanguage('fr' as never).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code: 'SETTINGS_INVALID' })
    expect(s.lastError?.code).toBe('SETTINGS_INVALID')
    expect(s.language).toBe('zh-CN')
    expect(s.effectiveLanguage).toBe('zh-CN')
  })

  it('a failed load surfaces an AppError with UNKNOWN code for uncoded errors', async () => {
    binding.Get.mockRejectedValue(new Error('read settings: unexpected EOF'))
    const s = useSettingsStore()
    await expect(s.load()).rejects.toMatchObject({ code: 'UNKNOWN', message: 'read settings: unexpected EOF' })
    expect(s.loaded).toBe(false)
  })

  it('paints from the last snapshot until Go answers, then Go wins', async () => {
    const first = useSettingsStore()
    first.apply(snap('en-US', 'dark', 'zh-CN'))
    first.$dispose()

    setActivePinia(createPinia()) // a new page load
    let answer: (s: ReturnType<typeof snap>) => void = () => {}
    binding.Get.mockReturnValue(new Promise((r) => (answer = r)))
    const s = useSettingsStore()
    expect(s.loaded).toBe(false)
    expect(s.effectiveLanguage).toBe('en-US')
    expect(s.effectiveTheme).toBe('dark')

    const loading = s.load()
    answer(snap('zh-CN', 'light', 'zh-CN'))
    await loading
    expect(s.loaded).toBe(true)
    expect(s.effectiveLanguage).toBe('zh-CN')
    expect(s.effectiveTheme).toBe('light')
  })

  it('applies a snapshot that arrives with settings:changed', () => {
    const s = useSettingsStore()
    s.apply(snap('zh-CN', 'light'))
    bus.emit(Events.settingsChanged, snap('en-US', 'dark', 'zh-CN'))
    expect(s.language).toBe('en-US')
    expect(s.theme).toBe('dark')
    expect(s.effectiveLanguage).toBe('en-US')
  })

  it('releases its event and media listeners when disposed', () => {
    const s = useSettingsStore()
    expect(bus.count(Events.settingsChanged)).toBe(1)
    expect(darkListenerCount()).toBe(1)
    s.$dispose()
    expect(bus.count(Events.settingsChanged)).toBe(0)
    expect(darkListenerCount()).toBe(0)
  })
})
