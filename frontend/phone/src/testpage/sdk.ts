// The SDK side of the test page, in its own chunk: main.ts imports it only after the
// emulator (when on) has put its bridge and user agent in place, because @wecom/jssdk reads
// navigator.userAgent once, when it loads.
import {
  checkJsApi,
  chooseImage,
  closeWindow,
  ensureAgentConfigReady,
  ensureCorpConfigReady,
  env,
  getContext,
  getCurExternalChat,
  getCurExternalContact,
  getLocation,
  openEnterpriseChat,
  openExistedChatWithMsg,
  openUserProfile,
  previewImage,
  register,
  scanQRCode,
  SDK_VERSION,
  selectEnterpriseContact,
  selectExternalContact,
  sendChatMessage,
  shareAppMessage,
  shareWechatMessage,
} from '@wecom/jssdk'

type Call = (params: never) => Promise<unknown>

/** The playground's APIs by name (see PLAYGROUND). */
export const apis: Record<string, Call> = {
  getContext,
  selectExternalContact,
  getCurExternalContact,
  getCurExternalChat,
  openEnterpriseChat,
  selectEnterpriseContact,
  openUserProfile,
  openExistedChatWithMsg,
  sendChatMessage,
  scanQRCode,
  getLocation,
  chooseImage,
  previewImage,
  shareAppMessage,
  shareWechatMessage,
  checkJsApi,
  closeWindow,
} as unknown as Record<string, Call>

export { ensureAgentConfigReady, ensureCorpConfigReady, env, getContext, openEnterpriseChat, register, SDK_VERSION }
