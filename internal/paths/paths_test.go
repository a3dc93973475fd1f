package paths

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tempDir is t.TempDir, emptied with Remove (deepest first) instead of RemoveAll: these tests
// also run under Wine 8.0 (`make test-dist`), where Go 1.26's RemoveAll fails with
// "unlinkat …: Invalid function" (Wine lacks FileDispositionInformationEx) and t.TempDir's
// clean-up would fail every test.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "wecomdev-paths-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var all []string
		filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
			all = append(all, p)
			return nil
		})
		for i := len(all) - 1; i >= 0; i-- {
			if err := os.Remove(all[i]); err != nil {
				t.Errorf("clean-up: %v", err)
			}
		}
	})
	return dir
}

func TestDataDirUsesWecomdevHomeWhenSet(t *testing.T) {
	want := tempDir(t)
	t.Setenv(EnvHome, want)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("DataDir() = %q, want %q", got, want)
	}
}

func TestDataDirMakesARelativeWecomdevHomeAbsolute(t *testing.T) {
	t.Setenv(EnvHome, "rel/dir")
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got) || !strings.HasSuffix(got, filepath.Join("rel", "dir")) {
		t.Fatalf("DataDir() = %q, want an absolute path ending in rel/dir", got)
	}
}

func TestDataDirFallsBackToTheUserConfigDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME only decides os.UserConfigDir on Linux")
	}
	cfg := tempDir(t)
	t.Setenv(EnvHome, "")
	t.Setenv("XDG_CONFIG_HOME", cfg)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cfg, "wecomdev"); got != want {
		t.Fatalf("DataDir() = %q, want %q", got, want)
	}
}

func TestEnsureDataDirCreatesAPrivateDirectory(t *testing.T) {
	dir := filepath.Join(tempDir(t), "a", "b")
	t.Setenv(EnvHome, dir)
	got, err := EnsureDataDir()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(got)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode = %v, want 0700", fi.Mode().Perm())
	}
}

func TestEnsureDataDirRefusesAFileInItsPlace(t *testing.T) {
	file := filepath.Join(tempDir(t), "data")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvHome, file)
	_, err := EnsureDataDir()
	if err == nil || !strings.Contains(err.Error(), EnvHome) {
		t.Fatalf("EnsureDataDir() error = %v, want one that names %s", err, EnvHome)
	}
}
