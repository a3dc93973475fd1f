package wecom

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The UI's sidebar in English (frontend/src/i18n/locales/en-US.json, nav). A zh-CN text
// names the areas as the zh-CN sidebar does (配置, 凭证, 签名, 开发服务器, 隧道, 诊断, 加入群聊,
// 设置), never by these names.
var englishAreaNames = []string{"Profiles", "Tickets", "Signature", "Dev server", "Tunnel", "Diagnose", "Join way", "Settings"}

// goSources parses every non-test Go file of internal/ and app/: the texts a user reads
// that Go makes (wecom.Text and the helpers that build one).
func goSources(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, root := range []string{"../../internal", "../../app"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d Go files found under internal/ and app/: the walk is looking in the wrong place", len(files))
	}
	return fset, files
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// inEnglishName reports the English area name s contains as a word, if any.
func inEnglishName(s string) string {
	for _, name := range englishAreaNames {
		for i := strings.Index(s, name); i >= 0; {
			before, after := i == 0 || !isWordByte(s[i-1]), i+len(name) == len(s) || !isWordByte(s[i+len(name)])
			if before && after {
				return name
			}
			j := strings.Index(s[i+1:], name)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return ""
}

func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func TestNoChineseTextNamesAnAreaByItsEnglishName(t *testing.T) {
	fset, files := goSources(t)
	seen := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !hasHan(s) {
				return true
			}
			seen++
			if name := inEnglishName(s); name != "" {
				t.Errorf("%s: a Chinese text names the area %q in English (the zh-CN sidebar names it otherwise): %.80s", fset.Position(lit.Pos()), name, s)
			}
			return true
		})
	}
	if seen < 100 {
		t.Fatalf("only %d Chinese strings found: the check is not looking at the texts", seen)
	}
}

func TestTheEnglishAreaNameCheckFindsTheNamesItLooksFor(t *testing.T) {
	for s, want := range map[string]string{
		"在「Profiles」中核对":  "Profiles",
		"在 Tickets 里刷新":   "Tickets",
		"用 Dev server 打开": "Dev server",
		"见 Join way。":     "Join way",
		"在「配置」中核对":        "",
		"signature 与 URL": "",
		"SignatureFormat": "",
		"TunnelURL 不通":    "",
	} {
		if got := inEnglishName(s); got != want {
			t.Errorf("inEnglishName(%q) = %q, want %q", s, got, want)
		}
	}
}

// bilingual is a text built from a Chinese and an English expression.
type bilingual struct {
	pos    token.Pos
	zh, en ast.Expr
}

// bilinguals finds Text{ZhCN: zh, EnUS: en}, Text{zh, en}, wecom.Text{…} and the helpers
// that build one from (zh, en): diagnose's tx(zh, en), the emulator's warn(code, zh, en) and
// jssdk's warn(ws, code, zh, en).
func bilinguals(f *ast.File) []bilingual {
	var out []bilingual
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			if !isTextType(x.Type) || len(x.Elts) != 2 {
				return true
			}
			b := bilingual{pos: x.Pos()}
			for i, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					switch key, _ := kv.Key.(*ast.Ident); {
					case key != nil && key.Name == "ZhCN":
						b.zh = kv.Value
					case key != nil && key.Name == "EnUS":
						b.en = kv.Value
					}
				} else if i == 0 {
					b.zh = e
				} else {
					b.en = e
				}
			}
			if b.zh != nil && b.en != nil {
				out = append(out, b)
			}
		case *ast.CallExpr:
			fn, ok := x.Fun.(*ast.Ident)
			switch {
			case ok && fn.Name == "tx" && len(x.Args) == 2:
				out = append(out, bilingual{x.Pos(), x.Args[0], x.Args[1]})
			case ok && fn.Name == "warn" && len(x.Args) == 3:
				out = append(out, bilingual{x.Pos(), x.Args[1], x.Args[2]})
			case ok && fn.Name == "warn" && len(x.Args) == 4: // jssdk's warn(ws, code, zh, en)
				out = append(out, bilingual{x.Pos(), x.Args[2], x.Args[3]})
			}
		}
		return true
	})
	return out
}

func isTextType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "Text"
	case *ast.SelectorExpr:
		p, ok := x.X.(*ast.Ident)
		return ok && p.Name == "wecom" && x.Sel.Name == "Text"
	}
	return false
}

func TestNoTextGivesTheSameWordsInBothLanguages(t *testing.T) {
	fset, files := goSources(t)
	seen := 0
	for _, f := range files {
		for _, b := range bilinguals(f) {
			seen++
			zh, en := source(fset, b.zh), source(fset, b.en)
			if zh == en && zh != `""` {
				t.Errorf("%s: the zh-CN text is the English one (%s): give it a Chinese text", fset.Position(b.pos), zh)
			}
			if s, ok := stringValue(b.zh); ok && !hasHan(s) && strings.ContainsRune(s, ' ') {
				t.Errorf("%s: the zh-CN text has no Chinese: %.80s", fset.Position(b.pos), s)
			}
		}
	}
	if seen < 100 {
		t.Fatalf("only %d bilingual texts found: the check is not looking at the texts", seen)
	}
}

func source(fset *token.FileSet, e ast.Expr) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, fset, e); err != nil {
		return ""
	}
	return buf.String()
}

// stringValue is the value of a string literal or a + of string literals.
func stringValue(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := stringValue(x.X)
		b, ok2 := stringValue(x.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return stringValue(x.X)
	}
	return "", false
}
