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
