// The built-in test page (/__wecomdev/test/): registers @wecom/jssdk with the console's
// signatures, runs the create-customer-group flow (一客一群) and a playground of client
// APIs, showing every step and reporting it to the console.
import './style.css'
import { createReporter, installReporter, type Reporter } from '../reporter/reporter'
import { clip } from '../shared/redact'
import { pickLang, translator, type Key } from './i18n'
import {
  errText,
  JS_API_LIST,
  loadConfig,
  lookupCustomers,
  MISTAKES,
  corpIdOf,
  mistakeOf,
  PLAYGROUND,
  sign,
  signedURL,
  splitIds,
  storeChat,
  type Kind,
  type PhoneConfig,
  type Verification,
  verificationLines,
} from './page'
import { authorizeURL, codeOf, describe as describeUser, exchange, newState, OAuthError, oauthBase, STATE_KEY, withoutCode } from './oauth'

type SDK = typeof import('./sdk')
type Kid = Node | string | null | undefined | false

const lang = pickLang(navigator.language)
const t = translator(lang)
document.documentElement.lang = lang

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...kids: Kid[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v)
  for (const k of kids) if (k) el.append(k)
  return el
}

// ---- reporting ----

// index.html loads /__wecomdev/reporter.js first (the page's network, the console's reload /
// open and eruda); its reporter is this page's too. Without it (an old build), one of our own.
const loaded = (window as unknown as { __wecomdevReporter?: Pick<Reporter, 'report' | 'flush'> }).__wecomdevReporter
const reporter: Pick<Reporter, 'report' | 'flush'> = loaded ?? createReporter({ endpoint: new URL('/__wecomdev/report', location.href).href })
if (!loaded) {
  installReporter(window as never, reporter as Reporter)
  ;(window as unknown as { __wecomdevReporter?: unknown }).__wecomdevReporter = { report: reporter.report, flush: reporter.flush }
}

// ---- steps ----

type State = 'idle' | 'run' | 'ok' | 'fail' | 'skip'

interface Step {
  run(): void
  ok(detail?: string): void
  fail(detail: string): void
  skip(detail?: string): void
}

function stepList(keys: string[]): { el: HTMLOListElement; steps: Record<string, Step> } {
  const el = h('ol', { class: 'steps' })
  const steps: Record<string, Step> = {}
  for (const key of keys) {
    const state = h('span', { class: 'state' }, t('state.idle'))
    const detail = h('pre', { class: 'detail', 'data-testid': `detail-${key}` })
    const li = h('li', { class: 'step', 'data-testid': `step-${key}`, 'data-state': 'idle' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('div', { class: 'body' }, h('div', { class: 'row' }, h('span', { class: 'name' }, t(`step.${key}` as Key)), state), detail))
    el.append(li)
    const set = (s: State, text?: string) => {
      li.dataset.state = s
      state.textContent = t(`state.${s}` as Key)
      detail.textContent = text ?? ''
      if (s === 'ok' || s === 'fail') {
        reporter.report({ type: 'step', api: key, ok: s === 'ok', errMsg: s === 'fail' ? clip(text ?? '', 500) : undefined, message: text })
      }
    }
    steps[key] = { run: () => set('run'), ok: (d) => set('ok', d), fail: (d) => set('fail', d), skip: (d) => set('skip', d) }
  }
  return { el, steps }
}

function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, label), input, hint ? h('span', { class: 'hint' }, hint) : null)
}

function card(id: string, title: string, ...kids: Kid[]) {
  return h('section', { class: 'card', id }, h('h2', {}, title), ...kids)
}

// ---- the page ----

const app = document.getElementById('app')!
const chips = h('div', { class: 'chips', 'data-testid': 'chips' })
app.replaceChildren(h('header', {}, h('h1', {}, t('title')), h('p', { class: 'sub' }, t('subtitle')), chips))

const boot = stepList(['config-json', 'emulator', 'sdk', 'config-signature', 'config', 'agent-signature', 'agentConfig'])
const mistake = mistakeOf(location.search)
const mistakeSelect = h('select', { 'data-testid': 'mistake' })
for (const m of MISTAKES) {
  const o = h('option', { value: m }, t(`register.mistake.${m}` as Key))
  if (m === mistake) o.selected = true
  mistakeSelect.append(o)
}
mistakeSelect.addEventListener('change', () => {
  const u = new URL(location.href)
  if (mistakeSelect.value === 'none') u.searchParams.delete('mistake')
  else u.searchParams.set('mistake', mistakeSelect.value)
  location.assign(u.href)
})
const again = h('button', { type: 'button', class: 'secondary', 'data-testid': 'register-again' }, t('register.again'))
again.addEventListener('click', () => location.reload())
app.append(card('register', t('register.title'), boot.el, h('div', { class: 'inline' }, field(t('register.mistake'), mistakeSelect), again)))

