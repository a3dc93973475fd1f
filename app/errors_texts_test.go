package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"wecomdev/internal/tickets"
)

// The UI translates an error by its code (frontend i18n key errors.CODE, see
// frontend/src/composables/useErrorText.ts); a code without a text in one language shows
// Go's English message there instead.
func TestEveryErrorCodeTheServicesReturnHasAChineseAndAnEnglishText(t *testing.T) {
	codes := bridgeCodes(t)
	if len(codes) < 20 {
		t.Fatalf("found only %d codes (%v): the test no longer sees the Code constants", len(codes), codes)
	}
	for _, locale := range []string{"zh-CN", "en-US"} {
		texts := localeErrors(t, locale)
		for _, code := range codes {
			if strings.TrimSpace(texts[code]) == "" {
				t.Errorf("error code %s has no text in frontend/src/i18n/locales/%s.json (key errors.%s)", code, locale, code)
			}
		}
	}
}

// bridgeCodes lists the codes Code() can give: every string constant of this package
// named Code…, every code of internal/errcode, and the ticket codes tickets.Code adds.
// WeCom's own errors (WECOM_<n>) are explained by number, not by an errors.* text.
func bridgeCodes(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range stringConsts(t, ".", "Code") {
		seen[c] = true
	}
	for _, c := range stringConsts(t, filepath.Join("..", "internal", "errcode"), "") {
		seen[c] = true
	}
	seen[tickets.Code(tickets.ErrNeedsConfirm)] = true
	seen[tickets.Code(tickets.ErrRateLimited)] = true
	codes := make([]string, 0, len(seen))
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// A package-level constant as written: its name, its value expression and, for a value
// such as errcode.Timeout, the folders of the file's wecomdev imports by local name.
type constDecl struct {
	name    string
	value   ast.Expr
	imports map[string]string
}

// constDecls reads the constants of the package in dir, its tests left out.
func constDecls(t *testing.T, dir string) []constDecl {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []constDecl
	for _, p := range pkgs {
		for _, f := range p.Files {
			imports := map[string]string{}
			for _, im := range f.Imports {
				path := strings.Trim(im.Path.Value, `"`)
				if rel, ok := strings.CutPrefix(path, "wecomdev/"); ok {
					local := filepath.Base(path)
					if im.Name != nil {
						local = im.Name.Name
					}
					imports[local] = filepath.Join("..", filepath.FromSlash(rel))
				}
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							out = append(out, constDecl{n.Name, vs.Values[i], imports})
						}
					}
				}
			}
		}
	}
	return out
}

// stringConsts returns the values of the string constants of the package in dir whose
// names start with prefix.
func stringConsts(t *testing.T, dir, prefix string) []string {
	t.Helper()
	var out []string
	for _, c := range constDecls(t, dir) {
		if !strings.HasPrefix(c.name, prefix) {
			continue
		}
		if s, ok := stringValue(t, dir, c); ok {
			out = append(out, s)
		}
	}
	return out
}

// stringValue is a constant's value when it is a string literal or names a string
// constant of another wecomdev package (CodeTimeout = errcode.Timeout).
func stringValue(t *testing.T, dir string, c constDecl) (string, bool) {
	t.Helper()
	switch v := c.value.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		if err != nil {
			t.Fatal(err)
		}
		return s, true
	case *ast.SelectorExpr:
		if pkg, ok := v.X.(*ast.Ident); ok && c.imports[pkg.Name] != "" {
			for _, o := range constDecls(t, c.imports[pkg.Name]) {
				if o.name == v.Sel.Name {
					return stringValue(t, c.imports[pkg.Name], o)
				}
			}
		}
	}
	t.Fatalf("%s: constant %s = %s: the test cannot read its value; give it a string literal or a constant of a wecomdev package", dir, c.name, types.ExprString(c.value))
	return "", false
}

func localeErrors(t *testing.T, locale string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "frontend", "src", "i18n", "locales", locale+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s.json: %v", locale, err)
	}
	return file.Errors
}
