/** Labels of the dev server's request log shared by the table and the detail drawer. */
import type { ClientInfo } from '@/api/devserver.types'

/** The `devserver.decisions.<key>` of one of Go's decisions, or null for one the UI does not know. */
export function decisionKey(decision: string | undefined): string | null {
  switch (decision) {
    case 'loopback':
      return 'loopback'
    case 'trusted domain':
      return 'trustedDomain'
    case 'tunnel':
      return 'tunnel'
    case 'host refused':
      return 'hostRefused'
    case 'origin refused':
      return 'originRefused'
    default:
      return null
  }
}

/** A decision that refused the request. */
export function isRefused(decision: string | undefined): boolean {
  return !!decision && decision.endsWith('refused')
}

/** The tag colour of an HTTP status. */
export function statusType(status: number): 'success' | 'info' | 'warning' | 'error' | 'default' {
  if (status >= 500) return 'error'
  if (status >= 400) return 'warning'
  if (status >= 300) return 'info'
  if (status >= 200) return 'success'
  return 'default'
}

/** The `devserver.clients.<key>` of the parsed client ("" → browser). */
export function clientKey(app: ClientInfo | undefined): string {
  const c = app?.client
  return c === 'wxwork' || c === 'wxworklocal' || c === 'wechat' ? c : 'browser'
}

/** What the client was told, in the UI's language where Go gave it in Chinese too (messageZhCN). */
export function entryMessage(e: { message?: string; messageZhCN?: string }, locale: string): string {
  return (locale === 'zh-CN' && e.messageZhCN) || e.message || ''
}

/** One piece of a message in a narrow cell: prose, or a token that must not push the cell wider. */
export interface MessagePart {
  text: string
  /** A URL, path, hash or other unbreakable run: it may break anywhere, only it. */
  token: boolean
}

/** A run with no space this long is a token (a hash, an ID), not a word: no word in either language is. */
const TOKEN_MIN = 20

/** Whether a run without spaces is a token (URL, path, hash, long ID) rather than a word. */
export function isToken(word: string): boolean {
  return word.length >= TOKEN_MIN || /^[a-z][a-z0-9+.-]*:\/\//i.test(word) || /[/?=&#]/.test(word.slice(1))
}

/**
 * A message cut into prose and tokens, for a cell that wraps prose between words and lets
 * only the tokens break inside themselves (issue 15: "invalid signatu…" was cut, and a
 * message with a URL must still stay inside its cell). Joining the parts' texts gives the
 * message back.
 */
export function messageParts(message: string): MessagePart[] {
  const parts: MessagePart[] = []
  for (const piece of message.split(/(\s+)/)) {
    if (!piece) continue
    const token = !/^\s+$/.test(piece) && isToken(piece)
    const last = parts[parts.length - 1]
    if (last && !last.token && !token) last.text += piece
    else parts.push({ text: piece, token })
  }
  return parts
}
