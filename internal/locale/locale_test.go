package locale

import (
	"runtime"
	"testing"
)

func TestFromTagMapsSystemLanguagesToUILanguages(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"zh_CN.UTF-8", ZhCN},
		{"zh_TW.UTF-8", ZhCN},
		{"zh-Hans-CN", ZhCN},
		{"ZH_cn", ZhCN},
		{"zh_CN:en_US", ZhCN},
		{"en_US.UTF-8", EnUS},
		{"en_GB@euro", EnUS},
		{"de_DE.UTF-8", EnUS},
		{"ja", EnUS},
		{"C", ""},
		{"C.UTF-8", ""},
		{"POSIX", ""},
		{"", ""},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := FromTag(tt.tag); got != tt.want {
			t.Errorf("FromTag(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

func TestDetectFollowsPOSIXPrecedence(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the environment decides the language only on Linux and the BSDs")
	}
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "zh_CN.UTF-8")
	t.Setenv("LANG", "en_US.UTF-8")
	if got := Detect(); got != ZhCN {
		t.Fatalf("LC_MESSAGES=zh_CN over LANG=en_US: Detect() = %q, want %q", got, ZhCN)
	}
	t.Setenv("LC_ALL", "en_US.UTF-8")
	if got := Detect(); got != EnUS {
		t.Fatalf("LC_ALL=en_US over LC_MESSAGES=zh_CN: Detect() = %q, want %q", got, EnUS)
	}
}

func TestDetectSaysNothingForTheCLocale(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the environment decides the language only on Linux and the BSDs")
	}
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(k, "")
	}
	t.Setenv("LANG", "C.UTF-8")
	if got := Detect(); got != "" {
		t.Fatalf("LANG=C.UTF-8: Detect() = %q, want \"\" so the UI asks the webview", got)
	}
}
