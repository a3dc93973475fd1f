import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { AppError } from '@/api/errors'
import * as api from '@/api/profiles'
import type { KeychainStatus, ProfileInput, ProfileView } from '@/api/profiles'
import { run as runInto } from './async'

/** Sandbox first, then by name (the order Go lists them in, kept after local changes). */
function sorted(list: ProfileView[]): ProfileView[] {
  return [...list].sort((a, b) => Number(b.sandbox) - Number(a.sandbox) || a.name.localeCompare(b.name))
}

/**
 * The connection profiles (corp ID, agent ID, API base, trusted domains) and
 * the state of their secrets. Go is the source of truth: each change applies
 * the ProfileView Go returns. A secret in clear is never kept here: revealSecret
 * hands it to the caller, which must drop it.
 */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileView[]>([])
  const keychain = ref<KeychainStatus | null>(null)
  const loaded = ref(false)
  const loading = ref(false)
  const lastError = ref<AppError | null>(null)

  const names = computed(() => profiles.value.map((p) => p.name))

  function byName(name: string): ProfileView | undefined {
    return profiles.value.find((p) => p.name === name)
  }

  /** Replaces the profile called `previous` (or adds it) with Go's view. */
  function upsert(view: ProfileView, previous = view.name): void {
    const rest = profiles.value.filter((p) => p.name !== previous && p.name !== view.name)
    profiles.value = sorted([...rest, view])
  }

  const run = <T>(op: () => Promise<T>) => runInto(lastError, op)

  /** Loads the profiles and the keychain state. Rejects with an AppError. */
  async function load(): Promise<void> {
    loading.value = true
    try {
      await run(async () => {
        const [list, kc] = await Promise.all([api.listProfiles(), api.keychainStatus()])
        profiles.value = sorted(Array.isArray(list) ? list : [])
        keychain.value = kc
        loaded.value = true
      })
    } finally {
      loading.value = false
    }
  }

  /** Asks Go again whether the keychain answers. */
  async function checkKeychain(): Promise<void> {
    keychain.value = await run(() => api.keychainStatus())
  }

  /** Adds (input.originalName "") or edits a profile; rename allowed. */
  async function save(input: ProfileInput): Promise<ProfileView> {
    const view = await run(() => api.saveProfile(input))
    upsert(view, input.originalName || view.name)
    return view
  }

  /** Removes a profile; Go also deletes its secret and cached tickets from the keychain. */
  async function remove(name: string): Promise<void> {
    await run(() => api.removeProfile(name))
    profiles.value = profiles.value.filter((p) => p.name !== name)
  }

  async function setSecret(name: string, secret: string): Promise<void> {
    upsert(await run(() => api.setSecret(name, secret)), name)
  }

  async function deleteSecret(name: string): Promise<void> {
    upsert(await run(() => api.deleteSecret(name)), name)
  }

  /** The secret in clear, for the caller only (never stored here). */
  function revealSecret(name: string): Promise<string> {
    return run(() => api.revealSecret(name))
  }

  return {
    profiles,
    keychain,
    loaded,
    loading,
    lastError,
    names,
    byName,
    load,
    checkKeychain,
    save,
    remove,
    setSecret,
    deleteSecret,
    revealSecret,
  }
})
