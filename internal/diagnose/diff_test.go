package diagnose

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const site = "https://h5.example.com"

func TestDiagnoseNamesEachKindOfDifference(t *testing.T) {
	tests := []struct {
		name         string
		signed, page string
		want         string
	}{
		{"a hash route that was signed", site + "/app/#/orders", site + "/app/#/orders", CodeHashIncluded},
		{"an anchor the page does not have", site + "/app/?id=7#top", site + "/app/?id=7", CodeHashIncluded},

		{"a trailing slash the page lacks", site + "/orders/", site + "/orders", CodeTrailingSlash},
		{"a missing trailing slash", site + "/orders", site + "/orders/", CodeTrailingSlash},
		{"no path against the root path", site, site + "/", CodeTrailingSlash},

		{"index.html against the directory", site + "/h5/index.html", site + "/h5/", CodeIndexFile},
		{"index.aspx against the site root", "http://www.abc.com/index.aspx", "http://www.abc.com/", CodeIndexFile},
		{"the directory against index.php with a query", site + "/shop/?id=3", site + "/shop/index.php?id=3", CodeIndexFile},
		{"a hash-routed app that moved on from its landing /index.html", site + "/index.html", site + "/#/orders", CodeIndexFile},

		{"http against https", "http://h5.example.com/p?x=1", site + "/p?x=1", CodeScheme},
		{"no scheme", "h5.example.com/p", site + "/p", CodeScheme},
		{"a protocol-relative URL", "//h5.example.com/p", site + "/p", CodeScheme},
		{"an upper-case scheme", "HTTPS://h5.example.com/p", site + "/p", CodeScheme},
		{"one slash after the scheme", "https:/h5.example.com/p", site + "/p", CodeScheme},

		{"the default port :443 written out", "https://h5.example.com:443/p", site + "/p", CodePort},
		{"the default port :80 written out", "http://h5.example.com:80/p", "http://h5.example.com/p", CodePort},
		{"a port a proxy dropped", "https://dev.example.com/p", "https://dev.example.com:8443/p", CodePort},
		{"another port", "http://dev.example.com:8080/p", "http://dev.example.com:8889/p", CodePort},

		{"the host in another letter case", "https://H5.Example.com/p", site + "/p", CodeHostCase},
		{"another host", "https://www.example.com/p", site + "/p", CodeHost},
		{"the OAuth authorize URL", "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1&redirect_uri=https%3A%2F%2Fh5.example.com%2Fcb&response_type=code&scope=snsapi_base&state=s",
			site + "/cb?code=CODE1&state=s", CodeHost},

		{"a history-routed app that moved on", site + "/app/home", site + "/app/orders/42", CodePath},
		{"the path in another letter case", site + "/App/Home", site + "/app/home", CodePath},

		{"a Chinese query value not encoded", site + "/p?name=张三", site + "/p?name=%E5%BC%A0%E4%B8%89", CodeQueryEncoding},
		{"lower-case escapes", site + "/p?name=%e5%bc%a0%e4%b8%89", site + "/p?name=%E5%BC%A0%E4%B8%89", CodeQueryEncoding},
		{"a Chinese path not encoded", site + "/活动/报名", site + "/%E6%B4%BB%E5%8A%A8/%E6%8A%A5%E5%90%8D", CodeQueryEncoding},
		{"a value encoded twice", site + "/p?name=%25E5%25BC%25A0", site + "/p?name=%E5%BC%A0", CodeQueryEncoding},
		{"a plus against %20", site + "/search?q=a+b", site + "/search?q=a%20b", CodeQueryEncoding},
		{"a redirect value decoded", site + "/cb?redirect=https://b.example.com/x", site + "/cb?redirect=https%3A%2F%2Fb.example.com%2Fx", CodeQueryEncoding},
		{"the query encoded as a whole", site + "/p?a%3D1%26b%3D2", site + "/p?a=1&b=2", CodeQueryEncoding},
		{"the whole URL encoded", "https%3A%2F%2Fh5.example.com%2Fp%3Fid%3D1", site + "/p?id=1", CodeQueryEncoding},
		{"the whole URL encoded twice", "https%253A%252F%252Fh5.example.com%252Fp", site + "/p", CodeQueryEncoding},

		{"&amp; in the signed URL", site + "/p?a=1&amp;b=2", site + "/p?a=1&b=2", CodeHTMLEscaped},
		{"&#38; in the signed URL", site + "/p?a=1&#38;b=2", site + "/p?a=1&b=2", CodeHTMLEscaped},
		{"&amp; in the pasted page URL", site + "/p?a=1&b=2", site + "/p?a=1&amp;b=2", CodeHTMLEscaped},

		{"parameters sorted by the backend", site + "/p?agentid=1000002&corpid=ww1", site + "/p?corpid=ww1&agentid=1000002", CodeQueryOrder},

		{"a shared link's from= and isappinstalled=", site + "/news?id=9", site + "/news?id=9&from=singlemessage&isappinstalled=0", CodeQueryExtra},
		{"the query left out", site + "/news", site + "/news?id=9", CodeQueryExtra},
		{"a parameter the server added", site + "/news?id=9&t=1700000000", site + "/news?id=9", CodeQueryMissing},

		{"the redirect_uri signed instead of the page after OAuth", site + "/auth/callback", site + "/auth/callback?code=CODE_abc123&state=STATE", CodeOAuthParams},
		{"code and state the page already removed", site + "/auth/callback?code=CODE_abc123&state=STATE", site + "/auth/callback", CodeOAuthParams},
		{"an earlier visit's code", site + "/cb?code=OLD&state=s", site + "/cb?code=NEW&state=s", CodeOAuthParams},

		{"a trailing newline", site + "/p?x=1\n", site + "/p?x=1", CodeWhitespace},
		{"a leading space", " " + site + "/p", site + "/p", CodeWhitespace},
		{"an ideographic space pasted after the page URL", site + "/p", site + "/p\u3000", CodeWhitespace},

		{"a bare question mark", site + "/p?", site + "/p", CodeOther},
		{"a stray ampersand", site + "/p?a=1&&b=2", site + "/p?a=1&b=2", CodeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diagnose(tt.signed, tt.page)
			if r.Match {
				t.Fatal("Match = true for different URLs")
			}
			if got := codesOf(r.Findings); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("codes = %v, want [%s]", got, tt.want)
				for _, f := range r.Findings {
					t.Log(f.Message.EnUS)
				}
			}
			for _, f := range r.Findings {
				checkFindingTexts(t, f)
			}
		})
	}
}

