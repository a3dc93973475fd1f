/**
 * Installs mocked Go services where the Wails bindings call them
 * (`window.go.app.<Service>.<Method>`), the object the generated
 * wailsjs/go/app/<Service>.js functions call, so the real binding modules and
 * src/api run unchanged. Use with vi.hoisted objects of vi.fn()s.
 */
export function installGo(services: Record<string, object>): void {
  window.go = { app: services }
}
