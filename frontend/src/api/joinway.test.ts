import { beforeEach, describe, expect, it } from 'vitest'
import enUS from '@/i18n/locales/en-US.json'
import zhCN from '@/i18n/locales/zh-CN.json'
import { leafKeys } from '@/i18n/keys'
import { entry, PNG, poolView, SALES, joinWayBinding } from '@/test/joinwayFixtures'
import { installGo } from '@/test/goBindings'
import { AppError, BRIDGE_UNAVAILABLE } from './errors'
import * as api from './joinway'

const binding = joinWayBinding()

beforeEach(() => {
  installGo({ JoinWayService: binding })
})

const config = entry().config

describe('the JoinWayService wrapper', () => {
  it('passes the arguments through to Go and returns its answer', async () => {
    binding.List.mockResolvedValue([entry()])
    binding.Create.mockResolvedValue({ entry: entry(), reused: false, warnings: [] })
    binding.Groups.mockResolvedValue({ groups: [{ chat_id: SALES, status: 0 }], nextCursor: 'c2' })
    binding.Image.mockResolvedValue(PNG)
    binding.PoolTake.mockResolvedValue({ mapping: {}, entry: entry(), reused: false, pool: poolView(1).status })
    binding.BatchStart.mockResolvedValue('b1')
    binding.Map.mockResolvedValue({ label: 'L', chatId: SALES, configId: '', source: 'manual', inPool: false, createdAt: '' })

    await expect(api.list('sandbox')).resolves.toEqual([entry()])
    expect(binding.List).toHaveBeenCalledWith('sandbox')
    await api.create('sandbox', config, true)
    expect(binding.Create).toHaveBeenCalledWith('sandbox', config, true)
    const q = { statusFilter: 1, owners: ['zhangsan'], cursor: 'c1', limit: 50 }
    await expect(api.groups('sandbox', q)).resolves.toMatchObject({ nextCursor: 'c2' })
    expect(binding.Groups).toHaveBeenCalledWith('sandbox', q)
    await expect(api.image('sandbox', 7)).resolves.toBe(PNG)
    expect(binding.Image).toHaveBeenCalledWith('sandbox', 7)
    await api.poolTake('sandbox', 'order-9', '', false)
    expect(binding.PoolTake).toHaveBeenCalledWith('sandbox', 'order-9', '', false)
    await expect(api.batchStart('sandbox', ['a', 'b'], config, false)).resolves.toBe('b1')
    expect(binding.BatchStart).toHaveBeenCalledWith('sandbox', ['a', 'b'], config, false)
    await api.map('sandbox', 'L', SALES, '')
    expect(binding.Map).toHaveBeenCalledWith('sandbox', 'L', SALES, '')
  })

  it.each([
    ['JOINWAY_POSSIBLE_ORPHAN: state "o-1": the add_join_way sent at … got no stored answer', 'JOINWAY_POSSIBLE_ORPHAN'],
    ['JOINWAY_STATE_IN_USE: state "o-1" already belongs to join way cfg9 (chats [wr1])', 'JOINWAY_STATE_IN_USE'],
    ['JOINWAY_INVALID: invalid state: 31 characters, WeCom allows at most 30; shorten it', 'JOINWAY_INVALID'],
    ['POOL_EMPTY: the pool has no free group (3 used): build more empty customer groups', 'POOL_EMPTY'],
    ['BATCH_RUNNING: a batch is running; cancel it or wait for it to finish', 'BATCH_RUNNING'],
    ['WECOM_41044: wecom externalcontact/groupchat/get_join_way: errcode 41044', 'WECOM_41044'],
    ['WECOM_40050: invalid group id', 'WECOM_40050'],
  ])('a rejection "%s" becomes AppError %s', async (text, code) => {
    binding.Create.mockRejectedValue(text)
    const err = await api.create('sandbox', config, false).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe(code)
    expect((err as AppError).message).toBe(text.slice(code.length + 2))
  })

  it('an Error thrown synchronously is an AppError too', async () => {
    binding.Read.mockImplementation(() => {
      throw new Error('JOINWAY_NOT_FOUND: not in the join-way registry')
    })
    await expect(api.read('sandbox', 'x')).rejects.toMatchObject({ code: 'JOINWAY_NOT_FOUND' })
  })

  it('without the Wails bridge every call is BRIDGE_UNAVAILABLE', async () => {
    delete window.go
    await expect(api.pool('sandbox')).rejects.toMatchObject({ code: BRIDGE_UNAVAILABLE })
  })

  it('every error code of the service is translated in both locales', () => {
    for (const messages of [zhCN, enUS]) {
      expect(leafKeys(messages)).toEqual(expect.arrayContaining(api.JOINWAY_ERROR_CODES.map((c) => `errors.${c}`)))
    }
  })
})
