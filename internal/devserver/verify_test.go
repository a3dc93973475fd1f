package devserver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readVerifyFileWithin runs ReadVerifyFile and fails the test, rather than hang it, when
// the read does not return within a few seconds.
func readVerifyFileWithin(t *testing.T, path string) (string, string, error) {
	t.Helper()
	type result struct {
		name, content string
		err           error
	}
	done := make(chan result, 1)
	go func() {
		n, c, err := ReadVerifyFile(path)
		done <- result{n, c, err}
	}()
	select {
	case r := <-done:
		return r.name, r.content, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("ReadVerifyFile(%s) still reading after 5 s", path)
	}
	return "", "", nil
}

func TestReadVerifyFileReadsAGoodFileThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "download.txt")
	if err := os.WriteFile(real, []byte("Abc123Def456\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "WW_verify_Abc123Def456.txt")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	name, content, err := readVerifyFileWithin(t, link)
	if err != nil || name != "WW_verify_Abc123Def456.txt" || content != "Abc123Def456" {
		t.Errorf("got %q %q %v", name, content, err)
	}
}

func TestReadVerifyFileRefusesALinkToDevZeroWithoutReadingIt(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero on this system")
	}
	link := filepath.Join(t.TempDir(), "WW_verify_Abc123Def456.txt")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	_, _, err := readVerifyFileWithin(t, link)
	if !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), "not a regular file (a device)") {
		t.Errorf("error %v", err)
	}
}

func TestReadVerifyFileRefusesAnOversizeFileAndADirectory(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "WW_verify_Abc123Def456.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("A", maxVerifyFile+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readVerifyFileWithin(t, big); !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), "1025 bytes") {
		t.Errorf("oversize: %v", err)
	}
	if _, _, err := readVerifyFileWithin(t, dir); !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, _, err := readVerifyFileWithin(t, filepath.Join(dir, "missing.txt")); err == nil || errors.Is(err, ErrVerifyFile) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestReadVerifyFileChecksTheNameAndContentAsAPastedOne(t *testing.T) {
	p := filepath.Join(t.TempDir(), "verify.txt")
	if err := os.WriteFile(p, []byte("Abc123Def456"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readVerifyFileWithin(t, p); !errors.Is(err, ErrVerifyFile) || !strings.Contains(err.Error(), "WW_verify_") {
		t.Errorf("error %v", err)
	}
}
