//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package secrets

// findSessionBus: macOS Keychain and Windows Credential Manager need no D-Bus.
func findSessionBus() bool { return true }
