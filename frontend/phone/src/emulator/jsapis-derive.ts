// Derives the emulator's API table (internal/devserver/jsapis.json) from the real
// @wecom/jssdk: which client APIs exist and which need the app identity (agentConfig).
// jsapis.test.ts runs it over the installed package and fails when the table differs;
// `UPDATE_JSAPIS=1 npm run test:phone` writes the table again.
// Sources (docs/wecom-facts.md, Emulator): @wecom/jssdk 2.4.4 types/index.d.ts, whose doc
// comments mark app-identity APIs 「本接口必须使用应用身份进行注册」 (or 「必须先使用 ww.register
// 进行应用身份注册」); dist/wecom.js, whose functions name the client API they invoke
// (passthrough / invoke / on / bindShare) and whose webToClientJsApiMap maps an SDK name to
// the client's name in jsApiList and checkJsApi.

export interface JsApi {
  /** The SDK's function name (ww.<sdk>). */
  sdk: string
  /** The name the client knows it by in jsApiList and checkJsApi (mapJsApiNameToClient). */
  client: string
  /** The names the SDK passes to WeixinJSBridge.invoke / on for it. */
  invokes: string[]
  /** Marked 「必须使用应用身份进行注册」: only a successful agentConfig that lists it grants it. */
  appIdentity: boolean
}

export interface JsApiTable {
  source: string
  apis: JsApi[]
}

/** deriveJsApis reads the SDK's type definitions and dist and returns the table. */
export function deriveJsApis(types: string, dist: string, version: string): JsApiTable {
  // Top-level doc comments (at column 0) right before `export declare function NAME`.
  const app = new Map<string, boolean>()
  for (const m of types.matchAll(/^\/\*\*([\s\S]*?)\*\/\r?\nexport declare function (\w+)/gm)) {
    // A line that requires the app identity for every caller; "第三方应用 / 代开发应用 …"
    // lines require it only of those apps (openEnterpriseChat, openUserProfile).
    const marked = m[1].split('\n').some((l) => /必须.*应用身份.*注册/.test(l) && !/第三方|代开发/.test(l))
    app.set(m[2], (app.get(m[2]) ?? false) || marked)
  }
  const declared = [...new Set([...types.matchAll(/^export declare function (\w+)/gm)].map((m) => m[1]))]

  const mapBody = dist.match(/const webToClientJsApiMap = \{([\s\S]*?)\};/)
  if (!mapBody) throw new Error('dist/wecom.js has no webToClientJsApiMap: the SDK changed, read it again')
  const toClient = new Map([...mapBody[1].matchAll(/(\w+): '([^']+)'/g)].map((m) => [m[1], m[2]] as [string, string]))

  // Each top-level function's text, comments cut, up to the next top-level function.
  const starts = [...dist.matchAll(/^(?: \*\/ )?(?:async )?function (\w+)\(/gm)]
  const bodies = new Map<string, string>()
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : dist.length
    bodies.set(m[1], dist.slice(m.index, end).replace(/\/\*[\s\S]*?\*\//g, ''))
  })

  const apis: JsApi[] = []
  for (const sdk of declared) {
    const body = bodies.get(sdk)
    if (!body) continue
    const invokes = [
      ...new Set(
        [...body.matchAll(/(?<![.\w])(?:passthrough|invoke|on|bindShare)\(\s*'([^']+)'/g)]
          .map((m) => m[1])
          // register's own calls, and the open-data frames' internal calls (wwapp.*,
          // nodeInfo.get), are not APIs a page lists or checks.
          .filter((n) => n !== 'preVerifyJSAPI' && n !== 'agentConfig' && !n.includes('.')),
      ),
    ]
    if (invokes.length === 0) continue // register, getSignature, getVerifyParams, …
    apis.push({ sdk, client: toClient.get(sdk) ?? sdk, invokes, appIdentity: app.get(sdk) ?? false })
  }
  apis.sort((a, b) => (a.sdk < b.sdk ? -1 : a.sdk > b.sdk ? 1 : 0))
  return { source: `@wecom/jssdk ${version} types/index.d.ts and dist/wecom.js (frontend/phone/src/emulator/jsapis-derive.ts)`, apis }
}
