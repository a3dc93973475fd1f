// Package buildinfo says which build of wecomdev is running.
//
// Version, Commit and BuildDate are set by the linker (see the Makefile):
//
//	-X wecomdev/internal/buildinfo.Version=v0.1.0
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Name is the product and binary name.
const Name = "wecomdev"

// Set at link time; the defaults describe a build made without the Makefile.
var (
	Version   = "0.0.0-dev"
	Commit    = ""
	BuildDate = ""
)

// Info describes the running build. It is shown in the About box and by `wecomdev version`.
type Info struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildDate string `json:"buildDate"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
	DataDir   string `json:"dataDir"`
}

// Get returns the build information; dataDir is where this process keeps its data.
func Get(dataDir string) Info {
	commit := Commit
	if commit == "" {
		commit = vcsRevision()
	}
	return Info{
		Name:      Name,
		Version:   Version,
		Commit:    commit,
		BuildDate: BuildDate,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		DataDir:   dataDir,
	}
}

// vcsRevision reads the commit the Go toolchain stamped into the binary, if any.
func vcsRevision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			if len(s.Value) > 12 {
				return s.Value[:12]
			}
			return s.Value
		}
	}
	return ""
}