const group = stepList(['getContext', 'member', 'customers', 'openEnterpriseChat', 'save'])
const input = (testid: string, attrs: Record<string, string> = {}) => h('input', { 'data-testid': testid, autocomplete: 'off', ...attrs })
const gLabel = input('group-label', { placeholder: 'A-2026-0042' })
const gMobile = input('group-mobile', { inputmode: 'tel', placeholder: '138…' })
const gMember = input('group-member', { placeholder: 'zhangsan' })
const gColleagues = input('group-colleagues', { placeholder: 'lisi' })
const gName = input('group-name')
const gCreate = h('button', { type: 'button', 'data-testid': 'group-create', disabled: '' }, t('group.create'))
const gResult = h('p', { class: 'result', 'data-testid': 'group-result', 'data-state': 'idle' })
gMember.value = localStorage.getItem('wecomdev.member') ?? ''
const gLogin = h('button', { type: 'button', class: 'secondary', 'data-testid': 'oauth-login', disabled: '' }, t('oauth.login'))
const oauthSteps = stepList(['oauth'])
let oauthMember = '' // the userid OAuth gave, while the field still holds it
const defaultName = () => `${t('group.defaultName')}-${gLabel.value.trim()}`
gLabel.addEventListener('input', () => (gName.placeholder = defaultName()))
app.append(
  card(
    'group',
    t('group.title'),
    h('p', { class: 'sub' }, t('group.intro')),
    field(t('group.label'), gLabel),
    field(t('group.mobile'), gMobile),
    field(t('group.member'), gMember, t('group.memberHint')),
    h('div', { class: 'inline' }, gLogin, h('span', { class: 'hint' }, t('oauth.hint'))),
    oauthSteps.el,
    field(t('group.colleagues'), gColleagues),
    field(t('group.name'), gName),
    gCreate,
    group.el,
    gResult,
  ),
)

const pgApi = h('select', { 'data-testid': 'pg-api' })
for (const name of Object.keys(PLAYGROUND)) pgApi.append(h('option', { value: name }, name))
const pgParams = h('textarea', { 'data-testid': 'pg-params', rows: '6', spellcheck: 'false' })
const pgRun = h('button', { type: 'button', 'data-testid': 'pg-run', disabled: '' }, t('pg.run'))
const pgResult = h('pre', { class: 'result', 'data-testid': 'pg-result', 'data-state': 'idle' })
const defaults = (name: string) => {
  const p = { ...PLAYGROUND[name] }
  if ('link' in p) p.link = location.href
  return JSON.stringify(p, null, 2)
}
pgParams.value = defaults(pgApi.value)
pgApi.addEventListener('change', () => {
  pgParams.value = defaults(pgApi.value)
  pgResult.textContent = ''
  pgResult.dataset.state = 'idle'
})
app.append(card('playground', t('pg.title'), field(t('pg.api'), pgApi), field(t('pg.params'), pgParams), pgRun, pgResult))

function chip(label: string, value: string, testid: string) {
  chips.append(h('span', { class: 'chip', 'data-testid': testid }, h('b', {}, label), ` ${value}`))
}

// ---- boot: config, emulator, SDK, register ----

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = h('script', { src })
    s.onload = () => resolve()
    s.onerror = () => reject(new Error(`cannot load ${src}`))
    document.head.append(s)
  })
}

interface EmulatorGlobal {
  __wecomdevEmulator?: { state: { verifications: Verification[] } }
}

/** verification says what the emulator's console found for the last config / agentConfig. */
function verification(api: 'config' | 'agentConfig'): string {
  const vs = (window as unknown as EmulatorGlobal).__wecomdevEmulator?.state.verifications ?? []
  const v = [...vs].reverse().find((x) => x.api === api)
  if (!v) return ''
  return verificationLines(v, lang).join('\n')
}