func TestDiagnoseReportsSeveralFindingsAtOnce(t *testing.T) {
	tests := []struct {
		name         string
		signed, page string
		want         []string
	}{
		{"scheme, default port and trailing slash", "http://h5.example.com:80/orders/?from=menu", site + "/orders?from=menu",
			[]string{CodeScheme, CodePort, CodeTrailingSlash}},
		{"hash, scheme, sorted and shared", "http://h5.example.com/p?a=1&b=2#x", site + "/p?b=2&a=1&from=singlemessage",
			[]string{CodeHashIncluded, CodeScheme, CodeQueryOrder, CodeQueryExtra}},
		{"an OAuth return of a shared link", site + "/cb", site + "/cb?code=abc&state=s&from=singlemessage",
			[]string{CodeOAuthParams, CodeQueryExtra}},
		{"decoded and reordered Chinese values", site + "/p?city=北京&name=张三", site + "/p?name=%E5%BC%A0%E4%B8%89&city=%E5%8C%97%E4%BA%AC",
			[]string{CodeQueryEncoding, CodeQueryOrder}},
		{"a newline and &amp;", site + "/p?a=1&amp;b=2\n", site + "/p?a=1&b=2",
			[]string{CodeWhitespace, CodeHTMLEscaped}},
		{"host case, :443 and index.html", "https://H5.example.com:443/index.html", site + "/",
			[]string{CodeHostCase, CodePort, CodeIndexFile}},
		{"a value that changed", site + "/list?page=1", site + "/list?page=2",
			[]string{CodeQueryExtra, CodeQueryMissing}},
		{"the OAuth authorize URL, #wechat_redirect and all", "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1&redirect_uri=x&state=s#wechat_redirect", site + "/cb?code=C&state=s",
			[]string{CodeHashIncluded, CodeHost}},
		{"a path without host or scheme", "/p?x=1", site + "/p?x=1",
			[]string{CodeScheme, CodeHost}},
		{"an encoded whole URL that also kept its hash", "https%3A%2F%2Fh5.example.com%2F%23%2Forders", site + "/#/orders",
			[]string{CodeQueryEncoding, CodeHashIncluded}},
		{"a trailing slash and a Chinese path in another encoding", site + "/活动/", site + "/%E6%B4%BB%E5%8A%A8",
			[]string{CodeQueryEncoding, CodeTrailingSlash}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diagnose(tt.signed, tt.page)
			if got := codesOf(r.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("codes = %v, want %v", got, tt.want)
				for _, f := range r.Findings {
					t.Log(f.Message.EnUS)
				}
			}
		})
	}
}

