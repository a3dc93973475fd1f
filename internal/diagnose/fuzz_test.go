package diagnose

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"wecomdev/internal/jssdk"
)

// diagnoseSeeds are pairs the fuzzers start from: every code, and odd inputs.
var diagnoseSeeds = [][2]string{
	{"http://h5.example.com:80/orders/?from=menu", site + "/orders?from=menu"},
	{site + "/p?name=张三", site + "/p?name=%E5%BC%A0%E4%B8%89"},
	{site + "/index.html", site + "/#/orders"},
	{site + "/p?a=1&amp;b=2\n", site + "/p?b=2&a=1&from=singlemessage&isappinstalled=0"},
	{"https%253A%252F%252Fh5.example.com%252Fp", site + "/p"},
	{site + "/cb?code=OLD&state=s", site + "/cb?code=NEW&state=s#x"},
	{"https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww1#wechat_redirect", site + "/cb?code=C"},
	{"/p?", "h5.example.com:8080/p?&&"},
	{"https://[::1]:443/%zz%", "HTTPS:\\\\[::1]/%ZZ"},
	{"\xff\xfe#\xfd", "\u3000\xff?\xfe&#38;"},
	{"", "#"},
	{"a:b:c@d:e/f?g#h", "a:b:c@D:e/f/?g"},
}

// FuzzDiagnose: no panic; the same answer twice; Match exactly when the signed URL equals
// the page URL without its hash; no findings when it matches, at least one (each known,
// each bilingual, one per code) when not; the segments join back into the inputs.
func FuzzDiagnose(f *testing.F) {
	for _, s := range diagnoseSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, signed, page string) {
		r := Diagnose(signed, page)
		if again := Diagnose(signed, page); !reflect.DeepEqual(r, again) {
			t.Fatalf("two answers for %q / %q", signed, page)
		}
		cut := jssdk.CutHash(page)
		if r.Match != (signed == cut) {
			t.Fatalf("Match = %v for %q / %q", r.Match, signed, cut)
		}
		if r.Findings == nil || r.Match != (len(r.Findings) == 0) {
			t.Fatalf("match %v with findings %v", r.Match, r.Findings)
		}
		seen := map[string]bool{}
		for _, fd := range r.Findings {
			if seen[fd.Code] || !slices.Contains(FindingCodes(), fd.Code) {
				t.Fatalf("code %q repeated or unknown in %v", fd.Code, codesOf(r.Findings))
			}
			seen[fd.Code] = true
			if fd.Message.ZhCN == "" || fd.Message.EnUS == "" || fd.Fix.ZhCN == "" || fd.Fix.EnUS == "" {
				t.Fatalf("%s has an empty text", fd.Code)
			}
		}
		join := func(ss []Segment) string {
			var b strings.Builder
			for _, s := range ss {
				b.WriteString(s.Text)
			}
			return b.String()
		}
		if join(r.SignedSegments) != signed || join(r.PageSegments) != page {
			t.Fatalf("segments do not join back into %q / %q", signed, page)
		}
		if r.Signed.String() != signed || r.Page.String() != page {
			t.Fatalf("ParseURL lost bytes of %q / %q", signed, page)
		}
	})
}

// FuzzVariants: no panic, at most MaxVariants distinct URLs, none equal to the page URL,
// and each one reported by Diagnose under its own code.
func FuzzVariants(f *testing.F) {
	for _, p := range variantPages {
		f.Add(p)
	}
	for _, s := range diagnoseSeeds {
		f.Add(s[1])
	}
	f.Fuzz(func(t *testing.T, page string) {
		vs := Variants(page)
		if len(vs) > MaxVariants {
			t.Fatalf("%d variants", len(vs))
		}
		_, trimmed, _ := splitSpace(page)
		seen := map[string]bool{}
		for _, v := range vs {
			if seen[v.URL] {
				t.Fatalf("variant %q twice", v.URL)
			}
			seen[v.URL] = true
			r := Diagnose(v.URL, trimmed)
			if r.Match || !slices.Contains(codesOf(r.Findings), v.Code) {
				t.Fatalf("page %q: variant %q tagged %s, Diagnose says match %v %v", trimmed, v.URL, v.Code, r.Match, codesOf(r.Findings))
			}
		}
	})
}

// FuzzExplainText: no panic, the same answer twice, and a matched text always has a
// cause and a fix in both languages.
func FuzzExplainText(f *testing.F) {
	for _, s := range []string{
		"config:invalid signature", `{"errMsg":"config:invalid signature"}`, "40093", "-1", "errcode",
		"agentConfig:invalid signature more info at https://open.work.weixin.qq.com/devtool/query?e=40093",
		`{ errCode: 2, err_Info: "invalid signature", errMsg: "config:fail" }`, "?e=", "e=99999999999",
		"from ip: ", "is not a function", "\xff:\xfe", "İ is not a function", "errcode:-", ":a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := ExplainText(text)
		if again := ExplainText(text); !reflect.DeepEqual(e, again) {
			t.Fatalf("two answers for %q", text)
		}
		if e.Cause.ZhCN == "" || e.Cause.EnUS == "" || e.Fix.ZhCN == "" || e.Fix.EnUS == "" {
			t.Fatalf("empty text for %q: %+v", text, e)
		}
		if e.Matched && e.Kind == "" {
			t.Fatalf("matched without a kind: %q", text)
		}
	})
}
