package jssdk

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

const (
	goodNonce = "Wm3WZYTPz0wzccnW"
	goodTS    = "1414587457"
)

func TestCheckFindsURLProblems(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want []string
	}{
		// Negatives: ordinary page URLs give nothing.
		{"a normal https URL", "https://a.com/p?x=1", nil},
		{"the official example (no path before the query)", officialURL, nil},
		{"a host and port", "https://dev.example.com:8443/h5/index.html?from=menu&state=1", nil},
		{"an upper-case scheme", "HTTPS://a.com/p", nil},
		{"a properly encoded query value", "https://a.com/p?redirect=https%3A%2F%2Fb.com%2F&q=100%25off", nil},
		{"an encoded URL inside the query", "https://a.com/cb?u=https%3A%2F%2Fb.com", nil},
		{"a trailing dot host", "https://a.com./p", nil},
		{"a host that starts with digits", "https://163.com/p", nil},
		{"a host with an IP-like label", "https://127.example.com/p", nil},
		{"a plain & in the query", "https://a.com/p?a=1&b=2", nil},
		{"an encoded space", "https://a.com/p%20q?x=a+b", nil},

		{"an empty URL", "", []string{CodeURLEmpty}},
		{"whitespace only", " \n", []string{CodeURLEmpty}},

		{"no scheme", "a.com/p", []string{CodeURLNoScheme}},
		{"a protocol-relative URL", "//a.com/p", []string{CodeURLNoScheme}},
		{"host and port without a scheme", "a.com:8080/p", []string{CodeURLNoScheme}},
		{"localhost and port without a scheme", "localhost:3000", []string{CodeURLNoScheme}},
		{"a path only", "/index.html?x=1", []string{CodeURLNoScheme}},
		{"no slashes after the scheme", "https:a.com/p", []string{CodeURLNoScheme}},

		{"a file URL", "file:///Users/me/index.html", []string{CodeURLNotHTTP}},
		{"an app scheme", "wxwork://jump?x=1", []string{CodeURLNotHTTP}},

		{"a hash route", "https://a.com/#/home?x=1", []string{CodeURLHasHash}},
		{"an empty fragment", "https://a.com/p#", []string{CodeURLHasHash}},

		{"an encoded whole URL", "https%3A%2F%2Fa.com%2Fp%3Fx%3D1", []string{CodeURLEncoded}},
		{"an encoded whole URL, lower-case hex", "http%3a%2f%2fa.com%2fp", []string{CodeURLEncoded}},
		{"a whole URL encoded twice", "https%253A%252F%252Fa.com%252Fp", []string{CodeURLEncoded, CodeURLDoubleEncoded}},

		{"a space encoded twice", "https://a.com/p?q=a%2520b", []string{CodeURLDoubleEncoded}},
		{"a slash encoded twice", "https://a.com/cb?u=https%253A%252F%252Fb.com", []string{CodeURLDoubleEncoded}},

		{"&amp; in the query", "https://a.com/p?a=1&amp;b=2", []string{CodeURLHTMLEscaped}},
		{"&#38; in the query (its # cuts the URL)", "https://a.com/p?a=1&#38;b=2", []string{CodeURLHasHash, CodeURLHTMLEscaped}},
		{"&AMP; in the query", "https://a.com/p?a=1&AMP;b=2", []string{CodeURLHTMLEscaped}},

		{"a trailing newline", "https://a.com/p?x=1\n", []string{CodeURLWhitespace}},
		{"a leading space", " https://a.com/p", []string{CodeURLWhitespace}},
		{"a trailing ideographic space", "https://a.com/p\u3000", []string{CodeURLWhitespace}},
		{"a leading byte-order mark", "\ufeffhttps://a.com/p", []string{CodeURLWhitespace}},
		{"a raw space inside", "https://a.com/my page?x=1", []string{CodeURLWhitespace}},
		{"a tab inside", "https://a.com/p?x=1\t&y=2", []string{CodeURLWhitespace}},
		{"spaces at the end and inside (one warning)", "https://a.com/my page ", []string{CodeURLWhitespace}},
		{"a zero-width space inside", "https://a.com/p\u200b?x=1", []string{CodeURLWhitespace}},

		{"localhost", "http://localhost:5173/", []string{CodeURLLocalhost}},
		{"a .localhost name", "http://app.localhost/", []string{CodeURLLocalhost}},
		{"upper-case LOCALHOST", "http://LOCALHOST/", []string{CodeURLLocalhost}},
		{"127.0.0.1", "http://127.0.0.1:8080/p", []string{CodeURLLocalhost}},
		{"another 127/8 address", "http://127.1.2.3/p", []string{CodeURLLocalhost}},
		{"short-form 127.1", "http://127.1/p", []string{CodeURLLocalhost}},
		{"::1", "http://[::1]:8080/p", []string{CodeURLLocalhost}},
		{"localhost with user info", "http://user:pw@localhost/p", []string{CodeURLLocalhost}},

		{"a LAN IPv4 address", "http://192.168.1.10:8080/p", []string{CodeURLIPHost}},
		{"a public IPv4 address", "https://1.2.3.4/p", []string{CodeURLIPHost}},
		{"an IPv6 address", "http://[2001:db8::1]/p", []string{CodeURLIPHost}},
		{"an IPv6 address with a zone", "http://[fe80::1%25en0]/p", []string{CodeURLIPHost}},
		{"0.0.0.0", "http://0.0.0.0:3000/", []string{CodeURLIPHost}},

		{"a hash and localhost together", "http://localhost:5173/#/home", []string{CodeURLHasHash, CodeURLLocalhost}},
		{"spaces around an encoded URL", " https%3A%2F%2Fa.com ", []string{CodeURLWhitespace, CodeURLEncoded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(Check(goodNonce, goodTS, tt.url))
			if want := append([]string{}, tt.want...); !slices.Equal(got, want) {
				t.Fatalf("Check(url=%q) codes = %v, want %v", tt.url, got, want)
			}
		})
	}
}

