import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deriveJsApis } from './jsapis-derive'
import { APP_IDENTITY_APIS, KNOWN_APIS, clientName } from './jsapis'

const sdk = (f: string) => resolve(import.meta.dirname, '../../../node_modules/@wecom/jssdk', f)
const tableFile = resolve(import.meta.dirname, '../../../../internal/devserver/jsapis.json')

describe('the emulator API table', () => {
  it('is what the installed @wecom/jssdk types and dist say (UPDATE_JSAPIS=1 writes it again)', () => {
    const version = JSON.parse(readFileSync(sdk('package.json'), 'utf8')).version as string
    const derived = deriveJsApis(readFileSync(sdk('types/index.d.ts'), 'utf8'), readFileSync(sdk('dist/wecom.js'), 'utf8'), version)
    const text = JSON.stringify(derived, null, 2) + '\n'
    if (process.env.UPDATE_JSAPIS) writeFileSync(tableFile, text)
    expect(readFileSync(tableFile, 'utf8')).toBe(text)
  })

  it('needs the app identity for the APIs the 2.4.4 types mark, and not for getContext or openUserProfile', () => {
    for (const a of ['selectExternalChat', 'launchMiniprogram', 'navigateToKfChat', 'hideChatAttachmentMenu', 'updateMomentsSetting', 'wedriveSelectFile', 'wedocSelectDoc', 'getCurExternalContact', 'sendChatMessage']) {
      expect(APP_IDENTITY_APIS.has(a), a).toBe(true)
    }
    for (const a of ['getContext', 'openUserProfile', 'openEnterpriseChat', 'scanQRCode', 'geoLocation']) expect(APP_IDENTITY_APIS.has(a), a).toBe(false)
  })

  it('knows every API of the SDK by its client names, and nothing else', () => {
    for (const a of ['getContext', 'geoLocation', 'imagePreview', 'menu:share:appmessage', 'sendAppMessage', 'checkJsApi', 'setKeepScreenOn']) expect(KNOWN_APIS.has(a), a).toBe(true)
    for (const a of ['getLocation', 'noSuchApi', 'register', 'wwapp.initWwOpenData']) expect(KNOWN_APIS.has(a), a).toBe(false)
    expect(clientName('sendAppMessage')).toBe('menu:share:appmessage')
    expect(clientName('getContext')).toBe('getContext')
  })
})
