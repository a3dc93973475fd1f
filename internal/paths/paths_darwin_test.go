package paths

import (
	"path/filepath"
	"testing"
)

// Runs on macOS only (the release workflow's macOS job runs go test ./internal/paths).

func TestOnMacOSTheDataDirIsWecomdevUnderApplicationSupport(t *testing.T) {
	home := tempDir(t)
	t.Setenv(EnvHome, "")
	t.Setenv("HOME", home)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "Library", "Application Support", "wecomdev"); got != want {
		t.Fatalf("DataDir() = %q, want %q", got, want)
	}
}

func TestOnMacOSWithoutHomeThereIsNoDataDir(t *testing.T) {
	t.Setenv(EnvHome, "")
	t.Setenv("HOME", "")
	if got, err := DataDir(); err != ErrNoDataDir {
		t.Fatalf("DataDir() = %q, %v; want ErrNoDataDir", got, err)
	}
}
