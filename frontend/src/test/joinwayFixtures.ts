import { vi, type Mock } from 'vitest'
import type { GroupChat, JoinWayEntry, PoolStatus, PoolView } from '@/api/joinway.types'

const joinWayMethods = [
  'Defaults', 'Validate', 'Groups', 'Group', 'List', 'Create', 'Read', 'Update', 'Delete', 'Forget', 'Image', 'Code',
  'LinkCode', 'SaveImage', 'Pool', 'PoolAdd', 'PoolRemove', 'PoolTake', 'PoolRelease', 'SetThreshold',
  'Mappings', 'Map', 'Unmap', 'BatchStates', 'BatchStart', 'BatchCancel', 'OpenSavedFolder',
] as const

/** A mocked JoinWayService, one vi.fn() per bound method, for installGo. */
export function joinWayBinding(): Record<(typeof joinWayMethods)[number], Mock> {
  return Object.fromEntries(joinWayMethods.map((m) => [m, vi.fn()])) as Record<(typeof joinWayMethods)[number], Mock>
}

/** The sandbox's groups (internal/wecom/sandbox/data.go). */
export const SALES = 'wr5andb0xSa1esGroupAAAAAAAAAAAAA'
export const POOL1 = 'wr5andb0xP00l1AAAAAAAAAAAAAAAAAA'
export const POOL2 = 'wr5andb0xP00l2AAAAAAAAAAAAAAAAAA'
export const POOL3 = 'wr5andb0xP00l3AAAAAAAAAAAAAAAAAA'
export const PNG = 'data:image/png;base64,iVBORw0KGgo='
export const CODE_PNG = 'data:image/png;base64,Q09ERQ=='

/** A registry row as Go sends it (ready, with its image) unless `over` says otherwise. */
export function entry(over: Partial<JoinWayEntry> = {}): JoinWayEntry {
  return {
    id: 1,
    profile: 'sandbox',
    configId: '9ad7fa5cdaa6511298498f979c472aaa',
    status: 'ready',
    config: { scene: 2, remark: 'booth', autoCreateRoom: true, roomBaseName: '', roomBaseId: 0, chatIds: [SALES], state: 'order-1', markSource: true },
    qrUrl: 'https://wework.qpic.cn/wwpic/abc/0',
    joinLink: 'https://work.weixin.qq.com/gm/abc',
    hasImage: true,
    intentAt: '2024-05-01T10:00:00Z',
    createdAt: '2024-05-01T10:00:01Z',
    updatedAt: '2024-05-01T10:00:01Z',
    readAt: '2024-05-01T10:00:02Z',
    ...over,
  }
}

export function poolStatus(over: Partial<PoolStatus> = {}): PoolStatus {
  return { profile: 'sandbox', free: 0, used: 0, threshold: 3, low: false, ...over }
}

/** The three sandbox pool groups, the first `used` of them taken. */
export function poolView(used = 0, threshold = 3): PoolView {
  const ids = [POOL1, POOL2, POOL3]
  const groups = ids.map((chatId, i) => ({
    chatId,
    name: `入群池${i + 1}`,
    addedAt: '2024-05-01T09:00:00Z',
    free: i >= used,
    ...(i < used ? { label: `order-${i + 1}`, configId: `cfg${i + 1}`, takenAt: '2024-05-01T11:00:00Z' } : {}),
  }))
  const free = ids.length - used
  return { groups, status: poolStatus({ free, used, threshold, low: free < threshold }) }
}

export function salesGroup(): GroupChat {
  return {
    chat_id: SALES,
    name: '销售客服群',
    owner: 'zhangsan',
    create_time: 1714550400,
    notice: '文明沟通',
    member_list: [
      { userid: 'zhangsan', type: 1, join_time: 1714550400, join_scene: 1, name: '张三' },
      { userid: 'wmChen', type: 2, join_time: 1714636800, join_scene: 3, name: '陈晓明', state: 'sandbox-qr-1' },
    ],
    admin_list: [{ userid: 'lisi' }],
    member_version: 'v1',
  }
}
