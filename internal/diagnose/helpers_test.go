package diagnose

import (
	"slices"
	"strings"
	"testing"
)

// codesOf lists the codes of fs in order (never nil, so an empty result compares to []string{}).
func codesOf(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// checkFindingTexts fails when a finding lacks a language or its fragments are not quoted.
func checkFindingTexts(t *testing.T, f Finding) {
	t.Helper()
	if f.Message.ZhCN == "" || f.Message.EnUS == "" || f.Fix.ZhCN == "" || f.Fix.EnUS == "" {
		t.Errorf("%s: a text is empty: %+v", f.Code, f)
	}
	if !slices.Contains(FindingCodes(), f.Code) {
		t.Errorf("unknown code %q", f.Code)
	}
	// zh-CN really is Chinese (not the English text copied).
	if !strings.ContainsFunc(f.Message.ZhCN, isHan) {
		t.Errorf("%s: zh-CN message has no Chinese: %q", f.Code, f.Message.ZhCN)
	}
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }
