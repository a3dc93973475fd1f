/** Types of the Callbacks area (回调), mirroring app.CallbacksService's Go types. */

/** One join the registry learnt of through a callback (joinway.Join). */
export interface JoinWayJoin {
  id: number
  /** group: change_external_chat / add_member; contact: add_external_contact with a State. */
  kind: 'group' | 'contact' | string
  state: string
  /** The registry row of the state; 0 when the state is no join way of the registry. */
  joinWayId: number
  configId?: string
  chatId?: string
  externalUserId: string
  userId?: string
  joinScene?: number
  joinedAt: string
  recordedAt: string
  new: boolean
}

export interface CallbackSetup {
  profile: string
  sandbox: boolean
  path: string
  /** The running dev server's callback URL ("" when stopped or serving another profile). */
  localUrl: string
  /** The tunnel's: the one to paste into the admin console ("" without a tunnel). */
  publicUrl: string
  /** The corpid: a self-built app's receiveid. */
  receiveId: string
  /** stored, missing, env or unknown. */
  keysState: string
  tokenMasked: string
  aesKeyMasked: string
}

/** New keys, shown once to be pasted into the admin console; they are stored already. */
export interface GeneratedKeys {
  token: string
  encodingAESKey: string
  setup: CallbackSetup
}

/** The decrypted event's fields wecomdev reads (wecom.CallbackEvent). */
export interface CallbackEventFields {
  toUserName: string
  fromUserName: string
  createTime: number
  msgType: string
  event?: string
  changeType?: string
  chatId?: string
  updateDetail?: string
  joinScene?: number
  memChangeCnt?: number
  memChangeList?: string[]
  userId?: string
  externalUserId?: string
  state?: string
}

/** One event of the callback log (devserver.CallbackRecord). */
export interface CallbackRecord {
  id: number
  profile: string
  receivedAt: string
  lastAt: string
  deliveries: number
  summary: string
  xml: string
  event: CallbackEventFields
  outcome: { joins: JoinWayJoin[] | null; error?: string }
  handled: boolean
}

export interface Delivery {
  attempt: number
  status?: number
  answer: string
  error?: string
  ok: boolean
  durationMs: number
}

/** What a simulated scan did (workspace.SimulatedJoin). */
export interface SimulatedJoin {
  chatId: string
  externalUserId: string
  joined: boolean
  event?: string
  deliveries: Delivery[] | null
  delivered: boolean
  joinWayId: number
  configId: string
  url?: string
  callbackError?: string
}