func TestCheckWarnsAboutURLsLongerThanOurLimit(t *testing.T) {
	base := "https://a.com/p?x="
	tests := []struct {
		n    int
		want []string
	}{
		{MaxURLBytes, []string{}},
		{MaxURLBytes + 1, []string{CodeURLTooLong}},
	}
	for _, tt := range tests {
		url := base + strings.Repeat("a", tt.n-len(base))
		if got := codes(Check(goodNonce, goodTS, url)); !slices.Equal(got, tt.want) {
			t.Errorf("Check(%d-byte URL) codes = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestCheckFindsTimestampProblems(t *testing.T) {
	tests := []struct {
		ts   string
		want []string
	}{
		{"1414587457", []string{}},
		{"0", []string{}},
		{"99999999999", []string{}}, // 11 digits: year 5138, still seconds
		{"", []string{CodeTimestampNotSeconds}},
		{"1414587457123", []string{CodeTimestampNotSeconds}}, // Date.now()
		{"141458745712", []string{CodeTimestampNotSeconds}},
		{"1414587457.5", []string{CodeTimestampNotSeconds}},
		{"-1", []string{CodeTimestampNotSeconds}},
		{" 1414587457", []string{CodeTimestampNotSeconds}},
		{"2014-10-29T12:57:37Z", []string{CodeTimestampNotSeconds}},
	}
	for _, tt := range tests {
		if got := codes(Check(goodNonce, tt.ts, officialURL)); !slices.Equal(got, tt.want) {
			t.Errorf("Check(timestamp=%q) codes = %v, want %v", tt.ts, got, tt.want)
		}
	}
}

func TestCheckFindsNonceProblems(t *testing.T) {
	tests := []struct {
		nonce string
		want  []string
	}{
		{"Wm3WZYTPz0wzccnW", []string{}},
		{"a", []string{}},
		{"abc_DEF-123", []string{}},
		{strings.Repeat("a", MaxNonceLength), []string{}},
		{"", []string{CodeNonceEmpty}},
		{strings.Repeat("a", MaxNonceLength+1), []string{CodeNonceInvalid}},
		{"abc def", []string{CodeNonceInvalid}},
		{"abc&def=1", []string{CodeNonceInvalid}},
		{"随机串", []string{CodeNonceInvalid}},
		{strings.Repeat("+", MaxNonceLength+1), []string{CodeNonceInvalid, CodeNonceInvalid}},
	}
	for _, tt := range tests {
		if got := codes(Check(tt.nonce, goodTS, officialURL)); !slices.Equal(got, tt.want) {
			t.Errorf("Check(nonce=%q) codes = %v, want %v", tt.nonce, got, tt.want)
		}
	}
}

func TestCheckListsURLThenTimestampThenNonceWarnings(t *testing.T) {
	got := codes(Check("", "1414587457123", "a.com/p#x"))
	want := []string{CodeURLHasHash, CodeURLNoScheme, CodeTimestampNotSeconds, CodeNonceEmpty}
	if !slices.Equal(got, want) {
		t.Fatalf("codes = %v, want %v", got, want)
	}
}

func TestCheckReturnsAnEmptyNonNilSliceForGoodInputs(t *testing.T) {
	ws := Check(goodNonce, goodTS, "https://a.com/p?x=1")
	if ws == nil || len(ws) != 0 {
		t.Fatalf("Check = %#v, want an empty non-nil slice", ws)
	}
}

func TestWarningDetailsQuoteTheOffendingFragment(t *testing.T) {
	tests := []struct {
		url      string
		code     string
		fragment string
	}{
		{"https://a.com/p?x=1#/home", CodeURLHasHash, `"#/home"`},
		{"https://a.com/p?a=1&amp;b=2", CodeURLHTMLEscaped, "&amp;b=2"},
		{"https://a.com/my page", CodeURLWhitespace, `' '`},
		{"https://a.com/p\n", CodeURLWhitespace, `\n`},
		{"ftp://a.com/", CodeURLNotHTTP, `"ftp"`},
		{"http://192.168.1.10/", CodeURLIPHost, `"192.168.1.10"`},
		{"https://a.com/p?q=a%2520b", CodeURLDoubleEncoded, "%2520b"},
	}
	for _, tt := range tests {
		var w *Warning
		ws := Check(goodNonce, goodTS, tt.url)
		for i := range ws {
			if ws[i].Code == tt.code {
				w = &ws[i]
			}
		}
		if w == nil {
			t.Errorf("Check(%q) has no %s: %v", tt.url, tt.code, ws)
			continue
		}
		if !strings.Contains(w.Detail, tt.fragment) {
			t.Errorf("%s detail %q does not quote %s", tt.code, w.Detail, tt.fragment)
		}
		if !strings.Contains(w.DetailZh, tt.fragment) {
			t.Errorf("%s zh-CN detail %q does not quote %s", tt.code, w.DetailZh, tt.fragment)
		}
	}
}

func TestWarningDetailsAreShortForLongInputs(t *testing.T) {
	url := " https://a.com/" + strings.Repeat("p", 10_000) + " x#" + strings.Repeat("h", 10_000) + "&amp;%2520"
	for _, w := range Check(strings.Repeat("n", 10_000), strings.Repeat("9", 10_000), url) {
		if n := utf8.RuneCountInString(w.Detail); n > 200 {
			t.Errorf("%s detail has %d characters: %.80q…", w.Code, n, w.Detail)
		}
	}
}

func TestEveryWarningHasItsDetailInChineseToo(t *testing.T) {
	long := "https://a.com/" + strings.Repeat("p", MaxURLBytes)
	var ws []Warning
	for _, in := range [][3]string{
		{"", "", ""}, {"n!", "abc", " "}, {strings.Repeat("n", MaxNonceLength+1), "1700000000000", long},
		{goodNonce, "170000000000", "https://a.com/my page #x"}, {goodNonce, goodTS, "https%3A%2F%2Fa.com%2F"},
		{goodNonce, goodTS, "https://a.com/p?q=a%2520b&amp;c"}, {goodNonce, goodTS, "a.com/p"}, {goodNonce, goodTS, "ftp://a.com/"},
		{goodNonce, goodTS, "https:a.com/p"}, {goodNonce, goodTS, "http://localhost:3000/"}, {goodNonce, goodTS, "http://192.168.1.10/"},
	} {
		ws = append(ws, Check(in[0], in[1], in[2])...)
	}
	ws = append(ws, Explain(KindCorp, officialTicket, officialNonce, officialTimestamp, "https://a.com/?t="+officialTicket).Warnings...)
	seen := map[string]bool{}
	for _, w := range ws {
		seen[w.Code] = true
		if w.DetailZh == "" || w.DetailZh == w.Detail || !strings.ContainsFunc(w.DetailZh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s: zh-CN detail %q is not Chinese (English: %q)", w.Code, w.DetailZh, w.Detail)
		}
	}
	for _, code := range []string{CodeURLEmpty, CodeURLTooLong, CodeURLWhitespace, CodeURLHasHash, CodeURLEncoded, CodeURLDoubleEncoded,
		CodeURLHTMLEscaped, CodeURLNoScheme, CodeURLNotHTTP, CodeURLLocalhost, CodeURLIPHost, CodeTimestampNotSeconds, CodeNonceEmpty,
		CodeNonceInvalid, CodeTicketInInput} {
		if !seen[code] {
			t.Errorf("no input gave %s: the test does not cover it", code)
		}
	}
}
