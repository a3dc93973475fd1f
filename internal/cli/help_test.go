package cli

import (
	"strings"
	"testing"
)

// `wecomdev help X` prints what `wecomdev X --help` prints (issue 15): the summary, the
// usage and, for a command with flags, the flags; on standard output, exit status 0.
func TestHelpOfEveryCommandIsWhatItsHelpFlagPrints(t *testing.T) {
	t.Setenv("WECOMDEV_HOME", t.TempDir())
	for _, c := range commands() {
		hCode, hOut, hErr := run(t, "help", c.name)
		for _, flag := range []string{"--help", "-h", "-help"} {
			fCode, fOut, fErr := run(t, c.name, flag)
			if fCode != ExitOK || fErr != "" {
				t.Errorf("%s %s: code %d, stderr %q", c.name, flag, fCode, fErr)
			}
			if fOut != hOut {
				t.Errorf("help %s and %s %s differ:\n--- help %s (code %d, stderr %q)\n%s\n--- %s %s\n%s",
					c.name, c.name, flag, c.name, hCode, hErr, hOut, c.name, flag, fOut)
			}
		}
		if hCode != ExitOK || hErr != "" {
			t.Errorf("help %s: code %d, stderr %q", c.name, hCode, hErr)
		}
		firstUsage, _, _ := strings.Cut(c.usage, "\n")
		if !strings.HasPrefix(hOut, c.summary+"\n") || !strings.Contains(hOut, "Usage: "+firstUsage) {
			t.Errorf("help %s does not give its summary and usage:\n%s", c.name, hOut)
		}
	}
}

// A command's flags are part of its help, and a subcommand's help is its own.
func TestHelpShowsTheFlagsOfACommandAndOfASubcommand(t *testing.T) {
	t.Setenv("WECOMDEV_HOME", t.TempDir())
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"serve"}, []string{"-emulate", "-upstream", "-tunnel"}},
		{[]string{"explain"}, []string{"-json", "-lang"}},
		{[]string{"version"}, []string{"-json"}},
		{[]string{"joinway", "groups"}, []string{"Usage: " + jwGroupsUsage, "-status", "-owner"}},
		{[]string{"profile", "add"}, []string{"-corp-id", "-agent-id"}},
	}
	for _, tt := range cases {
		code, out, errOut := run(t, append([]string{"help"}, tt.args...)...)
		_, flagOut, _ := run(t, append(tt.args, "--help")...)
		if code != ExitOK || errOut != "" || out != flagOut {
			t.Errorf("help %v: code %d, stderr %q; differs from --help: %v", tt.args, code, errOut, out != flagOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("help %v lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}

// A wrong flag is still a usage error on standard error, with the usage.
func TestAWrongFlagIsAUsageErrorWithTheUsage(t *testing.T) {
	code, out, errOut := run(t, "explain", "--nope", "x")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "-nope") || !strings.Contains(errOut, "Usage: wecomdev explain") {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
}