async function register(sdk: SDK, cfg: PhoneConfig) {
  const s = boot.steps
  const signer = (kind: Kind, step: Step) => async (url: string) => {
    step.run()
    try {
      const u = signedURL(url, mistake, location.href)
      const sig = await sign(kind, u, mistake)
      step.ok(`url: ${u}\ntimestamp: ${sig.timestamp}\nnonceStr: ${sig.nonceStr}\nsignature: ${sig.signature}`)
      return sig
    } catch (err) {
      step.fail(errText(err))
      throw err
    }
  }
  if (!sdk.env.isWeCom && !sdk.env.isWeChat) {
    for (const k of ['config-signature', 'config', 'agent-signature', 'agentConfig']) s[k].skip(t('err.notWeCom'))
    return false
  }
  sdk.register({
    corpId: corpIdOf(cfg.corpId, mistake),
    agentId: cfg.agentId,
    jsApiList: JS_API_LIST,
    getConfigSignature: signer('config', s['config-signature']),
    // agentConfig after config: @wecom/jssdk puts a finished agentConfig's parameters on
    // every later call, preVerifyJSAPI included, which the emulator then checks as config's.
    getAgentConfigSignature: sdk.env.isWeCom ? async (url: string) => (await sdk.ensureCorpConfigReady().catch(() => {}), signer('agent', s['agent-signature'])(url)) : undefined,
  })
  s.config.run()
  const calls: Array<Promise<{ result: { errMsg: string } }>> = [sdk.ensureCorpConfigReady()]
  if (sdk.env.isWeCom) {
    s.agentConfig.run()
    calls.push(sdk.ensureAgentConfigReady())
  } else {
    s['agent-signature'].skip()
    s.agentConfig.skip()
  }
  const [corp, agent] = await Promise.allSettled(calls)
  const show = (api: 'config' | 'agentConfig', step: Step, r: PromiseSettledResult<{ result: { errMsg: string } }> | undefined) => {
    if (!r) return
    const extra = verification(api)
    if (r.status === 'fulfilled') step.ok([r.value.result.errMsg, extra].filter(Boolean).join('\n'))
    else step.fail([errText(r.reason), extra].filter(Boolean).join('\n'))
  }
  show('config', s.config, corp)
  show('agentConfig', s.agentConfig, agent)
  return true
}

async function createGroup(sdk: SDK) {
  const s = group.steps
  const label = gLabel.value.trim()
  const member = gMember.value.trim()
  gResult.dataset.state = 'idle'
  gResult.textContent = ''
  if (!label || !member) {
    gResult.dataset.state = 'fail'
    gResult.textContent = t(label ? 'group.needMember' : 'group.needLabel')
    return
  }
  localStorage.setItem('wecomdev.member', member)
  for (const k of Object.keys(s)) s[k].skip()
  s.getContext.run()
  try {
    const ctx = (await sdk.getContext()) as { entry?: string }
    s.getContext.ok(`entry: ${ctx.entry ?? '?'}`)
  } catch (err) {
    s.getContext.fail(errText(err))
    return
  }
  s.member.ok(member === oauthMember ? t('oauth.fromOAuth', { member }) : member)
  s.customers.run()
  let customers: string[]
  try {
    customers = await lookupCustomers(member, gMobile.value.trim())
  } catch (err) {
    s.customers.fail(errText(err))
    return
  }
  if (customers.length === 0) {
    s.customers.fail(t('group.noCustomers'))
    return
  }
  s.customers.ok(`${t('group.customersFound', { n: customers.length })}\n${customers.join('\n')}`)
  s.openEnterpriseChat.run()
  let chatId = ''
  try {
    const res = (await sdk.openEnterpriseChat({
      groupName: gName.value.trim() || defaultName(),
      userIds: [member, ...splitIds(gColleagues.value).filter((u) => u !== member)],
      externalUserIds: customers,
    })) as { chatId?: string; errMsg: string }
    chatId = res.chatId ?? ''
    if (!chatId) throw { errMsg: `${res.errMsg} (no chatId)` }
    s.openEnterpriseChat.ok(`${res.errMsg}\nchatId: ${chatId}`)
  } catch (err) {
    s.openEnterpriseChat.fail(errText(err))
    return
  }
  s.save.run()
  try {
    const stored = await storeChat(chatId, label)
    const text = t('group.saved', { chatId: stored.chatId, label: stored.label })
    s.save.ok(text)
    gResult.dataset.state = 'ok'
    gResult.dataset.chatId = stored.chatId
    gResult.textContent = text
  } catch (err) {
    s.save.fail(errText(err))
    gResult.dataset.state = 'fail'
    gResult.textContent = errText(err)
  }
}

async function runApi(sdk: SDK) {
  const name = pgApi.value
  let params: unknown
  try {
    params = JSON.parse(pgParams.value || '{}')
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw new Error('not an object')
  } catch {
    pgResult.dataset.state = 'fail'
    pgResult.textContent = t('pg.badJson')
    return
  }
  pgResult.dataset.state = 'run'
  pgResult.textContent = t('state.run')
  let ok = false
  let result: unknown
  try {
    result = await sdk.apis[name](params as never)
    ok = true
  } catch (err) {
    result = err
  }
  const text = JSON.stringify(result, null, 2) ?? String(result)
  pgResult.dataset.state = ok ? 'ok' : 'fail'
  pgResult.textContent = text
  reporter.report({ type: 'invoke', api: name, ok, errMsg: errText(result), params: params as Record<string, unknown>, message: clip(text, 1500) })
}

