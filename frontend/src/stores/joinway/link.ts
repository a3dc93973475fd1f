import { ref } from 'vue'
import * as api from '@/api/joinway'
import type { AppError } from '@/api/errors'
import { run } from '../async'
import type { JoinWayContext } from './context'

/** Render any link: a QR code with a caption, for a join link made elsewhere. */
export function useLinkCode({ withBusy }: JoinWayContext) {
  const linkImage = ref('')
  const linkImageFor = ref('')
  const linkError = ref<AppError | null>(null)

  function renderLink(link: string, caption: string): Promise<void> {
    return withBusy('link', async () => {
      linkImage.value = ''
      linkImage.value = await run(linkError, () => api.linkCode(link.trim(), caption.trim()))
      linkImageFor.value = link.trim()
    })
  }

  return { linkImage, linkImageFor, linkError, renderLink }
}
