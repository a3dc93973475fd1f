package wecom

import (
	"strings"
	"testing"
)

// A text names a place as {tool:ID}; each surface names it its own way.
func TestTextAtNamesEachPlaceInEachLanguage(t *testing.T) {
	tx := Text{ZhCN: "用{tool:forensics}查，再用{tool:url-diff}比对；{ip} 不动", EnUS: "Run {tool:forensics}, then {tool:url-diff}; {ip} stays"}
	got := tx.At(func(tool, lang string) string { return "<" + lang + " " + tool + ">" })
	want := Text{ZhCN: "用<zh-CN forensics>查，再用<zh-CN url-diff>比对；{ip} 不动", EnUS: "Run <en-US forensics>, then <en-US url-diff>; {ip} stays"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if g := tx.At(AreaName); g.EnUS != "Run Diagnose → Signature forensics, then Diagnose → URL diff; {ip} stays" || !strings.Contains(g.ZhCN, "「诊断 → 签名溯源」") {
		t.Errorf("the window's names: %+v", g)
	}
}

// Every place the table names is one the window has a name for, in both languages.
func TestEveryPlaceTheTableNamesIsKnown(t *testing.T) {
	for _, tool := range Tools() {
		if AreaName(tool, "zh-CN") == "" || AreaName(tool, "en-US") == "" {
			t.Errorf("tool %q has no area name", tool)
		}
	}
	named := 0
	for _, c := range Codes() {
		raw := explanations[c]
		if strings.Contains(raw.cause.EnUS+raw.fix.EnUS, "{tool:") {
			named++
		}
		ex, _ := Explain(c)
		for _, s := range []string{ex.Cause.ZhCN, ex.Cause.EnUS, ex.Fix.ZhCN, ex.Fix.EnUS} {
			if strings.Contains(s, "{tool:") {
				t.Errorf("%d names an unknown place: %q", c, s)
			}
		}
	}
	if named == 0 {
		t.Fatal("no explanation names a place; the test checks nothing")
	}
	ex, _ := ExplainAt(40093, func(tool, _ string) string { return "`wecomdev " + tool + "`" })
	if !strings.Contains(ex.Fix.EnUS, "`wecomdev url-diff`") || strings.Contains(ex.Fix.EnUS, "in Diagnose") {
		t.Errorf("40093's fix with command names: %q", ex.Fix.EnUS)
	}
}
