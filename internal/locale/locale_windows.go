//go:build windows

package locale

import (
	"syscall"
	"unsafe"
)

// systemTag asks Windows for the user's default locale name, such as "zh-CN".
func systemTag() string {
	if t := envTag(); t != "" {
		return t
	}
	proc := syscall.NewLazyDLL("kernel32.dll").NewProc("GetUserDefaultLocaleName")
	buf := make([]uint16, 85) // LOCALE_NAME_MAX_LENGTH
	if r, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))); r == 0 {
		return ""
	}
	return syscall.UTF16ToString(buf)
}
