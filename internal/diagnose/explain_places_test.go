package diagnose

import (
	"strconv"
	"strings"
	"testing"

	"wecomdev/internal/wecom"
)

// Every text the explainer may give, by its phrases and by every code WeCom's table has.
func everyExplanation(name func(string) wecom.Namer) []Explanation {
	var out []Explanation
	for _, r := range rules {
		for _, p := range r.phrases {
			out = append(out, ExplainTextAt(p, name), ExplainTextAt("config:"+p, name), ExplainTextAt("agentConfig:"+p, name))
		}
	}
	for _, c := range wecom.Codes() {
		out = append(out, ExplainTextAt("errcode "+strconv.Itoa(c), name))
	}
	return out
}

// In the window, the explainer names the areas as the sidebar and Diagnose's tabs do, and
// never a command or an unnamed place (issue 15).
func TestExplainTextNamesTheWindowsAreasAndNoCommand(t *testing.T) {
	for _, e := range everyExplanation(func(string) wecom.Namer { return wecom.AreaName }) {
		for _, s := range []string{e.Cause.ZhCN, e.Cause.EnUS, e.Fix.ZhCN, e.Fix.EnUS} {
			if strings.Contains(s, "{tool:") || strings.Contains(s, "wecomdev diagnose") {
				t.Errorf("%s: %q", e.Kind, s)
			}
		}
	}
	e := ExplainText("agentConfig:invalid signature")
	if !strings.Contains(e.Fix.EnUS, "Diagnose → Signature forensics") || !strings.Contains(e.Fix.ZhCN, "「诊断 → 签名溯源」") {
		t.Errorf("the fix does not name the forensics area: %+v", e.Fix)
	}
}

// With other names (a terminal's commands), every place a text points at takes them, in
// both languages, and no area name is left over.
func TestExplainTextAtNamesEveryPlaceByTheGivenNames(t *testing.T) {
	cmd := func(string) wecom.Namer { return func(tool, _ string) string { return "<cmd " + tool + ">" } }
	areas := []string{}
	for _, tool := range wecom.Tools() {
		areas = append(areas, wecom.AreaName(tool, "zh-CN")) // 「…」: never a word of a sentence
		if en := wecom.AreaName(tool, "en-US"); strings.Contains(en, " → ") {
			areas = append(areas, en)
		}
	}
	// English one-word areas are words too ("…getAgentConfigSignature"): their phrases.
	areas = append(areas, "Signature forensics", "签名溯源", "URL diff", "URL 对比", "in Profiles", "in Tickets", "Tickets shows", "in Diagnose", "the emulator shows")
	named := 0
	for _, e := range everyExplanation(cmd) {
		for _, s := range []string{e.Cause.ZhCN, e.Cause.EnUS, e.Fix.ZhCN, e.Fix.EnUS} {
			if strings.Contains(s, "<cmd ") {
				named++
			}
			for _, a := range areas {
				if strings.Contains(s, a) {
					t.Errorf("%s names the area %q: %q", e.Kind, a, s)
				}
			}
		}
	}
	if named == 0 {
		t.Fatal("no explanation names a place")
	}
}
