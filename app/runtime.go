// Package app holds the services the UI calls through Wails bindings: one per domain,
// thin, with the work done in internal/. Nothing here imports Wails; main.go passes in a
// Runtime that does.
//
// Every exported method of a bound service is callable from JavaScript, so services
// expose narrow, intention-revealing methods only.
package app

// Runtime is what the services need from the desktop runtime.
type Runtime interface {
	// Emit sends an event to the UI. Names are defined in events.go and mirrored in
	// frontend/src/api/events.ts.
	Emit(name string, data ...any)
}

// NopRuntime drops everything: for headless use and tests.
type NopRuntime struct{}

// Emit does nothing.
func (NopRuntime) Emit(string, ...any) {}
