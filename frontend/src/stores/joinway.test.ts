import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '@/api/errors'
import { Events } from '@/api/events'
import { bus } from '@/test/fakeRuntime'
import { installGo } from '@/test/goBindings'
import { CODE_PNG, entry, PNG, POOL1, POOL2, POOL3, poolStatus, poolView, SALES, joinWayBinding } from '@/test/joinwayFixtures'
import { useJoinWayStore } from './joinway'
import { blankConfig, runeCount, splitList, statesFromLines } from './joinway/model'

const binding = joinWayBinding()
vi.mock('../../wailsjs/runtime/runtime', () => import('@/test/fakeRuntime'))

const ORPHAN =
  'JOINWAY_POSSIBLE_ORPHAN: state "order-1": the add_join_way sent at 2024-05-01 10:00:00 (chats [wr5andb0xSa1esGroupAAAAAAAAAAAAA]) got no stored answer'

beforeEach(() => {
  bus.reset()
  installGo({ JoinWayService: binding })
  setActivePinia(createPinia())
  Object.values(binding).forEach((f) => f.mockReset())
  binding.List.mockResolvedValue([])
  binding.Pool.mockResolvedValue(poolView())
  binding.Mappings.mockResolvedValue([])
  binding.Image.mockResolvedValue(PNG)
  binding.Code.mockResolvedValue(CODE_PNG)
  binding.Validate.mockResolvedValue([])
})

describe('helpers', () => {
  it('count characters as WeCom does, split lists and lines', () => {
    expect(runeCount('销售客服群')).toBe(5)
    expect(runeCount('😀a')).toBe(2)
    expect(splitList(' a, b\nc，a  ')).toEqual(['a', 'b', 'c'])
    expect(statesFromLines(' s-1\n\n s-2 \r\ns-3')).toEqual(['s-1', 's-2', 's-3'])
    expect(blankConfig()).toMatchObject({ scene: 2, autoCreateRoom: true, markSource: true, chatIds: [] })
  })
})

