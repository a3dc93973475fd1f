// Package redact keeps secrets, tokens and tickets out of what people and logs see.
package redact

import (
	"net/url"
	"regexp"
	"slices"
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

// sensitiveNames are the query parameters WeCom URLs carry credentials in.
var sensitiveNames = []string{"access_token", "corpsecret", "secret", "ticket", "jsapi_ticket", "suite_access_token", "provider_secret"}

var sensitiveParams = regexp.MustCompile(`(?i)\b(` + strings.Join(sensitiveNames, "|") + `)=([^&\s"']*)`)

// URL replaces credential values in a URL or in any text that contains one (an error
// from net/http quotes the full request URL): "access_token=abcd…" → "access_token=REDACTED".
func URL(s string) string {
	return sensitiveParams.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '=')
		return m[:i+1] + "REDACTED"
	})
}

// Values returns the credential values a query carries: those of the parameters URL
// redacts. A caller that sent them can take them out of whatever comes back (Replace).
func Values(q url.Values) []string {
	var out []string
	for name, vs := range q {
		for _, sensitive := range sensitiveNames {
			if strings.EqualFold(name, sensitive) {
				out = append(out, vs...)
				break
			}
		}
	}
	return out
}

// Replace masks every occurrence of each value in s, as it is and query-escaped, for
// texts that may echo a credential verbatim (a server's error message). Longer values go
// first, so a value that contains another is masked whole. Values shorter than 4
// characters are left alone (they would redact ordinary text).
func Replace(s string, values ...string) string {
	values = slices.Clone(values)
	slices.SortStableFunc(values, func(a, b string) int { return len(b) - len(a) })
	for _, v := range values {
		if len(v) < 4 {
			continue
		}
		s = strings.ReplaceAll(s, v, Mask(v))
		if e := url.QueryEscape(v); e != v {
			s = strings.ReplaceAll(s, e, Mask(v))
		}
	}
	return s
}

// Text takes credentials out of a text that came back from a server a request went to:
// every value the request is known to have carried (Replace), and any credential query
// parameter (URL).
func Text(s string, known ...string) string { return URL(Replace(s, known...)) }

// oauthCode finds the code WeCom's OAuth redirect appends to a page URL
// (redirect_uri?code=CODE&state=STATE, doc 91022): a single-use credential for five
// minutes that exchanges for the member's identity (auth/getuserinfo, doc 91023).
var oauthCode = regexp.MustCompile(`([?&#])(code|auth_code)=([^&#\s"']*)`)

// OAuthCode masks the value of every code= / auth_code= query parameter in a URL or a
// text that quotes one ("https://h5.example.com/?code=CODE&state=S" → "…?code=ab…yz&state=S"),
// so a page URL kept in a log shows that a code was there, and which, never the code.
// Other parameters (errcode=, qrcode=) stay as they are.
func OAuthCode(s string) string {
	if !strings.Contains(s, "code=") {
		return s
	}
	return oauthCode.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '=')
		return m[:i+1] + Mask(m[i+1:])
	})
}
