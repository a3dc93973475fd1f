package app

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func newJoinWayService(t *testing.T) (*JoinWayService, *recorder) {
	t.Helper()
	eng, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory(), Sandbox: sandbox.New(sandbox.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	s := NewJoinWayService(eng, rec)
	t.Cleanup(func() {
		ShutdownJoinWay(s)
		eng.Close()
	})
	t.Setenv("HOME", t.TempDir()) // saved files land in the test's own home
	return s, rec
}

func TestTheSandboxProfileMakesAJoinWayWithItsQRImageStored(t *testing.T) {
	s, _ := newJoinWayService(t)
	c := joinway.DefaultConfig()
	c.State, c.ChatIDs = "order-1", []string{sandbox.ChatSales}
	res, err := s.Create("sandbox", c, false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Entry.HasImage || res.Entry.JoinLink == "" {
		t.Fatalf("entry = %+v, want the sandbox's QR image fetched and read", res.Entry)
	}
	img, err := s.Image("sandbox", res.Entry.ID)
	if err != nil || !strings.HasPrefix(img, "data:image/png;base64,") {
		t.Fatalf("Image = %.40q, %v", img, err)
	}
	path, err := s.SaveImage("sandbox", res.Entry.ID, "code")
	if err != nil || !strings.HasSuffix(path, "wecomdev-joinway-order-1-code.png") {
		t.Fatalf("SaveImage = %q, %v", path, err)
	}
}

func TestJoinWayErrorsCrossTheBridgeWithTheirCodes(t *testing.T) {
	s, _ := newJoinWayService(t)
	c := joinway.DefaultConfig()
	c.State = strings.Repeat("x", 31)
	c.ChatIDs = []string{sandbox.ChatSales}
	if _, err := s.Create("sandbox", c, false); err == nil || !strings.HasPrefix(err.Error(), CodeJoinWayInvalid+": ") {
		t.Fatalf("a 31-character state: %v", err)
	}
	if err := s.Delete("sandbox", "0123456789abcdef0123456789abcdef"); err == nil || !strings.HasPrefix(err.Error(), "WECOM_41044: ") {
		t.Fatalf("deleting an unknown config: %v", err)
	}
	if _, err := s.PoolTake("sandbox", "order-1", "", false); err == nil || !strings.HasPrefix(err.Error(), CodePoolEmpty+": ") {
		t.Fatalf("taking from an empty pool: %v", err)
	}
}

func TestALowPoolIsAnnounced(t *testing.T) {
	s, rec := newJoinWayService(t)
	if _, err := s.SetThreshold("sandbox", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PoolAdd("sandbox", []string{sandbox.ChatPool1, sandbox.ChatPool2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PoolTake("sandbox", "order-1", "", false); err != nil {
		t.Fatal(err)
	}
	ev, ok := rec.last(EventJoinWayPool)
	if st, _ := ev.(joinway.PoolStatus); !ok || !st.Low || st.Free != 1 || st.Profile != "sandbox" {
		t.Fatalf("last pool event = %+v", ev)
	}
}

func TestABatchReportsProgressAndWritesAZip(t *testing.T) {
	s, rec := newJoinWayService(t)
	base := joinway.DefaultConfig()
	base.ChatIDs = []string{sandbox.ChatSales}
	if _, err := s.BatchStart("sandbox", []string{"a", "b", "a"}, base, false); err == nil || !strings.HasPrefix(err.Error(), CodeJoinWayInvalid+": ") {
		t.Fatalf("a state twice: %v", err)
	}
	id, err := s.BatchStart("sandbox", []string{"t-1", "t-2", "t-3"}, base, false)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var last BatchEvent
	for time.Now().Before(deadline) {
		if ev, ok := rec.last(EventJoinWayBatch); ok && ev.(BatchEvent).Finished {
			last = ev.(BatchEvent)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !last.Finished || last.ID != id || last.Done != 3 || last.Failed != 0 || last.Error != "" || last.Path == "" {
		t.Fatalf("final batch event = %+v", last)
	}
	zr, err := zip.OpenReader(last.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 4 {
		t.Fatalf("zip holds %d files, want 3 codes and the manifest", len(zr.File))
	}
}

func TestOpenSavedFolderBuildsTheFileManagerCommandOfEachSystem(t *testing.T) {
	for goos, want := range map[string][]string{
		"linux":   {"xdg-open", "/home/u/Downloads"},
		"freebsd": {"xdg-open", "/home/u/Downloads"},
		"darwin":  {"open", "/home/u/Downloads"},
		"windows": {"explorer", "/home/u/Downloads"},
	} {
		cmd := openFolderCommand(goos, "/home/u/Downloads")
		if got := cmd.Args; strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("%s: command %q, want %q", goos, got, want)
		}
	}
}

func TestOpenSavedFolderOpensTheFolderOfAFileTheConsoleSaved(t *testing.T) {
	s, _ := newJoinWayService(t)
	var started [][]string
	s.startCmd = func(c *exec.Cmd) error { started = append(started, c.Args); return nil }
	path, err := saveDownload("wecomdev-joinway-test.zip", []byte("zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OpenSavedFolder(path); err != nil {
		t.Fatalf("OpenSavedFolder(%q): %v", path, err)
	}
	dir, _ := downloadsDir()
	if len(started) != 1 || started[0][len(started[0])-1] != dir {
		t.Fatalf("started %q, want one command opening %s", started, dir)
	}
}

func TestOpenSavedFolderRefusesAPathTheConsoleDidNotSave(t *testing.T) {
	s, _ := newJoinWayService(t)
	s.startCmd = func(c *exec.Cmd) error { t.Errorf("started %q for a refused path", c.Args); return nil }
	dir, _ := downloadsDir()
	outside := filepath.Join(t.TempDir(), "x.zip")
	if err := os.WriteFile(outside, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "relative.zip", outside, filepath.Join(dir, "missing.zip"), filepath.Join(dir, "..", "etc", "passwd"), dir} {
		err := s.OpenSavedFolder(p)
		if err == nil || !strings.HasPrefix(err.Error(), CodeFolderInvalid+": ") {
			t.Errorf("OpenSavedFolder(%q) = %v, want a %s error", p, err, CodeFolderInvalid)
		}
	}
}

func TestOpenSavedFolderSaysWhenTheFileManagerCannotStart(t *testing.T) {
	s, _ := newJoinWayService(t)
	s.startCmd = func(*exec.Cmd) error { return exec.ErrNotFound }
	path, err := saveDownload("wecomdev-joinway-test.zip", []byte("zip"))
	if err != nil {
		t.Fatal(err)
	}
	err = s.OpenSavedFolder(path)
	if err == nil || !strings.HasPrefix(err.Error(), CodeFolderOpen+": ") || !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("OpenSavedFolder with no file manager = %v, want %s wrapping exec.ErrNotFound", err, CodeFolderOpen)
	}
}
