import type { ReachVerdict, TunnelView } from '@/api/tunnel.types'

/** A TunnelView as Go sends it: down unless `over` says otherwise. */
export function tunnelView(over: Partial<TunnelView> = {}): TunnelView {
  return {
    running: false,
    spec: '',
    status: { provider: '', state: 'down', at: '2024-01-01T00:00:00Z', attempt: 0 },
    output: [],
    hostKey: null,
    reach: null,
    nginx: '',
    sshd: '',
    ...over,
  }
}

export const PUBLIC = 'https://e2e-tunnel.ngrok-free.app'

export function signingOnly(over: Partial<ReachVerdict> = {}): ReachVerdict {
  return {
    host: 'e2e-tunnel.ngrok-free.app',
    level: 'signing-only',
    reasons: [{ 'zh-CN': '不是可信域名', 'en-US': 'not a trusted domain' }],
    corsOrigin: 'https://h5.example.com',
    snippet: {
      'zh-CN': "// 签名取自 SIGNER\nconst SIGNER = 'https://e2e-tunnel.ngrok-free.app'",
      'en-US': "// signatures from SIGNER\nconst SIGNER = 'https://e2e-tunnel.ngrok-free.app'",
    },
    needsVerifyFile: false,
    ...over,
  }
}

/** A command tunnel that is up at PUBLIC, signing only. */
export function upView(over: Partial<TunnelView> = {}): TunnelView {
  return tunnelView({
    running: true,
    spec: 'cmd:sleep 60',
    status: { provider: 'cmd', state: 'up', publicUrl: PUBLIC, urls: [PUBLIC], at: '2024-01-01T00:00:00Z', attempt: 1 },
    output: ['starting', 'ready'],
    reach: signingOnly(),
    ...over,
  })
}

/** An SSH tunnel waiting for its unknown host key to be accepted. */
export function hostKeyView(): TunnelView {
  return tunnelView({
    running: true,
    spec: 'ssh://deploy@server.example.com?remote=127.0.0.1:8787&public=https://dev.example.com',
    status: { provider: 'ssh', state: 'error', reason: 'unknown host key', at: '2024-01-01T00:00:00Z', attempt: 1 },
    hostKey: { host: 'server.example.com:22', keyType: 'ssh-ed25519', fingerprint: 'SHA256:abcDEF123', knownHosts: '/home/u/.ssh/known_hosts' },
    nginx: 'server {\n  server_name dev.example.com;\n}',
    sshd: 'AllowTcpForwarding remote',
  })
}
