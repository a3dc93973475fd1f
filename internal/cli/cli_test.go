package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wecomdev/internal/buildinfo"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
	return code, out.String(), errb.String()
}

func TestVersionPrintsTheLinkedVersion(t *testing.T) {
	old := buildinfo.Version
	buildinfo.Version = "9.8.7-test"
	t.Cleanup(func() { buildinfo.Version = old })
	t.Setenv("WECOMDEV_HOME", t.TempDir())

	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		code, out, errOut := run(t, args...)
		if code != ExitOK || !strings.HasPrefix(out, "wecomdev 9.8.7-test\n") || errOut != "" {
			t.Errorf("%v: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestVersionJSONIsMachineReadable(t *testing.T) {
	home := t.TempDir()
	t.Setenv("WECOMDEV_HOME", home)
	code, out, _ := run(t, "version", "--json")
	if code != ExitOK {
		t.Fatalf("code %d", code)
	}
	var info buildinfo.Info
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if info.Name != "wecomdev" || info.Version == "" || info.GoVersion == "" || info.DataDir != home {
		t.Fatalf("info = %+v", info)
	}
}

func TestVersionRefusesStrayArguments(t *testing.T) {
	code, out, errOut := run(t, "version", "extra")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, `unexpected argument "extra"`) {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {}} {
		code, out, _ := run(t, args...)
		if code != ExitOK {
			t.Fatalf("%v: code %d", args, code)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "  "+c.name) {
				t.Errorf("%v: help does not list %q:\n%s", args, c.name, out)
			}
		}
	}
}

func TestHelpForOneCommandShowsItsUsage(t *testing.T) {
	code, out, _ := run(t, "help", "version")
	if code != ExitOK || !strings.Contains(out, "Usage: wecomdev version [--json]") {
		t.Fatalf("code %d, stdout %q", code, out)
	}
	code, _, errOut := run(t, "help", "nope")
	if code != ExitUsage || !strings.Contains(errOut, `unknown command "nope"`) {
		t.Fatalf("help nope: code %d, stderr %q", code, errOut)
	}
}

func TestAnUnknownCommandSaysSoAndPointsToHelp(t *testing.T) {
	code, out, errOut := run(t, "frobnicate")
	if code != ExitUsage || out != "" {
		t.Fatalf("code %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, `unknown command "frobnicate"`) || !strings.Contains(errOut, "wecomdev help") {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestOnlyNoArgumentsOrAFinderSerialOpenTheGUI(t *testing.T) {
	cases := []struct {
		args []string
		gui  bool
	}{
		{nil, true},
		{[]string{"-psn_0_1234"}, true},
		{[]string{"version"}, false},
		{[]string{"-psn_0_1", "help"}, false},
	}
	for _, c := range cases {
		if got := IsGUILaunch(c.args); got != c.gui {
			t.Errorf("IsGUILaunch(%q) = %v, want %v", c.args, got, c.gui)
		}
	}
}

func TestCheckDisplayExplainsAHeadlessLinuxLaunch(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	err := CheckDisplay(env(nil), "linux")
	if !errors.Is(err, ErrNoDisplay) || !strings.Contains(err.Error(), "wecomdev help") {
		t.Fatalf("no display on linux: %v", err)
	}
	for _, m := range []map[string]string{{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}} {
		if err := CheckDisplay(env(m), "linux"); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
	for _, goos := range []string{"darwin", "windows"} {
		if err := CheckDisplay(env(nil), goos); err != nil {
			t.Errorf("%s needs no DISPLAY: %v", goos, err)
		}
	}
}
