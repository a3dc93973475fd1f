import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import App from './App.vue'
import { Events } from './api/events'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { bus } from './test/fakeRuntime'

const settingsBinding = vi.hoisted(() => ({
  Get: vi.fn(),
  SetLanguage: vi.fn(),
  SetTheme: vi.fn(),
}))
const aboutBinding = vi.hoisted(() => ({ Info: vi.fn() }))
vi.mock('../wailsjs/go/app/SettingsService', () => settingsBinding)
vi.mock('../wailsjs/go/app/AboutService', () => aboutBinding)
vi.mock('../wailsjs/runtime/runtime', () => import('./test/fakeRuntime'))

let stored = { language: 'zh-CN', theme: 'light', systemLanguage: 'zh-CN' }

beforeEach(() => {
  bus.reset()
  stored = { language: 'zh-CN', theme: 'light', systemLanguage: 'zh-CN' }
  settingsBinding.Get.mockImplementation(async () => ({ ...stored }))
  settingsBinding.SetLanguage.mockImplementation(async (language: string) => {
    if (!['system', 'zh-CN', 'en-US'].includes(language)) throw `SETTINGS_INVALID: language must be one of system, zh-CN, en-US (got "${language}")`
    stored = { ...stored, language }
    return { ...stored }
  })
  settingsBinding.SetTheme.mockImplementation(async (theme: string) => {
    stored = { ...stored, theme }
    return { ...stored }
  })
  aboutBinding.Info.mockResolvedValue({
    name: 'wecomdev',
    version: '1.2.3',
    commit: 'abc1234',
    buildDate: '2025-01-02T03:04:05Z',
    goVersion: 'go1.24.0',
    platform: 'linux/amd64',
    dataDir: '/home/u/.local/share/wecomdev',
  })
  setActivePinia(createPinia())
})

let current: { unmount(): void } | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

async function mountApp() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push('/settings')
  await router.isReady()
  const wrapper = mount(App, {
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n('en-US'), router] },
  })
  current = wrapper
  await flushPromises()
  return wrapper
}

/** Naive UI shows the selection with a class, not with the native checked state. */
function isChecked(testid: string): boolean {
  return !!document.querySelector(`[data-testid="${testid}"]`)?.classList.contains('n-radio-button--checked')
}

function radio(testid: string): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${testid}"] input`)
  if (!input) throw new Error(`no radio ${testid}`)
  return input
}

async function choose(testid: string) {
  radio(testid).click()
  await flushPromises()
}

describe('the app shell', () => {
  it('shows the stored language and switches the visible text when another is chosen', async () => {
    await mountApp()
    const nav = () => document.querySelector('[data-testid="nav-settings"]')?.textContent
    expect(nav()).toBe('设置')
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(isChecked('lang-zh-CN')).toBe(true)

    await choose('lang-en-US')
    expect(settingsBinding.SetLanguage).toHaveBeenCalledWith('en-US')
    expect(nav()).toBe('Settings')
    expect(document.documentElement.lang).toBe('en-US')
    expect(document.querySelector('[data-testid="lang-system"]')?.textContent).toContain('Follow system')

    await choose('lang-system')
    expect(nav()).toBe('设置') // the OS language Go detected is zh-CN
  })

  it('switching the theme sets data-theme on <html>', async () => {
    await mountApp()
    expect(document.documentElement.dataset.theme).toBe('light')
    await choose('theme-dark')
    expect(settingsBinding.SetTheme).toHaveBeenCalledWith('dark')
    expect(document.documentElement.dataset.theme).toBe('dark')
    await choose('theme-light')
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('applies a change made elsewhere (settings:changed)', async () => {
    await mountApp()
    bus.emit(Events.settingsChanged, { language: 'en-US', theme: 'dark', systemLanguage: 'zh-CN' })
    await flushPromises()
    expect(document.querySelector('[data-testid="nav-settings"]')?.textContent).toBe('Settings')
    expect(document.documentElement.dataset.theme).toBe('dark')
  })

  it('shows a translated error when Go rejects the change and keeps the choice', async () => {
    settingsBinding.SetTheme.mockRejectedValue('SETTINGS_INVALID: theme must be one of system, light, dark (got "dark")')
    await mountApp()
    await choose('theme-dark')
    expect(document.body.textContent).toContain('该设置值无效')
    expect(document.documentElement.dataset.theme).toBe('light')
    expect(isChecked('theme-light')).toBe(true)
    expect(isChecked('theme-dark')).toBe(false)
  })

  it('opens About with the version from Go', async () => {
    await mountApp()
    ;(document.querySelector('[data-testid="about-button"]') as HTMLElement).click()
    await flushPromises()
    expect(aboutBinding.Info).toHaveBeenCalledOnce()
    expect(document.querySelector('[data-testid="about-version"]')?.textContent).toBe('1.2.3')
    expect(document.body.textContent).toContain('/home/u/.local/share/wecomdev')
  })
})
