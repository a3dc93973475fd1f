// Package locale maps the operating system's language to one of the UI languages.
package locale

import (
	"os"
	"strings"
)

// The UI languages. Every other language shows en-US.
const (
	ZhCN = "zh-CN"
	EnUS = "en-US"
)

// Detect returns the UI language for the system language, or "" when the system
// says nothing (the UI then asks the webview's navigator.language).
func Detect() string {
	return FromTag(systemTag())
}

// FromTag maps a POSIX locale ("zh_CN.UTF-8"), a BCP 47 tag ("zh-Hans-CN") or a
// colon list ("zh_CN:en_US", as in $LANGUAGE) to a UI language. Empty, "C" and
// "POSIX" say nothing and give "".
func FromTag(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexByte(tag, ':'); i >= 0 { // $LANGUAGE lists preferences; the first wins
		tag = tag[:i]
	}
	if i := strings.IndexAny(tag, ".@"); i >= 0 { // codeset and modifier
		tag = tag[:i]
	}
	lang := strings.ToLower(tag)
	if i := strings.IndexAny(lang, "_-"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "", "c", "posix":
		return ""
	case "zh":
		return ZhCN
	default:
		return EnUS
	}
}

// envTag follows the POSIX precedence for LC_MESSAGES, with GNU's $LANGUAGE first.
func envTag() string {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" && FromTag(v) != "" {
			return v
		}
	}
	return ""
}
