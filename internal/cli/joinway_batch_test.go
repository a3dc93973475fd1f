package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"wecomdev/internal/qr"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

// zipFiles reads a zip file into name → content.
func zipFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}

func manifest(t *testing.T, files map[string][]byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(files["manifest.csv"]), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestABatchOf50WritesAZipWhosePNGsDecodeToTheirJoinLinks(t *testing.T) {
	r := newCLIRig(t)
	addAcme(t, r)
	out := filepath.Join(t.TempDir(), "codes.zip")
	code, stdout, errOut := r.run(t, "", "joinway", "batch", "acme", "--prefix", "t-", "--count", "50", "--chat-id", sandbox.ChatSales, "--out", out, "--json")
	if code != ExitOK {
		t.Fatalf("%d %s", code, errOut)
	}
	sum := decode(t, stdout)
	if sum["total"] != 50.0 || sum["done"] != 50.0 || sum["failed"] != 0.0 || sum["stopped"] != false || sum["out"] != out || len(sum["items"].([]any)) != 50 {
		t.Fatalf("summary: %v", sum)
	}
	if strings.Count(errOut, "\n") < 50 || !strings.Contains(errOut, "[50/50] t-50  made ") {
		t.Errorf("progress: %s", errOut)
	}
	files := zipFiles(t, out)
	rows := manifest(t, files)
	if len(files) != 51 || len(rows) != 51 || !slices.Equal(rows[0], []string{"state", "config_id", "join_link", "qr_url", "file", "error"}) {
		t.Fatalf("zip: %d files, manifest %d rows", len(files), len(rows))
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)) // decoding is slow under -race
	for i, row := range rows[1:] {
		item := sum["items"].([]any)[i].(map[string]any)
		want, ok := r.sb.JoinLink(row[3])
		if !ok || row[2] != want || item["joinLink"] != want || row[0] != item["state"] {
			t.Fatalf("row %v, item %v; the sandbox's link %q", row, item, want)
		}
		png, ok := files[row[4]]
		if !ok || !strings.HasSuffix(row[4], ".png") {
			t.Fatalf("row %v: no PNG %q in the zip", row, row[4])
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if got, err := qr.Decode(png); err != nil || got != want {
				t.Errorf("%s decodes to %q, %v; want %s", row[4], got, err, want)
			}
		}()
	}
	wg.Wait()
	if n := r.sb.Calls(addJoinWay); n != 50 {
		t.Errorf("add_join_way called %d times", n)
	}
}

func TestABatchStoppedByCtrlCFinishesTheCodeInProgressAndWritesTheZipOfWhatWasMade(t *testing.T) {
	r := newCLIRig(t)
	ctx, ctrlC := context.WithCancel(context.Background())
	defer ctrlC()
	// Ctrl-C arrives while the third add_join_way is on its way to WeCom.
	target, _ := url.Parse(r.base)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	adds := 0
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasSuffix(req.URL.Path, addJoinWay) {
			mu.Lock()
			if adds++; adds == 3 {
				ctrlC()
			}
			mu.Unlock()
		}
		proxy.ServeHTTP(w, req)
	}))
	defer front.Close()
	if code, _, errOut := r.run(t, "", "profile", "add", "acme", "--corp-id", sandbox.DefaultCorpID, "--agent-id", "1000002", "--api-base", front.URL); code != ExitOK {
		t.Fatalf("profile add: %s", errOut)
	}
	r.env[workspace.EnvCorpSecret] = r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)

	out := filepath.Join(t.TempDir(), "codes.zip")
	interrupts := 0
	var stdout, stderr bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return r.env[k] },
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			return workspace.Open(ctx, r.dir, workspace.Options{Keychain: r.kc, Getenv: func(k string) string { return r.env[k] }})
		},
		Interrupt: func() (context.Context, context.CancelFunc) {
			if interrupts++; interrupts == 1 {
				return ctx, ctrlC
			}
			return context.WithCancel(context.Background()) // no second Ctrl-C
		},
	}
	code := Run(env, []string{"joinway", "batch", "acme", "--prefix", "c-", "--count", "20", "--chat-id", sandbox.ChatSales, "--out", out, "--json"})
	if code != ExitError {
		t.Fatalf("code %d: %s", code, stderr.String())
	}
	sum := decode(t, stdout.String())
	if sum["stopped"] != true || sum["done"] != 3.0 || sum["failed"] != 0.0 || sum["out"] != out || len(sum["items"].([]any)) != 3 {
		t.Fatalf("summary: %v\n%s", sum, stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopping after the code in progress") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if n := r.sb.Calls(addJoinWay); n != 3 {
		t.Errorf("add_join_way called %d times", n)
	}
	files := zipFiles(t, out)
	if rows := manifest(t, files); len(files) != 4 || len(rows) != 4 {
		t.Fatalf("zip: %d files, %d manifest rows", len(files), len(rows))
	}
	_, list, _ := r.run(t, "", "joinway", "list", "acme", "--json")
	if strings.Count(list, `"ready"`) != 3 || strings.Contains(list, `"pending"`) {
		t.Errorf("registry: %s", list)
	}
}
