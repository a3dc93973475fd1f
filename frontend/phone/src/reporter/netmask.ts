// Masking of what the network capture sends: done in the page, before anything leaves the
// phone. Authorization, Cookie, Set-Cookie and every header, query parameter, form field or
// JSON key named like a token, ticket, secret or code keep only their first and last two
// characters (ab…yz); the rest of the text goes through maskText (long token-like runs).
import { ignoreCase, matchCase } from '../../../../internal/devserver/secretnames.json'
import { mask, maskText } from '../shared/redact'

/**
 * A name whose value is a credential: the auth headers, anything with token / ticket /
 * secret / password / session in it, and OAuth's code (code, auth_code, authCode; not
 * errcode, which WeCom answers on every call and a developer needs to read). One rule for
 * the phone and Go: internal/devserver/secretnames.json (Go embeds it, secretnames.go).
 */
const SECRET_NAME = new RegExp(ignoreCase, 'i')
const CAMEL_CODE = new RegExp(matchCase)

export function secretName(name: string): boolean {
  return SECRET_NAME.test(name) || CAMEL_CODE.test(name)
}

/** maskValue: ab…yz for a secret's value, kept whole when the name is harmless. */
export function maskValue(name: string, value: string): string {
  return secretName(name) ? mask(value) : maskText(value)
}

/** maskHeaders returns the headers with lower-case names and masked values. */
export function maskHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) {
    const name = k.toLowerCase()
    out[name] = name === 'cookie' || name === 'set-cookie' ? maskCookie(v) : maskValue(name, v)
  }
  return out
}

/** maskCookie keeps cookie names and masks every value ("a=ab…yz; b=…"). */
export function maskCookie(v: string): string {
  return v
    .split(/\n/)
    .map((line) =>
      line
        .split(';')
        .map((part, i) => {
          const eq = part.indexOf('=')
          if (eq < 0) return part
          // Set-Cookie's attributes (Path=/, Max-Age=…) after the first pair stay
          if (i > 0 && /^\s*(path|domain|expires|max-age|samesite)$/i.test(part.slice(0, eq))) return part
          return `${part.slice(0, eq)}=${mask(part.slice(eq + 1).trim())}`
        })
        .join(';'),
    )
    .join('\n')
}

/** maskQuery masks the secret parameters of an a=b&c=d string (the leading ? kept). */
export function maskQuery(q: string): string {
  return q.replace(/([?&]|^)([^=&#?]+)=([^&#]*)/g, (m, sep: string, k: string, v: string) => {
    let name = k
    try {
      name = decodeURIComponent(k.replace(/\+/g, ' '))
    } catch {
      // keep the raw name
    }
    return secretName(name) ? `${sep}${k}=${mask(v)}` : m
  })
}

/** maskURL masks the URL's secret query parameters (and its fragment's) and token-like runs. */
export function maskURL(url: string): string {
  const q = url.indexOf('?')
  const h = url.indexOf('#')
  if (q < 0 && h < 0) return maskText(url)
  const cut = q >= 0 ? q : h
  return maskText(url.slice(0, cut)) + maskQuery(url.slice(cut))
}

/** maskJSON masks the values of secret keys at any depth (depth bounded). */
export function maskJSON(v: unknown, depth = 0): unknown {
  if (depth > 8 || v == null) return v
  if (typeof v === 'string') return maskText(v)
  if (Array.isArray(v)) return v.map((x) => maskJSON(x, depth + 1))
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = secretName(k) && x != null && typeof x !== 'object' ? mask(String(x)) : maskJSON(x, depth + 1)
    }
    return out
  }
  return v
}

/** maskBody masks a text body by its type: JSON keys, form fields, else token-like runs. */
export function maskBody(text: string, contentType = ''): string {
  const t = text.trim()
  if (/json/i.test(contentType) || ((t.startsWith('{') || t.startsWith('[')) && !/html|xml/i.test(contentType))) {
    try {
      return JSON.stringify(maskJSON(JSON.parse(t)))
    } catch {
      // not JSON after all
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || (!/\s/.test(t) && /^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(t))) {
    return maskQuery(t)
  }
  return maskText(text)
}
