package devserver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wecomdev/internal/wecom"
)

func TestTheCommonRefusalsAreLoggedInChineseTooWhileTheHTTPAnswerStaysEnglish(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("h5.example.com")
	for _, tc := range []struct {
		name, target, origin, endpoint string
		status                         int
		en, zh                         string
	}{
		{"host not allowed", PathConfigSignature + "?url=" + url.QueryEscape("https://evil.example.com/p"), "", EndpointConfigSignature,
			http.StatusForbidden, "evil.example.com is not an allowed host", "evil.example.com 不是允许的主机"},
		{"no scheme", PathConfigSignature + "?url=" + url.QueryEscape("/app/page"), "", EndpointConfigSignature,
			http.StatusBadRequest, "has no scheme", "没有协议头"},
		{"origin not allowed", PathConfigSignature + "?url=" + url.QueryEscape("https://h5.example.com/p"), "https://evil.example.com", EndpointConfigSignature,
			http.StatusForbidden, "may not call this server", "不能调用本服务器"},
	} {
		var header []string
		if tc.origin != "" {
			header = []string{"Origin", tc.origin}
		}
		w := get(t, s, tc.target, header...)
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.name, w.Code, tc.status, w.Body)
			continue
		}
		if body := w.Body.String(); !strings.Contains(body, tc.en) || strings.Contains(body, tc.zh) {
			t.Errorf("%s: the HTTP answer is not the English one: %s", tc.name, body)
		}
		e := lastEntry(t, s, tc.endpoint)
		if !strings.Contains(e.Message, tc.en) || !strings.Contains(e.MessageZhCN, tc.zh) {
			t.Errorf("%s: logged %q / %q", tc.name, e.Message, e.MessageZhCN)
		}
		if tc.name != "no scheme" && !strings.Contains(e.MessageZhCN, "「配置 → 可信域名」") {
			t.Errorf("%s: the Chinese text does not point to 配置 → 可信域名: %s", tc.name, e.MessageZhCN)
		}
	}
}

// TestEveryRefusalHasAChineseText walks the package's source: no refusal is written with
// fail (English only) outside failText, and every wecom.Text literal has a ZhCN and an
// EnUS that are not empty. A refusal added with s.fail, or with only English, fails here.
func TestEveryRefusalHasAChineseText(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	walked, refusals := 0, 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		walked++
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					switch sel.Sel.Name {
					case "fail":
						if fn.Name.Name != "failText" {
							t.Errorf("%s: %s refuses with fail, in English only: use failText with a wecom.Text", fset.Position(n.Pos()), fn.Name.Name)
						}
					case "failText":
						refusals++
					}
				case *ast.CompositeLit:
					if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Text" {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == "wecom" {
							checkTextLiteral(t, fset, n)
						}
					}
				}
				return true
			})
		}
	}
	if walked < 10 || refusals < 60 {
		t.Fatalf("walked %d files and %d failText calls: the walk did not find the package's refusals", walked, refusals)
	}
	for name, text := range map[string]wecom.Text{
		"textMethod":    textMethod("PUT", "GET"),
		"textNotFound":  textNotFound("/x", "接口在别处", "the endpoints are elsewhere"),
		"textNotFound0": textNotFound("/x", "", ""),
		"textBadSID":    textBadSID,
		"textBadQuery":  textBadQuery("如此", "so"),
	} {
		if text.ZhCN == "" || text.EnUS == "" || text.ZhCN == text.EnUS {
			t.Errorf("%s gives %+v: want a Chinese and an English text", name, text)
		}
	}
}

// checkTextLiteral fails a wecom.Text literal without both languages.
func checkTextLiteral(t *testing.T, fset *token.FileSet, lit *ast.CompositeLit) {
	t.Helper()
	fields := map[string]ast.Expr{}
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				fields[k.Name] = kv.Value
			}
		} else if i < 2 { // positional: {ZhCN, EnUS}
			fields[[]string{"ZhCN", "EnUS"}[i]] = el
		}
	}
	for _, k := range []string{"ZhCN", "EnUS"} {
		v, ok := fields[k]
		if !ok {
			t.Errorf("%s: a wecom.Text without %s", fset.Position(lit.Pos()), k)
			continue
		}
		if b, ok := v.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, _ := strconv.Unquote(b.Value); strings.TrimSpace(s) == "" {
				t.Errorf("%s: a wecom.Text with an empty %s", fset.Position(lit.Pos()), k)
			}
		}
	}
}

func TestRefusalsBeyondTheCommonOnesAreLoggedInChineseNamingTheWindowsAreas(t *testing.T) {
	fakeBuild(t, nil)
	s, _ := newPhoneServer(t, Options{})
	w := get(t, s, PathTestPage)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "the phone-side pages are not built") || strings.Contains(w.Body.String(), "手机端") {
		t.Fatalf("the HTTP answer is not the English one: %d %s", w.Code, w.Body)
	}
	if e := lastEntry(t, s, EndpointPhone); !strings.Contains(e.MessageZhCN, "没有内置手机端页面") || !strings.Contains(e.MessageZhCN, "make frontend") {
		t.Errorf("the phone-not-built refusal logged %q in Chinese", e.MessageZhCN)
	}

	s.SetEmulator(false)
	w = post(t, s, PathEmulatorVerify, `{"api":"config","pageUrl":"http://127.0.0.1:8787/p","params":{}}`)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "the WeCom client emulator is off") {
		t.Fatalf("emulator off: %d %s", w.Code, w.Body)
	}
	if e := lastEntry(t, s, EndpointEmulator); !strings.Contains(e.MessageZhCN, "模拟器没有打开") || !strings.Contains(e.MessageZhCN, "「开发服务器 → 模拟企业微信客户端」") {
		t.Errorf("the emulator-off refusal logged %q in Chinese: it names the area as the window does", e.MessageZhCN)
	}
}

func TestTheHostRefusalsEnglishNamesTheTrustedDomainsAsTheWindowDoes(t *testing.T) {
	s, b := newTestServer(t, Options{})
	b.setDomains("h5.example.com")
	w := get(t, s, PathConfigSignature+"?url="+url.QueryEscape("https://evil.example.com/p"))
	if body := w.Body.String(); !strings.Contains(body, "(Profiles → Trusted domains)") || strings.Contains(body, "{tool:") {
		t.Errorf("the English refusal does not name Profiles → Trusted domains: %s", body)
	}
}
