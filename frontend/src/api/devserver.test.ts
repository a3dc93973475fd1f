import { beforeEach, describe, expect, it, vi } from 'vitest'
import enUS from '@/i18n/locales/en-US.json'
import zhCN from '@/i18n/locales/zh-CN.json'
import { devStatus } from '@/test/fixtures'
import { installGo } from '@/test/goBindings'
import {
  chatLabels,
  clearRequests,
  deleteVerifyFile,
  devServerStatus,
  LISTEN_FAILED,
  listRequests,
  REQUEST_NOT_FOUND,
  requestDetail,
  saveVerifyFile,
  setEmulator,
  startDevServer,
  stopDevServer,
  UPSTREAM_INVALID,
  VERIFY_FILE_INVALID,
} from './devserver'
import { AppError } from './errors'

const binding = vi.hoisted(() => ({
  Status: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  SaveVerifyFile: vi.fn(),
  DeleteVerifyFile: vi.fn(),
  Requests: vi.fn(),
  Request: vi.fn(),
  ClearRequests: vi.fn(),
  SetEmulator: vi.fn(),
  ChatLabels: vi.fn(),
}))

beforeEach(() => {
  installGo({ DevServerService: binding })
})

describe('the DevServerService wrapper', () => {
  it('passes the arguments through to Go and returns its answer', async () => {
    binding.Status.mockResolvedValue(devStatus())
    binding.Start.mockResolvedValue(devStatus(true))
    binding.Stop.mockResolvedValue(devStatus())
    binding.SaveVerifyFile.mockResolvedValue(devStatus())
    binding.DeleteVerifyFile.mockResolvedValue(devStatus())
    binding.Requests.mockResolvedValue([])
    binding.ClearRequests.mockResolvedValue(devStatus())

    await expect(devServerStatus()).resolves.toMatchObject({ running: false, defaultAddr: '127.0.0.1:8787' })
    await expect(startDevServer('sandbox', '127.0.0.1:18787', 'http://localhost:5173')).resolves.toMatchObject({ running: true })
    expect(binding.Start).toHaveBeenCalledWith('sandbox', '127.0.0.1:18787', 'http://localhost:5173')
    await stopDevServer()
    await saveVerifyFile('WW_verify_abc.txt', 'abc')
    expect(binding.SaveVerifyFile).toHaveBeenCalledWith('WW_verify_abc.txt', 'abc')
    await deleteVerifyFile('WW_verify_abc.txt')
    expect(binding.DeleteVerifyFile).toHaveBeenCalledWith('WW_verify_abc.txt')
    const filter = { profile: '', text: 'evil', endpoint: 'config-signature', failed: true, beforeId: 9, limit: 100 }
    await listRequests(filter)
    expect(binding.Requests).toHaveBeenCalledWith(filter)
    await clearRequests()
    expect(binding.ClearRequests).toHaveBeenCalledOnce()
  })

  it('turns the emulator on and lists the chat labels of a profile', async () => {
    binding.SetEmulator.mockResolvedValue(devStatus(false, { emulate: true }))
    const labels = [{ chatId: 'wrAbc', label: 'A-1', profile: 'sandbox', createdAt: '2025-01-02T03:04:05Z' }]
    binding.ChatLabels.mockResolvedValue(labels)
    await expect(setEmulator(true)).resolves.toMatchObject({ emulate: true })
    expect(binding.SetEmulator).toHaveBeenCalledWith(true)
    await expect(chatLabels('sandbox')).resolves.toEqual(labels)
    expect(binding.ChatLabels).toHaveBeenCalledWith('sandbox')
  })

  it.each([
    [
      'Start',
      () => startDevServer('sandbox', '127.0.0.1:18787', ''),
      'LISTEN_FAILED: cannot listen on 127.0.0.1:18787: the port is taken by another program; pick another',
      LISTEN_FAILED,
    ],
    [
      'SaveVerifyFile',
      () => saveVerifyFile('x.txt', 'abc'),
      'VERIFY_FILE_INVALID: invalid verification file: the name "x.txt" is not a WeCom verification file name',
      VERIFY_FILE_INVALID,
    ],
    ['Request', () => requestDetail(41), 'REQUEST_NOT_FOUND: no such request in the log', REQUEST_NOT_FOUND],
    [
      'Start',
      () => startDevServer('sandbox', '', 'localhost:5173/app'),
      'UPSTREAM_INVALID: upstream "localhost:5173/app": give the dev server\'s URL, like http://localhost:5173',
      UPSTREAM_INVALID,
    ],
  ])('%s: a rejection becomes an AppError with its code and Go\'s message', async (method, call, rejection, code) => {
    ;(binding[method as keyof typeof binding] as ReturnType<typeof vi.fn>).mockRejectedValue(rejection)
    const err = await call().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ code, message: rejection.slice(code.length + 2) })
  })

  it('every new code is translated in both locales', () => {
    for (const code of [LISTEN_FAILED, VERIFY_FILE_INVALID, REQUEST_NOT_FOUND, UPSTREAM_INVALID]) {
      expect(enUS.errors).toHaveProperty(code)
      expect(zhCN.errors).toHaveProperty(code)
    }
  })
})
