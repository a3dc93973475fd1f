/**
 * The four parts of a JS-SDK sign string, `jsapi_ticket=T&noncestr=N&timestamp=TS&url=U`:
 * fixed order, not URL-encoded (WeCom doc 96909, 「JS-SDK使用权限签名算法」; S10 in reference/wecom-api.md). The URL
 * is last and may hold `&` itself, so the string is cut at the first `&noncestr=`, then the
 * first `&timestamp=`, then the first `&url=` after it; the ticket, the nonce and the timestamp
 * never hold `&`.
 */
export type SignPartKey = 'jsapi_ticket' | 'noncestr' | 'timestamp' | 'url'
export const SIGN_PART_KEYS: readonly SignPartKey[] = ['jsapi_ticket', 'noncestr', 'timestamp', 'url']

export interface SignPart {
  key: SignPartKey
  value: string
}

/** The four parts in order, or null when the text is not a sign string of that form. */
export function signStringParts(s: string): SignPart[] | null {
  const head = 'jsapi_ticket='
  if (!s.startsWith(head)) return null
  const parts: SignPart[] = []
  let rest = s.slice(head.length)
  let key: SignPartKey = 'jsapi_ticket'
  for (const next of SIGN_PART_KEYS.slice(1)) {
    const sep = `&${next}=`
    const at = rest.indexOf(sep)
    if (at < 0) return null
    parts.push({ key, value: rest.slice(0, at) })
    rest = rest.slice(at + sep.length)
    key = next
  }
  parts.push({ key, value: rest })
  return parts
}