func TestIdenticalURLsMatchWithNoFindings(t *testing.T) {
	for _, u := range []string{
		site + "/p?name=%E5%BC%A0%E4%B8%89&from=singlemessage&isappinstalled=0",
		"http://mp.weixin.qq.com?params=value",
		"",
		"not a URL at all",
	} {
		r := Diagnose(u, u)
		if !r.Match || len(r.Findings) != 0 || r.Findings == nil {
			t.Errorf("Diagnose(%q, same) = match %v, findings %v (nil %v)", u, r.Match, r.Findings, r.Findings == nil)
		}
		for _, s := range append(r.SignedSegments, r.PageSegments...) {
			if s.Differs {
				t.Errorf("Diagnose(%q, same) marks %q as differing", u, s.Text)
			}
		}
	}
}

func TestThePagesOwnHashIsNotAMismatch(t *testing.T) {
	r := Diagnose(site+"/app/?id=7", site+"/app/?id=7#/orders/42?tab=1")
	if !r.Match || len(r.Findings) != 0 {
		t.Fatalf("match %v, findings %v", r.Match, codesOf(r.Findings))
	}
	if r.PageCut != site+"/app/?id=7" {
		t.Errorf("PageCut = %q", r.PageCut)
	}
	last := r.PageSegments[len(r.PageSegments)-1]
	if last != (Segment{Text: "#/orders/42?tab=1", Ignored: true}) {
		t.Errorf("last page segment = %+v, want the hash, ignored", last)
	}
}

func TestAMatchNeedsEveryByte(t *testing.T) {
	// Percent-escapes in another case are "the same URL" to a browser, not to WeCom.
	r := Diagnose(site+"/p?n=%e5", site+"/p?n=%E5")
	if r.Match {
		t.Fatal("Match = true for URLs that differ in the case of an escape")
	}
}

func TestFindingsQuoteTheDifferingFragments(t *testing.T) {
	tests := []struct {
		name, signed, page string
		code               string
		wantSigned         string
		wantPage           string
	}{
		{"scheme", "http://h5.example.com/p", site + "/p", CodeScheme, "http", "https"},
		{"port", "https://h5.example.com:443/p", site + "/p", CodePort, ":443", ""},
		{"hash", site + "/#/home", site + "/", CodeHashIncluded, "#/home", ""},
		{"query encoding", site + "/p?name=张三", site + "/p?name=%E5%BC%A0%E4%B8%89", CodeQueryEncoding, "name=张三", "name=%E5%BC%A0%E4%B8%89"},
		{"share parameters", site + "/n?id=9", site + "/n?id=9&from=singlemessage&isappinstalled=0", CodeQueryExtra, "", "from=singlemessage&isappinstalled=0"},
		{"oauth", site + "/cb", site + "/cb?code=C1&state=S", CodeOAuthParams, "", "code=C1&state=S"},
		{"whitespace", site + "/p\n", site + "/p", CodeWhitespace, "\n", ""},
		{"host case", "https://H5.example.com/", site + "/", CodeHostCase, "H5.example.com", "h5.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diagnose(tt.signed, tt.page)
			i := slices.IndexFunc(r.Findings, func(f Finding) bool { return f.Code == tt.code })
			if i < 0 {
				t.Fatalf("no %s in %v", tt.code, codesOf(r.Findings))
			}
			f := r.Findings[i]
			if f.Signed != tt.wantSigned || f.Page != tt.wantPage {
				t.Errorf("fragments = %q / %q, want %q / %q", f.Signed, f.Page, tt.wantSigned, tt.wantPage)
			}
			for _, frag := range append(strings.Split(tt.wantSigned, "&"), strings.Split(tt.wantPage, "&")...) {
				if frag == "" {
					continue
				}
				quoted := strings.Trim(q(frag), `"`)
				if !strings.Contains(f.Message.EnUS, quoted) || !strings.Contains(f.Message.ZhCN, quoted) {
					t.Errorf("message does not quote %q:\n%s\n%s", frag, f.Message.EnUS, f.Message.ZhCN)
				}
			}
		})
	}
}

