import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import type { PageEnv } from '@/api/network'
import { byTestId, mountView } from '@/test/mountView'
import DevNetworkEnv from './DevNetworkEnv.vue'

const env = (dark: boolean): PageEnv => ({
  url: 'http://localhost:5173/',
  landingUrl: 'http://localhost:5173/',
  userAgent: `Mozilla/5.0 (iPhone) wxwork/4.1.38 MicroMessenger/7.0.1 Language/zh ColorScheme/${dark ? 'Dark' : 'Light'}`,
  app: { client: 'wxwork', version: '4.1.38', platform: 'iOS' },
  dark,
  sdk: { kind: 'none' },
  storage: {},
})

let wrapper: ReturnType<typeof mountView> | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('DevNetworkEnv', () => {
  it('says the WeCom dark mode read from the User-Agent is a guess, in English', () => {
    wrapper = mountView(DevNetworkEnv, createPinia(), { env: env(true) }, 'en-US')
    const tag = byTestId('network-env-dark')
    expect(tag?.textContent).toContain('WeCom dark mode (guess)')
    expect(tag?.getAttribute('title')).toContain('ColorScheme/Dark')
    expect(tag?.getAttribute('title')).toContain('does not document')
  })

  it('says the WeCom dark mode read from the User-Agent is a guess, in Chinese', () => {
    wrapper = mountView(DevNetworkEnv, createPinia(), { env: env(true) }, 'zh-CN')
    const tag = byTestId('network-env-dark')
    expect(tag?.textContent).toContain('企业微信深色模式（推测）')
    expect(tag?.getAttribute('title')).toContain('文档没有说明')
  })

  it('shows no dark-mode label when the User-Agent does not say ColorScheme/Dark', () => {
    wrapper = mountView(DevNetworkEnv, createPinia(), { env: env(false) }, 'en-US')
    expect(byTestId('network-env')).not.toBeNull()
    expect(byTestId('network-env-dark')).toBeNull()
  })
})
