// Package redact keeps secrets, tokens and tickets out of what people and logs see.
package redact

import (
	"regexp"
	"strings"
)

// Mask shows just enough of a credential to tell two apart: "ab…yz". Values shorter
// than 8 characters show nothing but the ellipsis; an empty value stays empty.
func Mask(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) < 8 {
		return "…"
	}
	return string(r[:2]) + "…" + string(r[len(r)-2:])
}

// sensitiveParams are the query parameters WeCom URLs carry credentials in.
var sensitiveParams = regexp.MustCompile(`(?i)\b(access_token|corpsecret|secret|ticket|jsapi_ticket|suite_access_token|provider_secret)=([^&\s"']*)`)

// URL replaces credential values in a URL or in any text that contains one (an error
// from net/http quotes the full request URL): "access_token=abcd…" → "access_token=REDACTED".
func URL(s string) string {
	return sensitiveParams.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '=')
		return m[:i+1] + "REDACTED"
	})
}

// Replace removes every occurrence of each value from s, for texts that may echo a
// credential verbatim. Values shorter than 4 characters are left alone (they would
// redact ordinary text).
func Replace(s string, values ...string) string {
	for _, v := range values {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, Mask(v))
		}
	}
	return s
}
