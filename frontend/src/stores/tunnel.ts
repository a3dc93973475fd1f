import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api/tunnel'
import type { ReachVerdict, TunnelInput, TunnelSecret, TunnelState, TunnelView } from '@/api/tunnel'
import { AppError, toAppError } from '@/api/errors'
import { Events } from '@/api/events'
import { useEvent } from '@/composables/useEvent'
import { run, withBusy as busyWhile } from './async'

/** The tunnel providers, in the order the form offers them. */
export const PROVIDERS = ['ssh', 'ngrok', 'cmd', 'lan'] as const
export type Provider = (typeof PROVIDERS)[number]

/** The fields of the SSH form. */
export interface SshFields {
  user: string
  host: string
  /** "" → 22. */
  port: string
  /** Where sshd binds the forward on the server (what nginx proxies to). */
  remote: string
  /** The public URL the server maps to the remote port: the developer's filed domain. */
  publicUrl: string
  /** A private key file; "" → the SSH agent (or a password). */
  identity: string
  /** "" → ~/.ssh/known_hosts. */
  knownHosts: string
}

export interface NgrokFields {
  /** A reserved domain; "" → a random one. */
  domain: string
}

export interface CmdFields {
  command: string
  /** The URL the command makes public, or… */
  publicUrl: string
  /** …a regular expression that finds it in the command's output. */
  publicUrlPattern: string
}

/** Where the test page is on the dev server (and so behind the tunnel). */
export const TEST_PAGE_PATH = '/__wecomdev/test/'
/** QR codes: the size shown, and the size saved as a PNG. */
export const QR_SIZE = 400
export const QR_SAVE_SIZE = 512