describe('join-way store', () => {
  it('load: the registry, the pool and the mapping of the profile', async () => {
    binding.List.mockResolvedValue([entry(), entry({ id: 2, status: 'pending', configId: '', hasImage: false, createdAt: undefined })])
    binding.Pool.mockResolvedValue(poolView(1))
    const s = useJoinWayStore()
    await s.load()
    expect(binding.List).toHaveBeenCalledWith('sandbox')
    expect(binding.Pool).toHaveBeenCalledWith('sandbox')
    expect(binding.Mappings).toHaveBeenCalledWith('sandbox')
    expect(s.entries.map((e) => e.status)).toEqual(['ready', 'pending'])
    expect(s.pool?.groups).toHaveLength(3)
    expect(s.poolStatus).toMatchObject({ free: 2, used: 1 })
    expect(s.low).toBe(true)
    expect(s.entriesLoaded && s.mappingsLoaded).toBe(true)
  })

  it('loads a row\'s two images; a row without image gets neither call', async () => {
    binding.List.mockResolvedValue([entry(), entry({ id: 2, hasImage: false, joinLink: '' })])
    const s = useJoinWayStore()
    await s.loadEntries()
    await s.loadImages(1)
    await s.loadImages(2)
    expect(s.images[1]).toMatchObject({ wecom: PNG, code: CODE_PNG, loading: false, wecomError: null })
    expect(binding.Image).toHaveBeenCalledTimes(1)
    expect(binding.Code).toHaveBeenCalledTimes(1)
    expect(s.images[2]).toMatchObject({ wecom: '', code: '' })
  })

  it('create: the form is sent, the entry goes on top with its warnings', async () => {
    const warn = [{ code: 'REMARK_TRUNCATED', message: 'the remark has 31 characters' }]
    binding.Create.mockResolvedValue({ entry: entry({ id: 5 }), reused: false, warnings: warn })
    const s = useJoinWayStore()
    s.useInNewJoinWay(SALES)
    expect(s.tab).toBe('registry')
    s.form.state = 'order-1'
    const res = await s.create()
    expect(binding.Create).toHaveBeenCalledWith('sandbox', expect.objectContaining({ chatIds: [SALES], state: 'order-1', scene: 2 }), false)
    expect(res?.warnings).toEqual(warn)
    expect(s.entries[0]?.id).toBe(5)
    expect(s.lastResult?.entry.id).toBe(5)
    await flushPromises()
    expect(s.images[5]?.wecom).toBe(PNG)
  })

  it('create over a possible orphan asks first; createAnyway sends force=true', async () => {
    binding.Create.mockRejectedValueOnce(ORPHAN).mockResolvedValueOnce({ entry: entry({ id: 9 }), reused: false, warnings: [] })
    binding.List.mockResolvedValue([entry({ id: 9 }), entry({ id: 3, status: 'abandoned' })])
    const s = useJoinWayStore()
    s.form = { ...blankConfig(), chatIds: [SALES], state: 'order-1' }
    await expect(s.create()).resolves.toBeNull()
    expect(s.orphan?.code).toBe('JOINWAY_POSSIBLE_ORPHAN')
    expect(s.orphan?.message).toContain('order-1')
    expect(s.createError).toBeNull() // a question, not a failure
    await s.createAnyway()
    expect(binding.Create).toHaveBeenLastCalledWith('sandbox', expect.objectContaining({ state: 'order-1' }), true)
    expect(s.orphan).toBeNull()
    expect(s.lastResult?.entry.id).toBe(9)
    await flushPromises()
    expect(s.entries.map((e) => e.status)).toEqual(['ready', 'abandoned']) // reloaded
  })

  it('create with a state another config holds names that config', async () => {
    binding.List.mockResolvedValue([entry({ id: 4, configId: 'cfg-holder', config: { ...entry().config, state: 'order-1', chatIds: [POOL1] } })])
    binding.Create.mockRejectedValue('JOINWAY_STATE_IN_USE: state "order-1" already belongs to join way cfg-holder (chats [x])')
    const s = useJoinWayStore()
    await s.loadEntries()
    s.form = { ...blankConfig(), chatIds: [SALES], state: 'order-1' }
    await expect(s.create()).rejects.toBeInstanceOf(AppError)
    expect(s.stateInUse).toMatchObject({ state: 'order-1', configId: 'cfg-holder', entryId: 4 })
    expect(s.createError?.code).toBe('JOINWAY_STATE_IN_USE')
  })

  it('a joinway:pool event sets the counts and the low state of the selected profile only', async () => {
    const s = useJoinWayStore()
    expect(s.low).toBe(false)
    bus.emit(Events.joinWayPool, poolStatus({ free: 1, used: 2, threshold: 2, low: true }))
    expect(s.low).toBe(true)
    expect(s.freeGroups).toBe(1)
    bus.emit(Events.joinWayPool, poolStatus({ profile: 'other', free: 9, low: false }))
    expect(s.low).toBe(true) // another profile's pool
    bus.emit(Events.joinWayPool, poolStatus({ free: 3, used: 0, threshold: 2, low: false }))
    expect(s.low).toBe(false)
  })

  it('a pool event that changes the counts reloads the pool groups shown', async () => {
    const s = useJoinWayStore()
    await s.loadPool()
    binding.Pool.mockResolvedValue(poolView(1))
    bus.emit(Events.joinWayPool, poolStatus({ free: 2, used: 1, threshold: 3, low: true }))
    await flushPromises()
    expect(binding.Pool).toHaveBeenCalledTimes(2)
    expect(s.pool?.groups.filter((g) => !g.free)).toHaveLength(1)
  })

  it('pool: add, threshold, take (its QR code, the mapping) and release', async () => {
    const s = useJoinWayStore()
    binding.PoolAdd.mockResolvedValue(poolView(0, 2))
    await s.poolAdd([POOL1, POOL2, POOL3])
    expect(binding.PoolAdd).toHaveBeenCalledWith('sandbox', [POOL1, POOL2, POOL3])
    binding.SetThreshold.mockResolvedValue(poolStatus({ free: 3, threshold: 2 }))
    await s.setThreshold(2)
    expect(binding.SetThreshold).toHaveBeenCalledWith('sandbox', 2)
    expect(s.poolStatus?.threshold).toBe(2)
    const taken = entry({ id: 11, config: { ...entry().config, state: 'order-7', chatIds: [POOL1] } })
    binding.PoolTake.mockResolvedValue({
      mapping: { label: 'order-7', chatId: POOL1, configId: taken.configId, source: 'pool', inPool: true, createdAt: '' },
      entry: taken,
      reused: false,
      pool: poolStatus({ free: 1, used: 2, threshold: 2, low: true }),
    })
    binding.Pool.mockResolvedValue(poolView(2, 2))
    await s.take(' order-7 ', '')
    expect(binding.PoolTake).toHaveBeenCalledWith('sandbox', 'order-7', '', false)
    expect(s.low).toBe(true)
    expect(s.takeResult?.mapping.chatId).toBe(POOL1)
    await flushPromises()
    expect(s.images[11]?.wecom).toBe(PNG)
    binding.PoolRelease.mockResolvedValue(poolView(1, 2))
    await s.release('order-7')
    expect(binding.PoolRelease).toHaveBeenCalledWith('sandbox', 'order-7')
    expect(s.takeResult).toBeNull()
  })

  it('POOL_EMPTY stays with the take', async () => {
    binding.PoolTake.mockRejectedValue('POOL_EMPTY: the pool has no free group (3 used)')
    const s = useJoinWayStore()
    await expect(s.take('order-8', '')).rejects.toMatchObject({ code: 'POOL_EMPTY' })
    expect(s.takeError?.code).toBe('POOL_EMPTY')
  })

  it('batch: progress events up to finished, with the failures and the zip', async () => {
    binding.BatchStart.mockResolvedValue('b1')
    const s = useJoinWayStore()
    s.batchBase = { ...blankConfig(), chatIds: [SALES] }
    await s.startBatch(['t-1', 't-2', 't-3'], s.batchBase)
    expect(binding.BatchStart).toHaveBeenCalledWith('sandbox', ['t-1', 't-2', 't-3'], expect.objectContaining({ chatIds: [SALES], state: '' }), false)
    expect(s.batch).toMatchObject({ id: 'b1', running: true, done: 0, total: 3 })
    bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done: 1, total: 3, item: { state: 't-1', reused: false, configId: 'c1' }, finished: false, failed: 0 })
    bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done: 2, total: 3, item: { state: 't-2', reused: false, error: 'WECOM_40050: invalid group id' }, finished: false, failed: 1 })
    expect(s.batch).toMatchObject({ done: 2, failed: 1, running: true, finished: false })
    expect(s.batch.item?.state).toBe('t-2')
    bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done: 3, total: 3, item: { state: 't-3', reused: true }, finished: false, failed: 1 })
    bus.emit(Events.joinWayBatch, { id: 'b1', profile: 'sandbox', done: 3, total: 3, finished: true, failed: 1, path: '/home/u/Downloads/wecomdev-joinway-sandbox.zip' })
    expect(s.batch).toMatchObject({ done: 3, total: 3, running: false, finished: true, path: '/home/u/Downloads/wecomdev-joinway-sandbox.zip' })
    expect(s.batch.item?.state).toBe('t-3')
    expect(s.batchFailures.map((f) => f.state)).toEqual(['t-2'])
    await flushPromises()
    expect(binding.List).toHaveBeenCalled() // the registry has the new codes
  })

  it('events that come before BatchStart answers are kept', async () => {
    let answer: (id: string) => void = () => {}
    binding.BatchStart.mockReturnValue(new Promise<string>((r) => (answer = r)))
    const s = useJoinWayStore()
    const started = s.startBatch(['a'], { ...blankConfig(), chatIds: [SALES] })
    bus.emit(Events.joinWayBatch, { id: 'b2', profile: 'sandbox', done: 1, total: 1, item: { state: 'a', reused: false }, finished: false, failed: 0 })
    answer('b2')
    await started
    expect(s.batch).toMatchObject({ id: 'b2', done: 1, total: 1 })
  })

  it('cancel asks Go to stop; the last event says finished with the reason', async () => {
    binding.BatchStart.mockResolvedValue('b3')
    binding.BatchCancel.mockResolvedValue(true)
    const s = useJoinWayStore()
    await s.startBatch(['a', 'b', 'c'], { ...blankConfig(), chatIds: [SALES] })
    bus.emit(Events.joinWayBatch, { id: 'b3', profile: 'sandbox', done: 1, total: 3, item: { state: 'a', reused: false }, finished: false, failed: 0 })
    await expect(s.cancelBatch()).resolves.toBe(true)
    expect(binding.BatchCancel).toHaveBeenCalled()
    bus.emit(Events.joinWayBatch, {
      id: 'b3', profile: 'sandbox', done: 1, total: 3, finished: true, failed: 0,
      error: 'INTERNAL: batch stopped after 1 of 3 codes: context canceled', path: '/tmp/z.zip',
    })
    expect(s.batch).toMatchObject({ running: false, finished: true, done: 1, path: '/tmp/z.zip' })
    expect(s.batch.error?.message).toContain('stopped after 1 of 3')
  })

  it('BATCH_RUNNING leaves no batch shown as running', async () => {
    binding.BatchStart.mockRejectedValue('BATCH_RUNNING: a batch is running; cancel it or wait for it to finish')
    const s = useJoinWayStore()
    await expect(s.startBatch(['a'], { ...blankConfig(), chatIds: [SALES] })).rejects.toMatchObject({ code: 'BATCH_RUNNING' })
    expect(s.batch.running).toBe(false)
    expect(s.batchError?.code).toBe('BATCH_RUNNING')
  })

  it('groups: the filter is sent, Load more follows the cursor, details are kept', async () => {
    binding.Groups.mockResolvedValueOnce({ groups: [{ chat_id: SALES, status: 0 }], nextCursor: 'c2' })
    binding.Groups.mockResolvedValueOnce({ groups: [{ chat_id: POOL1, status: 0 }], nextCursor: '' })
    binding.Group.mockResolvedValue({ chat_id: SALES, name: '销售客服群', owner: 'zhangsan', create_time: 1, notice: '', member_list: null, admin_list: null, member_version: '' })
    const s = useJoinWayStore()
    s.groupFilter = { statusFilter: 1, owners: 'zhangsan, lisi', limit: 1 }
    await s.loadGroups()
    expect(binding.Groups).toHaveBeenCalledWith('sandbox', { statusFilter: 1, owners: ['zhangsan', 'lisi'], cursor: '', limit: 1 })
    await s.loadGroups(true)
    expect(binding.Groups).toHaveBeenLastCalledWith('sandbox', expect.objectContaining({ cursor: 'c2' }))
    expect(s.groupList.map((g) => g.chat_id)).toEqual([SALES, POOL1])
    expect(s.nextCursor).toBe('')
    await s.openGroup(SALES)
    await s.openGroup(SALES)
    expect(binding.Group).toHaveBeenCalledTimes(1)
    expect(s.groupName(SALES)).toBe('销售客服群')
    expect(s.details[SALES]?.member_list).toEqual([])
  })

  it('more than 100 owners is refused before Go is asked', async () => {
    const s = useJoinWayStore()
    s.groupFilter.owners = Array.from({ length: 101 }, (_, i) => `u${i}`).join(' ')
    await expect(s.loadGroups()).rejects.toMatchObject({ code: 'JOINWAY_INVALID' })
    expect(binding.Groups).not.toHaveBeenCalled()
  })

  it('edit sends the whole config; Update\'s entry replaces the row', async () => {
    binding.List.mockResolvedValue([entry()])
    binding.Update.mockResolvedValue({ entry: entry({ updatedAt: '2024-05-02T00:00:00Z', config: { ...entry().config, remark: 'new' } }), reused: false, warnings: [] })
    const s = useJoinWayStore()
    await s.loadEntries()
    s.startEdit(s.entries[0]!)
    s.editing!.config.remark = 'new'
    expect(s.entries[0]?.config.remark).toBe('booth') // a copy is edited
    await s.saveEdit()
    expect(binding.Update).toHaveBeenCalledWith('sandbox', entry().configId, { ...entry().config, remark: 'new' })
    expect(s.entries[0]?.config.remark).toBe('new')
    expect(s.editing).toBeNull()
  })

  it('read, delete and forget a row', async () => {
    binding.List.mockResolvedValue([entry(), entry({ id: 2, status: 'pending', configId: '' })])
    binding.Read.mockResolvedValue(entry({ readAt: '2024-06-01T00:00:00Z' }))
    const s = useJoinWayStore()
    await s.loadEntries()
    await s.readConfig(` ${entry().configId} `)
    expect(binding.Read).toHaveBeenCalledWith('sandbox', entry().configId)
    await s.forgetEntry(s.entries[1]!)
    expect(binding.Forget).toHaveBeenCalledWith('sandbox', 2)
    await s.deleteEntry(s.entries[0]!)
    expect(binding.Delete).toHaveBeenCalledWith('sandbox', entry().configId)
    expect(s.entries).toEqual([])
    binding.Delete.mockRejectedValue('WECOM_41044: invalid config_id')
    binding.List.mockResolvedValue([entry()])
    await s.loadEntries()
    await expect(s.deleteEntry(s.entries[0]!)).rejects.toMatchObject({ code: 'WECOM_41044' })
    expect(s.rowError?.code).toBe('WECOM_41044')
  })

  it('another profile drops what was shown', async () => {
    binding.List.mockResolvedValue([entry()])
    const s = useJoinWayStore()
    await s.load()
    s.select('corp-a')
    expect(s.entries).toEqual([])
    expect(s.poolStatus).toBeNull()
    await s.load()
    expect(binding.List).toHaveBeenLastCalledWith('corp-a')
  })
})
