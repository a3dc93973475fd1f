import { ref } from 'vue'
import * as api from '@/api/joinway'
import type { ImageKind, JoinWayEntry } from '@/api/joinway'
import { AppError, toAppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'
import { normalizeEntry, type RowImages } from './model'

/** What the Registry tab needs from the Pool tab. */
export interface RegistryLinks {
  /** The entry of the group just taken (its images load like a row's). */
  takenEntry: () => JoinWayEntry | undefined
  loadPool: () => Promise<void>
}

/** The Registry tab: the join ways the console made (WeCom lists them nowhere), their images. */
export function useRegistry({ profile, withBusy }: JoinWayContext, links: RegistryLinks) {
  const entries = ref<JoinWayEntry[]>([])
  const entriesLoaded = ref(false)
  const entriesError = ref<AppError | null>(null)
  /** The error of the last action on a row (read, delete, forget, save). */
  const rowError = ref<AppError | null>(null)
  const images = ref<Record<number, RowImages>>({})
  /** Where a row's image was saved, by "<id>:<kind>". */
  const saved = ref<Record<string, string>>({})

  function upsert(e: JoinWayEntry): JoinWayEntry {
    const n = normalizeEntry(e)
    const old = entries.value.find((x) => x.id === n.id)
    entries.value = old ? entries.value.map((x) => (x.id === n.id ? n : x)) : [n, ...entries.value]
    if (old && (old.updatedAt !== n.updatedAt || old.config.state !== n.config.state || old.readAt !== n.readAt)) {
      const { [n.id]: _drop, ...rest } = images.value
      images.value = rest
    }
    return n
  }

  function loadEntries(): Promise<void> {
    return withBusy('list', async () => {
      const asked = profile.value
      const list = await run(entriesError, () => api.list(asked))
      if (asked !== profile.value) return
      entries.value = (Array.isArray(list) ? list : []).map(normalizeEntry)
      entriesLoaded.value = true
    })
  }

  /** Loads a row's two images (once; again with reload). Failures stay with the row. */
  async function loadImages(id: number, reload = false): Promise<void> {
    const e = entries.value.find((x) => x.id === id) ?? links.takenEntry()
    if (!e || (images.value[id] && !reload)) return
    const slot: RowImages = { wecom: '', code: '', wecomError: null, codeError: null, loading: true }
    images.value = { ...images.value, [id]: slot }
    const asked = profile.value
    const [w, c] = await Promise.allSettled([
      e.hasImage ? api.image(asked, id) : Promise.resolve(''),
      e.hasImage || e.joinLink ? api.code(asked, id) : Promise.resolve(''),
    ])
    if (asked !== profile.value) return
    images.value = {
      ...images.value,
      [id]: {
        wecom: w.status === 'fulfilled' ? w.value : '',
        code: c.status === 'fulfilled' ? c.value : '',
        wecomError: w.status === 'rejected' ? toAppError(w.reason) : null,
        codeError: c.status === 'rejected' ? toAppError(c.reason) : null,
        loading: false,
      },
    }
  }

  /** Saves a row's QR image to Downloads; returns (and keeps) the path. */
  function saveImage(id: number, kind: ImageKind): Promise<string> {
    return withBusy(`save:${id}:${kind}`, async () => {
      const path = await run(rowError, () => api.saveImage(profile.value, id, kind))
      saved.value = { ...saved.value, [`${id}:${kind}`]: path }
      return path
    })
  }

  /** Reads a config from WeCom into the registry ("Read again", and "Import by config_id"). */
  function readConfig(configId: string): Promise<JoinWayEntry> {
    const id = configId.trim()
    return withBusy(`read:${id}`, async () => {
      const e = await run(rowError, () => {
        if (!id) throw new AppError(api.JOINWAY_INVALID, 'config_id is empty')
        return api.read(profile.value, id)
      })
      const n = upsert(e)
      void loadImages(n.id, true)
      return n
    })
  }

  /** Deletes a config at WeCom and from the registry. */
  function deleteEntry(e: JoinWayEntry): Promise<void> {
    return withBusy(`delete:${e.id}`, async () => {
      await run(rowError, () => api.remove(profile.value, e.configId))
      entries.value = entries.value.filter((x) => x.id !== e.id)
      void links.loadPool().catch(() => undefined)
    })
  }

  /** Removes a registry row without calling WeCom (a possible orphan, an abandoned intent). */
  function forgetEntry(e: JoinWayEntry): Promise<void> {
    return withBusy(`forget:${e.id}`, async () => {
      await run(rowError, () => api.forget(profile.value, e.id))
      entries.value = entries.value.filter((x) => x.id !== e.id)
    })
  }

  /** Drops what belongs to the previous profile. */
  function reset(): void {
    entries.value = []
    entriesLoaded.value = false
    images.value = {}
    saved.value = {}
    entriesError.value = null
    rowError.value = null
  }

  return { entries, entriesLoaded, entriesError, rowError, images, saved, upsert, loadEntries, loadImages, saveImage, readConfig, deleteEntry, forgetEntry, reset }
}
