//go:build windows

package main

import (
	"os"
	"syscall"
	"testing"
)

// These run under Wine on Linux too: `make test-dist` (scripts/dist/check-windows.sh).

// tempFile is a new empty file, removed at the end. Not t.TempDir: Go 1.26's RemoveAll
// fails under Wine 8.0 ("unlinkat …: Invalid function"); a plain Remove works.
func tempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp("", "wecomdev-console-*.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close(); os.Remove(f.Name()) })
	return f
}

func TestAPipeTheParentGaveIsAUsableStream(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if !usableHandle(syscall.Handle(w.Fd())) || !usableHandle(syscall.Handle(r.Fd())) {
		t.Fatal("a pipe's ends are not usable streams: `wecomdev.exe sign … | findstr` would print to the console instead")
	}
}

func TestAFileTheParentRedirectedToIsAUsableStream(t *testing.T) {
	f := tempFile(t)
	if !usableHandle(syscall.Handle(f.Fd())) {
		t.Fatal("a file is not a usable stream: `wecomdev.exe version > out.txt` would lose its output")
	}
}

func TestNoHandleOrAnInvalidOneIsNotAUsableStream(t *testing.T) {
	for _, h := range []syscall.Handle{0, syscall.InvalidHandle} {
		if usableHandle(h) {
			t.Fatalf("handle %#x counted as usable: a GUI start without a console would not attach to the parent's", h)
		}
	}
}

func TestAClosedHandleIsNotAUsableStream(t *testing.T) {
	f := tempFile(t)
	h := syscall.Handle(f.Fd())
	f.Close()
	if usableHandle(h) {
		t.Fatal("a closed handle counted as usable")
	}
}

func TestWithEveryStreamSetNothingIsReplaced(t *testing.T) {
	// The test binary's streams are the pipes or files `go test` (or the shell under Wine)
	// gave it: useParentConsole must leave them be.
	in, out, errf := os.Stdin, os.Stdout, os.Stderr
	useParentConsole()
	if os.Stdin != in || os.Stdout != out || os.Stderr != errf {
		t.Fatal("useParentConsole replaced a stream the parent had set")
	}
}