/** Characters that would end or change a query value (the rest of a URL reads as it is). */
function queryValue(v: string): string {
  return v.replace(/[%&#+ ]/g, (c) => encodeURIComponent(c))
}

/** host, with brackets for an IPv6 address. */
function hostPart(host: string): string {
  const h = host.trim()
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h
}

/** The spec Go parses: ssh://…, ngrok[:DOMAIN], cmd:COMMAND or lan. */
export function composeSpec(provider: Provider, f: { ssh: SshFields; ngrok: NgrokFields; cmd: CmdFields }): string {
  switch (provider) {
    case 'ssh': {
      const s = f.ssh
      const port = s.port.trim()
      const where = `${hostPart(s.host)}${port && port !== '22' ? `:${port}` : ''}`
      return `ssh://${encodeURIComponent(s.user.trim())}@${where}?remote=${queryValue(s.remote.trim())}&public=${queryValue(s.publicUrl.trim())}`
    }
    case 'ngrok': {
      const d = f.ngrok.domain.trim()
      return d ? `ngrok:${d}` : 'ngrok'
    }
    case 'cmd':
      return `cmd:${f.cmd.command.trim()}`
    case 'lan':
      return 'lan'
  }
}

/** The base of a public URL, without its trailing slash. */
function base(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

/**
 * What a QR code should hold: `target` as it is when it is a URL, else a path on the
 * public URL; with no target, the test page there. "" when there is nothing to encode.
 */
export function qrTextFor(publicUrl: string, target: string): string {
  const t = target.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return t
  const b = base(publicUrl)
  if (!b) return ''
  if (!t) return b + TEST_PAGE_PATH
  return b + (t.startsWith('/') ? t : `/${t}`)
}

function normalizeReach(r: ReachVerdict | null | undefined): ReachVerdict | null {
  if (!r || typeof r !== 'object') return null
  return {
    host: r.host ?? '',
    level: r.level,
    reasons: Array.isArray(r.reasons) ? r.reasons : [],
    corsOrigin: r.corsOrigin ?? '',
    snippet: r.snippet && typeof r.snippet === 'object' ? r.snippet : { 'zh-CN': '', 'en-US': '' },
    needsVerifyFile: r.needsVerifyFile === true,
  }
}

export function normalizeView(v: TunnelView): TunnelView {
  const st = v.status ?? { provider: '', state: 'down', at: '', attempt: 0 }
  return {
    running: v.running === true,
    spec: v.spec ?? '',
    status: {
      ...st,
      provider: st.provider ?? '',
      state: (st.state || 'down') as TunnelState,
      publicUrl: st.publicUrl ?? '',
      urls: Array.isArray(st.urls) ? st.urls : st.publicUrl ? [st.publicUrl] : [],
      reason: st.reason ?? '',
      attempt: Number(st.attempt) || 0,
    },
    output: Array.isArray(v.output) ? v.output : [],
    hostKey: v.hostKey && typeof v.hostKey === 'object' ? v.hostKey : null,
    reach: normalizeReach(v.reach),
    nginx: v.nginx ?? '',
    sshd: v.sshd ?? '',
  }
}

/** What is running: start, stop, accepting a host key, storing a secret, saving a QR code. */
export type TunnelBusy = 'start' | 'stop' | 'accept' | 'secret' | 'save-qr' | null

/**
 * The Tunnel area: the provider form (composed into Go's spec), the tunnel's view (Go's,
 * kept current by `tunnel:status`) and the QR code card. Secrets go straight to the
 * keychain through SetSecret and are never kept here.
 */
export const useTunnelStore = defineStore('tunnel', () => {
  const provider = ref<Provider>('ssh')
  const ssh = ref<SshFields>({ user: '', host: '', port: '', remote: '127.0.0.1:8787', publicUrl: '', identity: '', knownHosts: '' })
  const ngrok = ref<NgrokFields>({ domain: '' })
  const cmd = ref<CmdFields>({ command: '', publicUrl: '', publicUrlPattern: '' })

  const view = ref<TunnelView | null>(null)
  const busy = ref<TunnelBusy>(null)
  const error = ref<AppError | null>(null)
  const secretError = ref<AppError | null>(null)
  /** The secrets stored this session (their names only). */
  const storedSecrets = ref<TunnelSecret[]>([])

  /** The QR card: what the user typed ("" → the test page), the image, and where it was saved. */
  const qrTarget = ref('')
  const qrImage = ref('')
  const qrImageFor = ref('')
  const qrError = ref<AppError | null>(null)
  const qrSaved = ref('')

  const spec = computed(() => composeSpec(provider.value, { ssh: ssh.value, ngrok: ngrok.value, cmd: cmd.value }))
  const input = computed<TunnelInput>(() => ({
    spec: spec.value,
    identity: provider.value === 'ssh' ? ssh.value.identity.trim() : '',
    knownHosts: provider.value === 'ssh' ? ssh.value.knownHosts.trim() : '',
    publicUrl: provider.value === 'cmd' ? cmd.value.publicUrl.trim() : '',
    publicUrlPattern: provider.value === 'cmd' ? cmd.value.publicUrlPattern.trim() : '',
  }))

  const running = computed(() => view.value?.running === true)
  const state = computed<TunnelState>(() => view.value?.status.state ?? 'down')
  const publicUrl = computed(() => (state.value === 'up' ? (view.value?.status.publicUrl ?? '') : ''))
  const qrText = computed(() => qrTextFor(publicUrl.value, qrTarget.value))

  const withBusy = <T>(what: Exclude<TunnelBusy, null>, op: () => Promise<T>) => busyWhile(busy, what, op)

  function apply(v: TunnelView | null | undefined): void {
    if (!v || typeof v !== 'object') return
    view.value = normalizeView(v)
  }

  /** The tunnel now; a running one picks its provider in the form. */
  async function load(): Promise<void> {
    const v = await run(error, () => api.tunnelStatus())
    apply(v)
    const p = view.value?.status.provider as Provider
    if (view.value?.running && PROVIDERS.includes(p)) provider.value = p
  }

  /** Starts (or restarts) the tunnel the form describes. Rejects with an AppError. */
  function start(): Promise<void> {
    return withBusy('start', async () => apply(await run(error, () => api.startTunnel(input.value))))
  }

  function stop(): Promise<void> {
    return withBusy('stop', async () => apply(await run(error, () => api.stopTunnel())))
  }

  /** Trusts the unknown host key shown, by its fingerprint, and connects again. */
  function acceptHostKey(): Promise<void> {
    const fp = view.value?.hostKey?.fingerprint ?? ''
    return withBusy('accept', async () => apply(await run(error, () => api.acceptHostKey(fp))))
  }

  /** Stores a secret in the keychain; the value is not kept anywhere here. */
  function saveSecret(item: TunnelSecret, value: string): Promise<void> {
    return withBusy('secret', async () => {
      await run(secretError, () => api.setTunnelSecret(item, value))
      if (!storedSecrets.value.includes(item)) storedSecrets.value = [...storedSecrets.value, item]
    })
  }

  let qrSeq = 0
  /** Makes the QR code of qrText (answers for an older text are dropped). */
  async function loadQr(): Promise<void> {
    const seq = ++qrSeq
    const text = qrText.value
    qrSaved.value = ''
    if (!text) {
      qrImage.value = ''
      qrImageFor.value = ''
      qrError.value = null
      return
    }
    try {
      const img = await api.qrCode(text, QR_SIZE)
      if (seq !== qrSeq) return
      qrImage.value = img
      qrImageFor.value = text
      qrError.value = null
    } catch (reason) {
      if (seq !== qrSeq) return
      qrImage.value = ''
      qrImageFor.value = ''
      qrError.value = toAppError(reason)
    }
  }

  /** Saves the QR code as a PNG; returns (and keeps) the path. */
  function saveQr(): Promise<string> {
    return withBusy('save-qr', async () => {
      const path = await run(qrError, () => api.saveQrCode(qrText.value, QR_SAVE_SIZE))
      qrSaved.value = path
      return path
    })
  }

  useEvent<TunnelView>(Events.tunnelStatus, apply)

  return {
    provider,
    ssh,
    ngrok,
    cmd,
    view,
    busy,
    error,
    secretError,
    storedSecrets,
    qrTarget,
    qrImage,
    qrImageFor,
    qrError,
    qrSaved,
    spec,
    input,
    running,
    state,
    publicUrl,
    qrText,
    apply,
    load,
    start,
    stop,
    acceptHostKey,
    saveSecret,
    loadQr,
    saveQr,
  }
})