// ---- OAuth (网页授权) ----

/** login goes to the authorize page: the dev server's under the emulator, WeCom's on a phone. */
function login(cfg: PhoneConfig) {
  const state = newState()
  try {
    sessionStorage.setItem(STATE_KEY, state)
  } catch {
    // no sessionStorage: the state is not checked on the way back
  }
  // The emulator stays out of a real WeCom client, so on a phone this is WeCom's page.
  const emulated = Boolean((window as unknown as EmulatorGlobal).__wecomdevEmulator)
  location.assign(authorizeURL(oauthBase(emulated, location.origin), { corpId: cfg.corpId, agentId: cfg.agentId, redirect: withoutCode(location.href), state }))
}

/** oauthReturn exchanges the code the page came back with, once, and takes it out of the URL. */
async function oauthReturn() {
  const back = codeOf(location.href)
  const step = oauthSteps.steps.oauth
  if (!back) return
  history.replaceState(history.state, '', withoutCode(location.href, true)) // a reload must not exchange it again (40029)
  let sent: string | null = null
  try {
    sent = sessionStorage.getItem(STATE_KEY)
    sessionStorage.removeItem(STATE_KEY)
  } catch {
    sent = null
  }
  if (sent !== null && sent !== back.state) {
    step.fail(t('oauth.stateMismatch', { got: back.state }))
    return
  }
  step.run()
  try {
    const u = await exchange(back.code)
    if (u.userid) {
      gMember.value = oauthMember = u.userid
      gMember.dataset.source = 'oauth'
      step.ok(describeUser(u))
    } else {
      step.fail(`${describeUser(u)}
${t('oauth.notMember', { who: u.openid ?? '?' })}`)
    }
  } catch (err) {
    const f = err instanceof OAuthError ? err.finding : undefined
    step.fail(f ? `${err instanceof OAuthError ? err.code : ''} ${f.code}: ${f.message[lang]}
${f.fix[lang]}` : errText(err))
  }
}

async function main() {
  const s = boot.steps
  s['config-json'].run()
  let cfg: PhoneConfig
  try {
    cfg = await loadConfig()
    s['config-json'].ok(`profile: ${cfg.profile}\ncorpId: ${cfg.corpId}\nagentId: ${cfg.agentId}\nemulate: ${cfg.emulate}`)
  } catch (err) {
    s['config-json'].fail(errText(err))
    return
  }
  chip(t('chip.profile'), cfg.profile, 'chip-profile')
  if (cfg.emulatorUserId && !gMember.value) gMember.value = cfg.emulatorUserId
  // OAuth before ww.register: the exchange takes code and state out of the address bar,
  // and the SDK signs the URL the page has when it registers.
  await oauthReturn()
  if (cfg.emulate) {
    s.emulator.run()
    try {
      await loadScript('/__wecomdev/emulator.js')
      s.emulator.ok(navigator.userAgent)
    } catch (err) {
      s.emulator.fail(errText(err))
    }
  } else {
    s.emulator.skip()
  }
  gLogin.addEventListener('click', () => login(cfg)) // after the emulator: it decides where the authorize page is
  gLogin.removeAttribute('disabled')
  s.sdk.run()
  let sdk: SDK
  try {
    sdk = await import('./sdk')
    s.sdk.ok(`@wecom/jssdk ${sdk.SDK_VERSION}\nisWeCom: ${sdk.env.isWeCom}  isWeChat: ${sdk.env.isWeChat}`)
  } catch (err) {
    s.sdk.fail(errText(err))
    return
  }
  const client = navigator.userAgent.match(/wxwork\/([\d.]+)/i)?.[0] ?? t('chip.browser')
  chip(t('chip.client'), client, 'chip-client')
  if ((window as unknown as EmulatorGlobal).__wecomdevEmulator) chip(t('chip.emulator'), '✓', 'chip-emulator')
  const registered = await register(sdk, cfg)
  if (!registered) return
  gCreate.removeAttribute('disabled')
  pgRun.removeAttribute('disabled')
  let busy = false
  const guard = (fn: () => Promise<void>) => async () => {
    if (busy) return
    busy = true
    try {
      await fn()
    } finally {
      busy = false
    }
  }
  gCreate.addEventListener('click', guard(() => createGroup(sdk)))
  pgRun.addEventListener('click', guard(() => runApi(sdk)))
  document.body.dataset.ready = 'true'
}

void main()