func TestSegmentsJoinBackIntoTheInputsAndMarkTheDifference(t *testing.T) {
	signed, page := "http://h5.example.com:80/orders/?from=menu", site+"/orders?from=menu#/x"
	r := Diagnose(signed, page)
	join := func(ss []Segment) (all, diff string) {
		for _, s := range ss {
			all += s.Text
			if s.Differs {
				diff += "[" + s.Text + "]"
			}
		}
		return all, diff
	}
	all, diff := join(r.SignedSegments)
	if all != signed || diff != "[http][:80][/]" {
		t.Errorf("signed segments join to %q with differences %s", all, diff)
	}
	all, diff = join(r.PageSegments)
	if all != page || diff != "[https]" {
		t.Errorf("page segments join to %q with differences %s", all, diff)
	}
}

func TestParseURLCutsLenientlyAndLosesNothing(t *testing.T) {
	tests := []struct {
		in   string
		want URLParts
	}{
		{"https://user@H5.example.com:8443/a/b?x=1&y=2#/r?z", URLParts{Scheme: "https", Separator: "://", UserInfo: "user@", Host: "H5.example.com", Port: ":8443", Path: "/a/b", Query: "?x=1&y=2", Hash: "#/r?z"}},
		{" http://[::1]:80/\n", URLParts{Lead: " ", Scheme: "http", Separator: "://", Host: "[::1]", Port: ":80", Path: "/", Trail: "\n"}},
		{"h5.example.com:8080/p", URLParts{Host: "h5.example.com", Port: ":8080", Path: "/p"}},
		{"//h5.example.com", URLParts{Separator: "//", Host: "h5.example.com"}},
		{"/p?x", URLParts{Path: "/p", Query: "?x"}},
		{"https:a.com", URLParts{Scheme: "https", Separator: ":", Host: "a.com"}},
		{"https%3A%2F%2Fa.com", URLParts{Host: "https%3A%2F%2Fa.com"}},
		{"", URLParts{}},
	}
	for _, tt := range tests {
		got := ParseURL(tt.in)
		if got != tt.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseURL(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestTheCLIGetsOneLanguage(t *testing.T) {
	r := Diagnose("http://h5.example.com/p", site+"/p")
	b, err := json.Marshal(Localize(r.Findings, "zh-CN"))
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0]) != 3 || got[0]["code"] != CodeScheme || got[0]["message"] != r.Findings[0].Message.ZhCN {
		t.Errorf("localized JSON = %s", b)
	}
	if en := r.Findings[0].Lang("en-US"); en.Fix != r.Findings[0].Fix.EnUS {
		t.Errorf("Lang(en-US).Fix = %q", en.Fix)
	}
}

func TestAResultEncodesFindingsAsAnArray(t *testing.T) {
	b, err := json.Marshal(Diagnose(site, site))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"match":true`, `"findings":[]`, `"signedSegments":[`, `"pageSegments":[`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}

// Inside WeCom every platform verifies the current URL; the landing-URL rule is WeChat's
// (@wecom/jssdk 2.4.4 ConfigTask; docs/wecom-facts.md).
func TestAnotherPathIsFixedBySigningTheCurrentURLOnEveryPlatform(t *testing.T) {
	r := Diagnose(site+"/app/home", site+"/app/orders/7")
	if len(r.Findings) != 1 || r.Findings[0].Code != CodePath {
		t.Fatalf("findings = %v", codesOf(r.Findings))
	}
	fix := r.Findings[0].Fix
	for _, s := range []string{fix.EnUS, fix.ZhCN} {
		if !strings.Contains(s, "location.href") {
			t.Errorf("the fix does not say to sign the current URL: %s", s)
		}
	}
	if !strings.Contains(fix.EnUS, "every platform") || !strings.Contains(fix.EnUS, "WeChat's rule") || !strings.Contains(fix.ZhCN, "不适用于企业微信") {
		t.Errorf("the fix does not say the landing-URL rule is WeChat's: %s / %s", fix.EnUS, fix.ZhCN)
	}
	if strings.Contains(fix.EnUS, "there sign the URL the app was entered with") {
		t.Errorf("the fix still tells WeCom iOS users to sign the landing URL: %s", fix.EnUS)
	}
}
