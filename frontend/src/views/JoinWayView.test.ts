import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Events } from '@/api/events'
import JoinWayNavBadge from '@/components/JoinWayNavBadge.vue'
import { useJoinWayStore } from '@/stores/joinway'
import type { JoinWayTab } from '@/stores/joinway/model'
import { bus } from '@/test/fakeRuntime'
import { installGo } from '@/test/goBindings'
import { CODE_PNG, entry, PNG, POOL1, poolStatus, poolView, SALES, salesGroup, joinWayBinding } from '@/test/joinwayFixtures'
import { byTestId, mountView } from '@/test/mountView'
import JoinWayView from './JoinWayView.vue'

const jw = joinWayBinding()
const profiles = vi.hoisted(() => ({ List: vi.fn(), Keychain: vi.fn() }))
const tickets = vi.hoisted(() => ({ Explain: vi.fn() }))
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

let pinia: Pinia
let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  vi.useRealTimers()
  bus.reset()
  installGo({ JoinWayService: jw, ProfilesService: profiles, TicketsService: tickets })
  pinia = createPinia()
  setActivePinia(pinia)
  Object.values(jw).forEach((f) => f.mockReset())
  jw.List.mockResolvedValue([entry(), entry({ id: 2, status: 'pending', configId: '', hasImage: false, joinLink: '', qrUrl: '', createdAt: undefined, config: { ...entry().config, state: 'order-2' } })])
  jw.Pool.mockResolvedValue(poolView())
  jw.Mappings.mockResolvedValue([{ label: 'order-1', chatId: POOL1, configId: 'cfg1', source: 'pool', inPool: true, createdAt: '2024-05-01T11:00:00Z' }])
  jw.Image.mockResolvedValue(PNG)
  jw.Code.mockResolvedValue(CODE_PNG)
  jw.Validate.mockResolvedValue([])
  jw.BatchStates.mockImplementation(async (prefix: string, count: number, start: number) => Array.from({ length: count }, (_, i) => `${prefix}${start + i}`))
  jw.Groups.mockResolvedValue({ groups: [{ chat_id: SALES, status: 0 }], nextCursor: '' })
  jw.Group.mockResolvedValue(salesGroup())
  profiles.List.mockResolvedValue([])
  profiles.Keychain.mockResolvedValue({ available: true, error: '' })
  tickets.Explain.mockImplementation(async (code: number) => ({
    code,
    cause: { 'zh-CN': '群 ID（chat_id）不存在。', 'en-US': 'The chat_id does not exist or is not a customer group this app can see.' },
    fix: { 'zh-CN': '重新获取 chat_id。', 'en-US': 'List the groups again.' },
    doc: 'https://developer.work.weixin.qq.com/document/path/90313',
  }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountJoinWay(tab: JoinWayTab = 'groups', locale: 'en-US' | 'zh-CN' = 'en-US') {
  useJoinWayStore(pinia).tab = tab
  wrapper = mountView(JoinWayView, pinia, {}, locale)
  await flushPromises()
  return wrapper
}

const text = (id: string) => byTestId(id)?.textContent?.trim() ?? ''
const all = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
function click(id: string) {
  const el = byTestId<HTMLElement>(id)
  if (!el) throw new Error(`no ${id}`)
  el.click()
}
async function type(id: string, value: string) {
  const input = byTestId(id)!.querySelector('input, textarea') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
/** Lets the debounced validation and preview run. */
async function settle() {
  await new Promise((r) => setTimeout(r, 320))
  await flushPromises()
}

describe('JoinWayView', () => {
  it('groups: List shows them with their names; a group opens with its members and their states', async () => {
    await mountJoinWay('groups')
    click('joinway-groups-list')
    await flushPromises()
    expect(jw.Groups).toHaveBeenCalledWith('sandbox', { statusFilter: 0, owners: [], cursor: '', limit: 100 })
    expect(all('joinway-group').map((r) => r.dataset.chatId)).toEqual([SALES])
    expect(text(`joinway-group-open-${SALES}`)).toBe('销售客服群') // a short page gets its names
    expect(byTestId('joinway-groups-end')).not.toBeNull()
    click(`joinway-group-open-${SALES}`)
    await flushPromises()
    expect(text('joinway-group-name')).toBe('销售客服群')
    expect(text('joinway-group-owner')).toBe('zhangsan')
    const members = all('joinway-member')
    expect(members.map((m) => m.dataset.state)).toEqual(['', 'sandbox-qr-1'])
    expect(members[1]!.textContent).toContain('Customer')
    expect(members[1]!.textContent).toContain('Scanned the group QR code')
  })

  it('groups: "Use in a new join way" fills the form\'s chats and shows the registry tab', async () => {
    await mountJoinWay('groups')
    click('joinway-groups-list')
    await flushPromises()
    click(`joinway-group-use-${SALES}`)
    await flushPromises()
    expect(byTestId('joinway-view')?.dataset.tab).toBe('registry')
    expect(all('joinway-form-chat').map((c) => c.dataset.chatId)).toEqual([SALES])
    expect(byTestId('joinway-form-chats')?.dataset.count).toBe('1')
  })

  it('registry: one QR per row, WeCom\'s image, with its state as text under it; a pending row says possible orphan', async () => {
    await mountJoinWay('registry')
    const rows = all('joinway-row')
    expect(rows.map((r) => r.dataset.status)).toEqual(['ready', 'pending'])
    expect(byTestId<HTMLImageElement>('joinway-row-image-1')?.getAttribute('src')).toBe(PNG)
    expect(rows[0]!.querySelectorAll('img')).toHaveLength(1)
    expect(byTestId('joinway-row-code-1')).toBeNull()
    expect(text('joinway-row-qr-state-1')).toBe('order-1')
    expect(text('joinway-row-qr-state-2')).toBe('order-2')
    expect(text('joinway-row-state-1')).toBe('order-1')
    expect(text('joinway-row-config-id-1')).toBe(entry().configId)
    expect(text('joinway-row-join-link-1')).toBe(entry().joinLink)
    expect(byTestId('joinway-row-orphan-2')?.textContent).toContain('answer of add_join_way was lost')
    expect(text('joinway-row-status-2')).toBe('Possible orphan')
    expect(byTestId('joinway-pending-alert')).not.toBeNull()
    expect(jw.Image).toHaveBeenCalledTimes(1) // not for the row without an image
  })

  it('registry: comes before the new join way form once it has rows, after it while empty', async () => {
    await mountJoinWay('registry')
    const order = () => {
      const reg = byTestId('joinway-registry')!
      const form = byTestId('joinway-create-submit')!
      return reg.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING ? 'registry first' : 'form first'
    }
    expect(order()).toBe('registry first')
    wrapper?.unmount()
    jw.List.mockResolvedValue([])
    setActivePinia((pinia = createPinia()))
    await mountJoinWay('registry')
    expect(order()).toBe('form first')
  })

  it('registry: Delete says it acts at WeCom and kills the QR; Forget says only here and the QR keeps working', async () => {
    jw.Delete.mockResolvedValue(undefined)
    await mountJoinWay('registry')
    const del = byTestId('joinway-row-delete-1')!
    const forget = byTestId('joinway-row-forget-1')!
    expect(del.textContent?.trim()).toBe('Delete at WeCom')
    expect(forget.textContent?.trim()).toBe('Forget here')
    expect(del.className).toContain('n-button--error-type')
    expect(forget.className).not.toContain('n-button--error-type')
    forget.click()
    await flushPromises()
    expect(document.body.textContent).toContain('WeCom is not called, so its QR code keeps working')
    click('confirm-cancel')
    await flushPromises()
    expect(jw.Forget).not.toHaveBeenCalled()
    del.click()
    await flushPromises()
    expect(document.body.textContent).toContain('its QR code stops working at once')
    const ok = all('confirm-ok').at(-1)! // the Forget dialog may still be leaving
    expect(ok.textContent?.trim()).toBe('Delete at WeCom')
    ok.click()
    await flushPromises()
    expect(jw.Delete).toHaveBeenCalledWith('sandbox', entry().configId)
  })

  it('registry: Save shows the path; Forget asks, then forgets', async () => {
    jw.SaveImage.mockResolvedValue('/home/u/Downloads/wecomdev-joinway-order-1-code.png')
    await mountJoinWay('registry')
    click('joinway-row-save-code-1')
    await flushPromises()
    expect(jw.SaveImage).toHaveBeenCalledWith('sandbox', 1, 'code')
    expect(text('joinway-row-saved-1')).toContain('/home/u/Downloads/wecomdev-joinway-order-1-code.png')
    click('joinway-row-forget-2')
    await flushPromises()
    click('confirm-ok')
    await flushPromises()
    expect(jw.Forget).toHaveBeenCalledWith('sandbox', 2)
    expect(all('joinway-row')).toHaveLength(1)
  })

  it('new join way: counters and Validate\'s warnings show as the user types', async () => {
    jw.Validate.mockImplementation(async (c: { remark: string }) =>
      [...c.remark].length > 30 ? [{ code: 'REMARK_TRUNCATED', message: 'the remark has 31 characters; WeCom keeps the first 30' }] : [],
    )
    await mountJoinWay('registry')
    useJoinWayStore(pinia).useInNewJoinWay(SALES)
    await type('joinway-form-state', 'order-3')
    await type('joinway-form-remark', '一'.repeat(31))
    await settle()
    expect(text('joinway-form-state-count')).toBe('7/30')
    expect(text('joinway-form-remark-count')).toBe('31/30')
    expect(byTestId('warning-REMARK_TRUNCATED')?.textContent).toContain('WeCom keeps only the first 30')
    expect(jw.Validate).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'order-3', chatIds: [SALES] }))
  })

  it('new join way: a possible orphan shows the message and "Create anyway" sends force after a confirmation', async () => {
    jw.Create.mockRejectedValueOnce('JOINWAY_POSSIBLE_ORPHAN: state "order-2": the add_join_way sent at 2024-05-01 10:00:00 got no stored answer')
    jw.Create.mockResolvedValueOnce({ entry: entry({ id: 7, config: { ...entry().config, state: 'order-2' } }), reused: false, warnings: [] })
    await mountJoinWay('registry')
    useJoinWayStore(pinia).useInNewJoinWay(SALES)
    await type('joinway-form-state', 'order-2')
    click('joinway-create-submit')
    await flushPromises()
    expect(jw.Create).toHaveBeenLastCalledWith('sandbox', expect.objectContaining({ state: 'order-2' }), false)
    expect(byTestId('joinway-orphan')).not.toBeNull()
    expect(text('joinway-orphan-message')).toContain('order-2')
    expect(byTestId('joinway-create-error')).toBeNull()
    click('joinway-create-anyway')
    await flushPromises()
    click('confirm-ok')
    await flushPromises()
    expect(jw.Create).toHaveBeenLastCalledWith('sandbox', expect.objectContaining({ state: 'order-2' }), true)
    expect(byTestId('joinway-orphan')).toBeNull()
    expect(byTestId('joinway-create-result')).not.toBeNull()
  })

  it('new join way: a WeCom error reads as the explanation (40050: chat_id not found)', async () => {
    jw.Create.mockRejectedValue('WECOM_40050: wecom externalcontact/groupchat/add_join_way: errcode 40050: invalid group id')
    await mountJoinWay('registry')
    useJoinWayStore(pinia).useInNewJoinWay('wrNoSuchGroup')
    await flushPromises()
    click('joinway-create-submit')
    await flushPromises()
    expect(byTestId('joinway-create-error')?.dataset.code).toBe('WECOM_40050')
    expect(tickets.Explain).toHaveBeenCalledWith(40050)
    expect(text('error-cause')).toContain('chat_id does not exist')
  })

  it('new join way: a state another config holds names that config', async () => {
    jw.Create.mockRejectedValue('JOINWAY_STATE_IN_USE: state "order-1" already belongs to join way 9ad7fa5cdaa6511298498f979c472aaa (chats [x])')
    await mountJoinWay('registry')
    useJoinWayStore(pinia).useInNewJoinWay(POOL1)
    await type('joinway-form-state', 'order-1')
    click('joinway-create-submit')
    await flushPromises()
    expect(text('joinway-state-in-use-config')).toBe(entry().configId)
    expect(byTestId('joinway-state-in-use-show')).not.toBeNull()
  })

  it('edit: the whole config in a dialog that says WeCom overwrites every field', async () => {
    jw.Update.mockResolvedValue({ entry: entry({ updatedAt: '2024-06-01T00:00:00Z' }), reused: false, warnings: [] })
    await mountJoinWay('registry')
    click('joinway-row-edit-1')
    await flushPromises()
    expect(text('joinway-edit-overwrite')).toContain('overwrites every field')
    expect(byTestId<HTMLInputElement>('joinway-edit-form-state')!.querySelector('input')!.value).toBe('order-1')
    click('joinway-edit-save')
    await flushPromises()
    expect(jw.Update).toHaveBeenCalledWith('sandbox', entry().configId, entry().config)
  })

  it('pool: the groups and counts; a low pool shows the banner (on every tab) and the pool event follows', async () => {
    jw.Pool.mockResolvedValue(poolView(2, 2))
    await mountJoinWay('pool')
    expect(all('joinway-pool-group').map((g) => g.dataset.free)).toEqual(['false', 'false', 'true'])
    expect(byTestId('joinway-pool')?.dataset.free).toBe('1')
    expect(byTestId('joinway-low-banner')?.textContent).toContain('Only 1 free group left')
    useJoinWayStore(pinia).tab = 'mapping'
    await flushPromises()
    expect(byTestId('joinway-low-banner')).not.toBeNull()
    expect(all('joinway-mapping-row').map((m) => m.dataset.source)).toEqual(['pool'])
    jw.Pool.mockResolvedValue(poolView(0, 2))
    bus.emit(Events.joinWayPool, poolStatus({ free: 3, used: 0, threshold: 2, low: false }))
    await flushPromises()
    expect(byTestId('joinway-low-banner')).toBeNull()
  })

  it('pool: Take shows the QR code of the group given; Release asks first', async () => {
    const taken = entry({ id: 12, config: { ...entry().config, state: 'order-9', chatIds: [POOL1] } })
    jw.PoolTake.mockResolvedValue({
      mapping: { label: 'order-9', chatId: POOL1, configId: taken.configId, source: 'pool', inPool: true, createdAt: '' },
      entry: taken,
      reused: false,
      pool: poolStatus({ free: 2, used: 1 }),
    })
    await mountJoinWay('pool')
    jw.Pool.mockResolvedValue(poolView(1))
    await type('joinway-pool-label', 'order-9')
    click('joinway-pool-take')
    await flushPromises()
    expect(jw.PoolTake).toHaveBeenCalledWith('sandbox', 'order-9', '', false)
    expect(byTestId('joinway-pool-taken')?.dataset.chatId).toBe(POOL1)
    expect(byTestId<HTMLImageElement>('joinway-pool-taken-image')?.getAttribute('src')).toBe(CODE_PNG)
    jw.PoolRelease.mockResolvedValue(poolView(0))
    click(`joinway-pool-release-${POOL1}`)
    await flushPromises()
    expect(jw.PoolRelease).not.toHaveBeenCalled()
    click('confirm-ok')
    await flushPromises()
    expect(jw.PoolRelease).toHaveBeenCalledWith('sandbox', 'order-1')
  })

  it('batch: the preview of the states, Start, and the progress bar up to the zip', async () => {
    jw.BatchStart.mockResolvedValue('b1')
    await mountJoinWay('batch')
    await type('joinway-batch-prefix', 'e2e-')
    await settle()
    expect(byTestId('joinway-batch-preview')?.dataset.count).toBe('10')
    expect(text('joinway-batch-preview')).toContain('e2e-1, e2e-2, e2e-3, …, e2e-9, e2e-10')
    useJoinWayStore(pinia).batchBase.chatIds = [SALES]
    useJoinWayStore(pinia).batchInput.count = 3
    await settle()
    click('joinway-batch-start')
    await flushPromises()
    expect(jw.BatchStart).toHaveBeenCalledWith('sandbox', ['e2e-1', 'e2e-2', 'e2e-3'], expect.objectContaining({ chatIds: [SALES] }), false)
    for (let done = 1; done <= 3; done++) {
      bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done, total: 3, item: { state: `e2e-${done}`, reused: false, ...(done === 2 ? { error: 'WECOM_40050: invalid group id' } : {}) }, finished: false, failed: done >= 2 ? 1 : 0 })
    }
    await flushPromises()
    const bar = byTestId('joinway-batch-progress')!
    expect(bar.dataset.done).toBe('3')
    expect(bar.dataset.finished).toBe('false')
    expect(byTestId('joinway-batch-cancel')).not.toBeNull()
    expect(text('joinway-batch-latest')).toContain('e2e-3')
    bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done: 3, total: 3, finished: true, failed: 1, path: '/home/u/Downloads/wecomdev-joinway-sandbox-1.zip' })
    await flushPromises()
    expect(bar.dataset.finished).toBe('true')
    expect(text('joinway-batch-count-text')).toBe('3 / 3')
    expect(text('joinway-batch-path')).toBe('/home/u/Downloads/wecomdev-joinway-sandbox-1.zip')
    expect(text('joinway-batch-zip')).toContain('The zip was saved to')
    click('joinway-batch-open-folder')
    await flushPromises()
    expect(jw.OpenSavedFolder).toHaveBeenCalledExactlyOnceWith('/home/u/Downloads/wecomdev-joinway-sandbox-1.zip')
    expect(text('joinway-batch-failures')).toContain('e2e-2')
    expect(bar.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('100')
  })

  it('batch: Cancel calls BatchCancel', async () => {
    jw.BatchStart.mockResolvedValue('b2')
    jw.BatchCancel.mockResolvedValue(true)
    await mountJoinWay('batch')
    useJoinWayStore(pinia).batchBase.chatIds = [SALES]
    await settle()
    click('joinway-batch-start')
    await flushPromises()
    click('joinway-batch-cancel')
    await flushPromises()
    expect(jw.BatchCancel).toHaveBeenCalled()
  })

  it('every tab is translated in both languages (no raw message keys)', async () => {
    jw.Pool.mockResolvedValue(poolView(2, 2))
    for (const locale of ['en-US', 'zh-CN'] as const) {
      for (const tab of ['groups', 'registry', 'pool', 'mapping', 'batch'] as const) {
        setActivePinia((pinia = createPinia()))
        await mountJoinWay(tab, locale)
        await settle()
        expect(document.body.textContent!.match(/joinway\.[a-zA-Z.]+/)?.[0] ?? null).toBeNull()
        wrapper?.unmount()
        wrapper = null
      }
    }
  }, 30_000)

  it('zh-CN reads naturally', async () => {
    jw.Pool.mockResolvedValue(poolView(2, 2))
    await mountJoinWay('pool', 'zh-CN')
    expect(text('joinway-tab-registry')).toContain('入群方式')
    expect(byTestId('joinway-low-banner')?.textContent).toContain('只剩 1 个空闲群')
  })
})

describe('the navigation badge', () => {
  it('shows while the selected profile\'s pool is low, with an accessible label', async () => {
    jw.Pool.mockResolvedValue(poolView())
    wrapper = mountView(JoinWayNavBadge, pinia)
    await flushPromises()
    expect(jw.Pool).toHaveBeenCalledWith('sandbox')
    expect(byTestId('nav-joinway-badge')).toBeNull()
    jw.Pool.mockResolvedValue(poolView(2, 2)) // Go's pool, as the event says
    bus.emit(Events.joinWayPool, poolStatus({ free: 1, used: 2, threshold: 2, low: true }))
    await flushPromises()
    const badge = byTestId('nav-joinway-badge')!
    expect(badge.getAttribute('aria-label')).toBe('The pool is low: 1 free group left')
    expect(badge.getAttribute('role')).toBe('status')
    expect(badge.textContent?.trim()).toBe('1')
    jw.Pool.mockResolvedValue(poolView(1, 2))
    bus.emit(Events.joinWayPool, poolStatus({ free: 2, used: 1, threshold: 2, low: false }))
    await flushPromises()
    expect(byTestId('nav-joinway-badge')).toBeNull()
  })
})
