package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomdev/internal/qr"
)

const testPageURL = "https://h5.example.com/__wecomdev/test?from=qr&a=1"

func runStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
	return code, out.String(), errb.String()
}

// dirFiles lists the names in dir (temporary files included).
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestQRWithoutOutPrintsTheCodeAndHowToScanIt(t *testing.T) {
	code, out, errOut := run(t, "qr", testPageURL)
	want, err := qr.Text(testPageURL)
	if err != nil {
		t.Fatal(err)
	}
	if code != ExitOK || out != want {
		t.Fatalf("code %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
	if !strings.Contains(errOut, "WeCom (企业微信) → + → 扫一扫") || strings.Contains(errOut, "ASCII") {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestQRReadsTheTextFromStandardInput(t *testing.T) {
	code, out, _ := runStdin(t, testPageURL+"\n", "qr", "-")
	want, _ := qr.Text(testPageURL)
	if code != ExitOK || out != want {
		t.Fatalf("code %d, stdout:\n%s", code, out)
	}
}

func TestQROutWritesThePNGOfTheTextAndSaysWhatItWrote(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "page.png")
	code, out, errOut := run(t, "qr", testPageURL, "--out", file, "--size", "300")
	if code != ExitOK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := qr.PNG(testPageURL, 300)
	if !bytes.Equal(got, want) {
		t.Fatalf("the file is not the PNG of the text at 300 px")
	}
	bits, _ := qr.Bitmap(testPageURL)
	if !strings.Contains(out, "Wrote "+file+": 300×300 px") || !strings.Contains(out, "扫一扫") ||
		!strings.Contains(out, fmt.Sprintf("%d modules across (quiet zone included), %d px per module", len(bits), qr.Scale(len(bits), 300))) {
		t.Fatalf("stdout %q", out)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode: %v %v", fi.Mode(), err)
	}
	if names := dirFiles(t, dir); len(names) != 1 {
		t.Fatalf("files left in the directory: %q", names)
	}
}

func TestQROutWithoutSizeIs512Pixels(t *testing.T) {
	file := filepath.Join(t.TempDir(), "page.png")
	if code, _, errOut := run(t, "qr", testPageURL, "--out", file); code != ExitOK {
		t.Fatalf("code %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(file)
	want, _ := qr.PNG(testPageURL, 512)
	if !bytes.Equal(got, want) {
		t.Fatal("not the 512 px PNG")
	}
}

func TestQRRefusesToOverwriteAFileUnlessForced(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "page.png")
	if err := os.WriteFile(file, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "qr", testPageURL, "--out", file)
	if code != ExitError || !strings.Contains(errOut, "exists; pass --force to overwrite it") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Fatalf("the file was changed: %q", b)
	}
	if names := dirFiles(t, dir); len(names) != 1 {
		t.Fatalf("files left in the directory: %q", names)
	}

	if code, _, errOut := run(t, "qr", testPageURL, "--out", file, "--force"); code != ExitOK {
		t.Fatalf("--force: code %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(file)
	if want, _ := qr.PNG(testPageURL, 0); !bytes.Equal(got, want) {
		t.Fatal("--force did not replace the file with the PNG")
	}
	if names := dirFiles(t, dir); len(names) != 1 {
		t.Fatalf("files left in the directory: %q", names)
	}
}

func TestQROutToStandardOutputWritesOnlyThePNG(t *testing.T) {
	code, out, _ := run(t, "qr", testPageURL, "--out", "-", "--size", "128")
	want, _ := qr.PNG(testPageURL, 128)
	if code != ExitOK || out != string(want) {
		t.Fatalf("code %d, %d bytes, want the %d-byte PNG", code, len(out), len(want))
	}
}

func TestQRWarnsThatTextBeyondASCIIHasNoCharacterSetMarker(t *testing.T) {
	code, _, errOut := run(t, "qr", "https://h5.example.com/?q=企业微信")
	if code != ExitOK || !strings.Contains(errOut, "not plain ASCII") || !strings.Contains(errOut, "%E4%BC%81") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestQRFailuresExitOneAndLeaveNothingBehind(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, out, says string
	}{
		{"a missing directory", filepath.Join(dir, "nope", "page.png"), "write " + filepath.Join(dir, "nope", "page.png")},
		{"a directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "qr", testPageURL, "--out", tc.out, "--force")
			if code != ExitError || out != "" || !strings.Contains(errOut, tc.says) {
				t.Fatalf("code %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
	if names := dirFiles(t, dir); len(names) != 0 {
		t.Fatalf("files left in the directory: %q", names)
	}
}

func TestBadQRCommandLinesExitTwoAndNameWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.png")
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"no text", []string{"qr"}, "give the TEXT"},
		{"two texts", []string{"qr", "a", "b"}, `unexpected "b"`},
		{"an empty text", []string{"qr", ""}, "the text is empty"},
		{"a text too long", []string{"qr", strings.Repeat("a", qr.MaxTextBytes+1)}, "at most 2048"},
		{"a size too small", []string{"qr", "x", "--out", out, "--size", "10"}, "10 px; give 64 to 4096"},
		{"a size too large", []string{"qr", "x", "--out", out, "--size", "5000"}, "5000 px"},
		{"a size that does not hold the code", []string{"qr", strings.Repeat("https://h5.example.com/", 20), "--out", out, "--size", "64"}, "needs at least"},
		{"a size that is not a number", []string{"qr", "x", "--out", out, "--size", "big"}, "invalid value"},
		{"--size without --out", []string{"qr", "x", "--size", "300"}, "go with --out"},
		{"--force without --out", []string{"qr", "x", "--force"}, "go with --out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errOut := run(t, tc.args...)
			if code != ExitUsage || stdout != "" || !strings.Contains(errOut, tc.says) {
				t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, errOut)
			}
		})
	}
	if names := dirFiles(t, dir); len(names) != 0 {
		t.Fatalf("files left in the directory: %q", names)
	}
}
