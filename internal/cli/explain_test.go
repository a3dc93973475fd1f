package cli

import (
	"strings"
	"testing"

	"wecomdev/internal/diagnose"
)

// explainLines is the labels of explain's lines after its head ("cause", "fix", "run", …).
func explainLines(out string) []string {
	var labels []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if label, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, " ") {
			labels = append(labels, label)
		}
	}
	return labels
}

// In a terminal, explain names the command to run, not a tab of the window; for a bare
// errcode as for an errMsg (issue 15).
func TestExplainNamesTheCommandToRunForACodeAsForAnErrMsg(t *testing.T) {
	t.Setenv("WECOMDEV_HOME", t.TempDir())
	const forensics = "run:   wecomdev diagnose NAME --page-url URL --signature S --timestamp T --noncestr N"
	cases := []struct {
		args []string
		run  string
	}{
		{[]string{"40093"}, forensics + "\n"},
		{[]string{"config:invalid signature"}, forensics + " --config\n"},
		{[]string{"agentConfig:invalid signature"}, forensics + " --agent\n"},
		{[]string{"60020"}, "run:   wecomdev profile list\n"},
		{[]string{"42012"}, "run:   wecomdev tickets NAME\n"},
		{[]string{"config:invalid url domain"}, "run:   wecomdev profile list\n"},
		{[]string{"the permission value is offline verifying"}, "run:   wecomdev serve NAME --emulate\n"},
	}
	for _, tt := range cases {
		code, out, errOut := run(t, append([]string{"explain", "--lang", "en-US"}, tt.args...)...)
		if code != ExitOK || errOut != "" || !strings.Contains(out, "\n"+tt.run) {
			t.Errorf("explain %q: code %d, stderr %q, no %q in:\n%s", tt.args, code, errOut, tt.run, out)
		}
		if strings.Contains(out, "\ntool:") {
			t.Errorf("explain %q names a console tool, not a command:\n%s", tt.args, out)
		}
	}
	_, byCode, _ := run(t, "explain", "--lang", "en-US", "40093")
	_, byText, _ := run(t, "explain", "--lang", "en-US", "config:invalid signature")
	code, text := explainLines(byCode), explainLines(byText)
	if strings.Join(code, ",") != "cause,fix,run,doc" || strings.Join(text, ",") != "cause,fix,run,doc" {
		t.Errorf("explain 40093 gives %v, explain 'config:invalid signature' %v; both want cause, fix, run, doc", code, text)
	}
}

// explain --json keeps its fields and adds the command.
func TestExplainJSONKeepsItsFieldsAndAddsTheCommand(t *testing.T) {
	t.Setenv("WECOMDEV_HOME", t.TempDir())
	code, out, _ := run(t, "explain", "--json", "40093")
	e := decode(t, out)
	for _, k := range []string{"matched", "kind", "call", "code", "cause", "fix", "tool", "doc"} {
		if _, ok := e[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if code != ExitOK || e["tool"] != diagnose.ToolForensics || !strings.HasPrefix(e["command"].(string), "wecomdev diagnose NAME --page-url") {
		t.Fatalf("code %d, %s", code, out)
	}
}

// Every console tool an explanation may point at has its command.
func TestEveryExplanationToolHasACommand(t *testing.T) {
	for _, tool := range []string{diagnose.ToolURLDiff, diagnose.ToolForensics, diagnose.ToolTickets, diagnose.ToolTrustedDomains,
		diagnose.ToolProfiles, diagnose.ToolSign, diagnose.ToolAudit, diagnose.ToolEmulator, diagnose.ToolDevServer} {
		c := toolCommand(diagnose.Explanation{Tool: tool})
		if !strings.HasPrefix(c, "wecomdev ") {
			t.Errorf("tool %q: command %q", tool, c)
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(c, "wecomdev "), " ")
		if _, ok := lookup(name); !ok {
			t.Errorf("tool %q: %q is no command", tool, c)
		}
	}
}

// In a terminal, explain's cause and fix name commands, never the window's areas, in both
// languages; the window's texts name the areas (internal/diagnose tests that side).
func TestExplainsFixNamesCommandsNotAreasInATerminal(t *testing.T) {
	t.Setenv("WECOMDEV_HOME", t.TempDir())
	areas := []string{"Signature forensics", "URL diff", "Diagnose →", "in Profiles", "Tickets shows", "签名溯源", "URL 对比", "「诊断", "「配置」", "「凭证」", "「开发服务器"}
	for _, lang := range []string{"en-US", "zh-CN"} {
		for _, text := range []string{"40093", "config:invalid signature", "agentConfig:invalid signature", "ticket not available", "41002",
			"the permission value is offline verifying", "Missing params", "invalid corpid"} {
			code, out, _ := run(t, "explain", "--lang", lang, text)
			if code != ExitOK {
				t.Fatalf("explain --lang %s %q: code %d\n%s", lang, text, code, out)
			}
			for _, a := range areas {
				if strings.Contains(out, a) {
					t.Errorf("explain --lang %s %q names the area %q:\n%s", lang, text, a, out)
				}
			}
			if !strings.Contains(out, "`wecomdev ") {
				t.Errorf("explain --lang %s %q names no command in its text:\n%s", lang, text, out)
			}
		}
	}
	_, out, _ := run(t, "explain", "--lang", "en-US", "agentConfig:invalid signature")
	if !strings.Contains(out, "fix:   Run `wecomdev diagnose NAME --page-url URL --signature S --timestamp T --noncestr N --agent`: it says") {
		t.Errorf("the agentConfig fix does not name the forensics command with --agent:\n%s", out)
	}
}
