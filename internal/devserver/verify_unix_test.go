//go:build unix

package devserver

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadVerifyFileRefusesAFIFOAtOnceWithoutWaitingForAWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "WW_verify_Abc123Def456.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := readVerifyFileWithin(t, fifo)
	if !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), "not a regular file (a FIFO)") {
		t.Errorf("error %v", err)
	}
}
