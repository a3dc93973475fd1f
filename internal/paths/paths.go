// Package paths decides where wecomdev keeps its local data.
package paths

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvHome names the environment variable that overrides the data directory.
const EnvHome = "WECOMDEV_HOME"

// ErrNoDataDir is returned when neither $WECOMDEV_HOME nor the OS config dir is known.
var ErrNoDataDir = errors.New("no data directory: set WECOMDEV_HOME or HOME")

// DataDir returns the data directory: $WECOMDEV_HOME when set, else
// <os.UserConfigDir()>/wecomdev (for example ~/.config/wecomdev on Linux,
// ~/Library/Application Support/wecomdev on macOS, %AppData%\wecomdev on Windows).
// It does not create the directory.
func DataDir() (string, error) {
	if home := os.Getenv(EnvHome); home != "" {
		abs, err := filepath.Abs(home)
		if err != nil {
			return "", fmt.Errorf("%s=%q: %w", EnvHome, home, err)
		}
		return abs, nil
	}
	base, err := os.UserConfigDir()
	if err != nil || base == "" {
		return "", ErrNoDataDir
	}
	return filepath.Join(base, "wecomdev"), nil
}

// EnsureDataDir returns DataDir after creating it, readable by the user only.
func EnsureDataDir() (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return "", fmt.Errorf("data directory %s is a file, not a directory: move it away or set %s to another folder", dir, EnvHome)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory %s (set %s to a writable folder): %w", dir, EnvHome, err)
	}
	return dir, nil
}
