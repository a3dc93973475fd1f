// ww.register，签名取自 SIGNER 处的 wecomdev 开发服务器。
// 页面须部署在应用的可信域名上；开发服务器只对这些域名返回 CORS 头。
import * as ww from '@wecom/jssdk'

const SIGNER = "https://a1b2c3.ngrok-free.app"

// sign 返回 @wecom/jssdk 以页面 URL（不含 #…）调用的函数。
function sign(path) {
  return (url) =>
    fetch(SIGNER + path + '?url=' + encodeURIComponent(url)).then((r) =>
      r.ok ? r.json() : r.text().then((t) => Promise.reject(new Error(path + ': ' + r.status + ' ' + t))))
}

ww.register({
  corpId: "ww…" /* ← 应用所属企业的 corpId（我的企业 → 企业信息） */,
  agentId: 0 /* ← 应用的 AgentId（应用管理 → 该应用） */,
  jsApiList: ['getContext'],
  getConfigSignature: sign("/api/jssdk/config-signature"),
  getAgentConfigSignature: sign("/api/jssdk/agent-signature"),
})
