package diagnose

import (
	"slices"
	"strings"
	"testing"
)

// variantPages are real-looking page URLs (location.href) to make variants of.
var variantPages = []string{
	site + "/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0#/orders",
	site + "/h5/index.html?corpid=ww1&agentid=1000002",
	"http://dev.example.com:8080/%E6%B4%BB%E5%8A%A8/signup?q=a+b",
	"https://H5.Example.com/auth/callback?code=abc&state=xyz",
	site + "/",
	site,
	"http://mp.weixin.qq.com?params=value",
	site + "/search?q=%20x%20&page=2",
	site + "/a/b/c/",
	"  " + site + "/p?x=1\n",
	"h5.example.com/p?b=2&a=1",
}

func TestEachVariantIsReportedByDiagnoseUnderItsCode(t *testing.T) {
	for _, page := range variantPages {
		_, trimmed, _ := splitSpace(page)
		for _, v := range Variants(page) {
			r := Diagnose(v.URL, trimmed)
			if r.Match {
				t.Errorf("page %q: variant %s %q matches the page", page, v.Code, v.URL)
				continue
			}
			if !slices.Contains(codesOf(r.Findings), v.Code) {
				t.Errorf("page %q: variant %q is tagged %s but Diagnose says %v", page, v.URL, v.Code, codesOf(r.Findings))
			}
		}
	}
}

func TestVariantsAreBoundedAndDistinct(t *testing.T) {
	long := site + "/p?" + strings.Repeat("k=v&", 40) + "from=singlemessage#x"
	for _, page := range append(slices.Clone(variantPages), long) {
		vs := Variants(page)
		if len(vs) == 0 || len(vs) > MaxVariants {
			t.Errorf("%q: %d variants", page, len(vs))
		}
		seen := map[string]bool{}
		for _, v := range vs {
			if seen[v.URL] {
				t.Errorf("%q: variant %q twice", page, v.URL)
			}
			seen[v.URL] = true
		}
	}
}

func TestVariantsCoverTheUsualMistakes(t *testing.T) {
	page := site + "/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0#/orders"
	base := site + "/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"
	want := []Variant{
		{CodeHashIncluded, page},
		{CodeTrailingSlash, site + "/app?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"},
		{CodeIndexFile, site + "/app/index.html?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"},
		{CodeScheme, "http://h5.example.com/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"},
		{CodePort, "https://h5.example.com:443/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"},
		{CodeQueryEncoding, site + "/app/?name=张三&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0"},
		{CodeQueryEncoding, encodeComponent(base)},
		{CodeHTMLEscaped, site + "/app/?name=%E5%BC%A0%E4%B8%89&amp;code=CODE_1&amp;state=STATE&amp;from=singlemessage&amp;isappinstalled=0"},
		{CodeQueryOrder, site + "/app/?code=CODE_1&from=singlemessage&isappinstalled=0&name=%E5%BC%A0%E4%B8%89&state=STATE"},
		{CodeOAuthParams, site + "/app/?name=%E5%BC%A0%E4%B8%89&from=singlemessage&isappinstalled=0"},
		{CodeQueryExtra, site + "/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE"},
		{CodeQueryExtra, site + "/app/"},
		{CodeWhitespace, base + "\n"},
		{CodePath, site + "/"},
	}
	got := Variants(page)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing variant %s %q", w.Code, w.URL)
		}
	}
}

func TestAnEmptyPageURLHasNoVariants(t *testing.T) {
	if vs := Variants(" \n"); vs == nil || len(vs) != 0 {
		t.Errorf("Variants(blank) = %#v, want an empty non-nil slice", vs)
	}
}
