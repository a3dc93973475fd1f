import type { Ref } from 'vue'
import type { JoinWayTab } from './model'

/** What every tab's part of the Join-way store shares: the profile shown, the tab, the busy keys. */
export interface JoinWayContext {
  profile: Ref<string>
  tab: Ref<JoinWayTab>
  /** Runs op with key among the store's busy keys ("groups", "create", "read:<configId>", …). */
  withBusy: <T>(key: string, op: () => Promise<T>) => Promise<T>
}
