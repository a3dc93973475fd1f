package paths

import (
	"path/filepath"
	"testing"
)

// Runs on Windows, and under Wine on Linux (`make test-dist`).

func TestOnWindowsTheDataDirIsWecomdevUnderAppData(t *testing.T) {
	appData := `C:\Users\dev\AppData\Roaming`
	t.Setenv(EnvHome, "")
	t.Setenv("AppData", appData)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := appData + `\wecomdev`; got != want {
		t.Fatalf("DataDir() = %q, want %q", got, want)
	}
}

func TestOnWindowsWithoutAppDataThereIsNoDataDir(t *testing.T) {
	t.Setenv(EnvHome, "")
	t.Setenv("AppData", "")
	if got, err := DataDir(); err != ErrNoDataDir {
		t.Fatalf("DataDir() = %q, %v; want ErrNoDataDir, whose message says to set WECOMDEV_HOME", got, err)
	}
}

func TestOnWindowsAWecomdevHomeWithADriveLetterIsKeptAsIs(t *testing.T) {
	t.Setenv(EnvHome, `D:\work\wecomdev-data`)
	got, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	if got != `D:\work\wecomdev-data` || !filepath.IsAbs(got) {
		t.Fatalf("DataDir() = %q, want D:\\work\\wecomdev-data", got)
	}
}
