import { copyText } from '@/api/runtime'

/** Copy to the clipboard (native clipboard under Wails, browser clipboard otherwise). */
export function useClipboard() {
  return { copy: (text: string) => copyText(text) }
}
