// ww.register with its signatures from the wecomdev dev server at SIGNER.
// The page must live on one of the app's trusted domains; the dev server answers CORS for them.
import * as ww from '@wecom/jssdk'

const SIGNER = "https://h5.example.com"

// sign returns the function @wecom/jssdk calls with the page URL (without #…).
function sign(path) {
  return (url) =>
    fetch(SIGNER + path + '?url=' + encodeURIComponent(url)).then((r) =>
      r.ok ? r.json() : r.text().then((t) => Promise.reject(new Error(path + ': ' + r.status + ' ' + t))))
}

ww.register({
  corpId: "ww1234567890abcdef",
  agentId: 1000002,
  jsApiList: ['getContext'],
  getConfigSignature: sign("/api/jssdk/config-signature"),
  getAgentConfigSignature: sign("/api/jssdk/agent-signature"),
})
