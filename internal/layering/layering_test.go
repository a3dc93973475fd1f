// Package layering holds the tests that keep the architecture as ARCHITECTURE.md draws it.
package layering

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const wailsModule = "github.com/wailsapp/wails"

// goFiles returns every Go file of the project, relative to the repository root.
func goFiles(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", ".git", "frontend", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func imports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", path), nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		out = append(out, p)
	}
	return out
}

func TestOnlyMainGoImportsWails(t *testing.T) {
	files := goFiles(t)
	if len(files) < 5 {
		t.Fatalf("found only %d Go files: is the walk rooted at the repository?", len(files))
	}
	sawMain := false
	for _, f := range files {
		for _, imp := range imports(t, f) {
			if !strings.HasPrefix(imp, wailsModule) {
				continue
			}
			if f == "main.go" {
				sawMain = true
				continue
			}
			t.Errorf("%s imports %s: only main.go may import Wails (inject an app.Runtime instead)", f, imp)
		}
	}
	if !sawMain {
		t.Error("main.go does not import Wails: the walk or the check is broken")
	}
}

func TestInternalPackagesDoNotReachUpIntoApp(t *testing.T) {
	for _, f := range goFiles(t) {
		if !strings.HasPrefix(f, "internal/") {
			continue
		}
		for _, imp := range imports(t, f) {
			if imp == "wecomdev/app" || strings.HasPrefix(imp, "wecomdev/app/") {
				t.Errorf("%s imports %s: internal/ does the work and must not depend on the UI services", f, imp)
			}
		}
	}
}

// nonTestImports lists what the non-test Go files under dir import from this module.
func nonTestImports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, f := range goFiles(t) {
		if !strings.HasPrefix(f, dir+"/") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		for _, imp := range imports(t, f) {
			if strings.HasPrefix(imp, "wecomdev/") {
				out[f] = append(out[f], imp)
			}
		}
	}
	if len(out) == 0 && dir != "" {
		// Every package checked here imports something of the module; none means the walk broke.
		t.Fatalf("no file under %s imports anything of the module: is the walk rooted at the repository?", dir)
	}
	return out
}

// The bottom of the layers: the WeCom API client (with its sandbox) and the JS-SDK rules
// import only the small helpers below them, never a sibling that uses them (tickets,
// workspace, devserver, diagnose, …).
func TestWeComAndJSSDKImportOnlyTheHelpersBelowThem(t *testing.T) {
	allowed := map[string][]string{
		"internal/wecom": {"wecomdev/internal/wecom", "wecomdev/internal/buildinfo", "wecomdev/internal/qr", "wecomdev/internal/redact"},
		"internal/jssdk": {"wecomdev/internal/jssdk", "wecomdev/internal/redact"},
	}
	for dir, ok := range allowed {
		for f, imps := range nonTestImports(t, dir) {
			for _, imp := range imps {
				if !slices.ContainsFunc(ok, func(a string) bool { return imp == a || strings.HasPrefix(imp, a+"/") }) {
					t.Errorf("%s imports %s: %s may import only %v", f, imp, dir, ok)
				}
			}
		}
	}
}

// The dev server and the diagnosis are libraries the session and the workspace use; they
// take what they need through interfaces (devserver.Backend, …), never by importing them.
func TestDevServerAndDiagnoseDoNotImportTheSessionOrTheWorkspace(t *testing.T) {
	above := []string{"wecomdev/internal/workspace", "wecomdev/internal/devsession", "wecomdev/internal/cli"}
	for _, dir := range []string{"internal/devserver", "internal/diagnose"} {
		for f, imps := range nonTestImports(t, dir) {
			for _, imp := range imps {
				if slices.Contains(above, imp) {
					t.Errorf("%s imports %s: %s must not depend on the layers that use it", f, imp, dir)
				}
			}
		}
	}
}
