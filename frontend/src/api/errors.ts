/**
 * One error type for everything that comes back from Go.
 *
 * Go rejects a bound call with a string of the stable form `CODE: message`
 * (e.g. `SETTINGS_INVALID: language must be one of …`). The UI translates by
 * `code` when it knows it and shows `message` otherwise.
 */
export class AppError extends Error {
  override readonly name = 'AppError'

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Code used when a rejection carries no `CODE:` prefix. */
export const UNKNOWN = 'UNKNOWN'

/** Code used when the page runs without the Wails bridge (e.g. plain `vite`). */
export const BRIDGE_UNAVAILABLE = 'BRIDGE_UNAVAILABLE'

const CODED = /^([A-Z][A-Z0-9_]*):\s*([\s\S]*)$/

/** Splits `CODE: message`; anything else is an UNKNOWN error with the whole text as message. */
export function parseErrorString(text: string): AppError {
  const trimmed = text.trim()
  const m = CODED.exec(trimmed)
  if (m) return new AppError(m[1]!, m[2]!.trim() || m[1]!)
  return new AppError(UNKNOWN, trimmed || 'unknown error')
}

/** Turns any rejection value (string, Error, AppError, object, nothing) into an AppError. */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason
  if (typeof reason === 'string') return parseErrorString(reason)
  if (reason instanceof Error) return parseErrorString(reason.message)
  if (reason && typeof reason === 'object') {
    const { code, message } = reason as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && code && typeof message === 'string') return new AppError(code, message)
    if (typeof message === 'string') return parseErrorString(message)
  }
  if (reason === undefined || reason === null) return new AppError(UNKNOWN, 'unknown error')
  return parseErrorString(String(reason))
}

/** True when the Wails bindings are injected into this page. */
export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.go === 'object' && window.go !== null
}

/**
 * Runs a binding call and normalises every failure (synchronous throw or
 * rejection) into an AppError.
 */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (reason) {
    if (!hasBridge() && reason instanceof TypeError) {
      throw new AppError(BRIDGE_UNAVAILABLE, 'the Go backend is not available in this page')
    }
    throw toAppError(reason)
  }
}
