// The client APIs the emulator knows and which of them need the app identity: one home,
// internal/devserver/jsapis.json (Go embeds it too), derived from @wecom/jssdk 2.4.4 by
// jsapis-derive.ts and checked against the installed SDK by jsapis.test.ts
// (docs/wecom-facts.md, Emulator).
import table from '../../../../internal/devserver/jsapis.json'
import type { JsApiTable } from './jsapis-derive'

const apis = (table as JsApiTable).apis

/** Every name a page may list, check or invoke: client names and the invoked names. */
export const KNOWN_APIS: ReadonlySet<string> = new Set(apis.flatMap((a) => [a.client, ...a.invokes]))

/** The APIs (client and invoked names) that only a successful agentConfig grants. */
export const APP_IDENTITY_APIS: ReadonlySet<string> = new Set(apis.filter((a) => a.appIdentity).flatMap((a) => [a.client, ...a.invokes]))

const byInvoke = new Map(apis.flatMap((a) => a.invokes.map((n) => [n, a.client] as [string, string])))

/**
 * clientName is the name jsApiList holds for an invoked name (onMenuShareAppMessage's
 * sendAppMessage is granted by menu:share:appmessage).
 */
export function clientName(invoked: string): string {
  return byInvoke.get(invoked) ?? invoked
}
