// ww.register with its signatures from the wecomdev dev server at SIGNER.
// The page must live on one of the app's trusted domains; the dev server answers CORS for them.
import * as ww from '@wecom/jssdk'

const SIGNER = "https://a1b2c3.ngrok-free.app"

// sign returns the function @wecom/jssdk calls with the page URL (without #…).
function sign(path) {
  return (url) =>
    fetch(SIGNER + path + '?url=' + encodeURIComponent(url)).then((r) =>
      r.ok ? r.json() : r.text().then((t) => Promise.reject(new Error(path + ': ' + r.status + ' ' + t))))
}

ww.register({
  corpId: "ww…" /* ← the app's corp ID (My Company → Company Info) */,
  agentId: 0 /* ← the app's AgentId (App Management → the app) */,
  jsApiList: ['getContext'],
  getConfigSignature: sign("/api/jssdk/config-signature"),
  getAgentConfigSignature: sign("/api/jssdk/agent-signature"),
})
