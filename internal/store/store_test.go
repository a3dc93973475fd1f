package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestOpenCreatesTheSchemaOnce(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := 0; i < 2; i++ { // the second open must find everything in place
		db, err := Open(ctx, dir)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		var v int
		if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != len(migrations) {
			t.Fatalf("open %d: user_version = %d, want %d", i+1, v, len(migrations))
		}
		if _, err := db.Exec(`INSERT OR REPLACE INTO settings(key, value, updated_at) VALUES ('k', 'v', 1)`); err != nil {
			t.Fatalf("open %d: settings table: %v", i+1, err)
		}
		db.Close()
	}
}

func TestOpenKeepsTheFilePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no POSIX file modes")
	}
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", fi.Mode().Perm())
	}
}

func TestOpenRefusesADatabaseFromANewerBuild(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(context.Background(), dir)
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "upgrade wecomdev") {
		t.Fatalf("Open() error = %v, want ErrTooNew telling to upgrade", err)
	}
}

func TestOpenRefusesAFileThatIsNotSQLite(t *testing.T) {
	dir := t.TempDir()
	junk := []byte("this is not a database, and must not be overwritten")
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open() error = %v, want one that names %s", err, path)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(junk) {
		t.Fatalf("the file was changed: %q", got)
	}
}

func TestOpenMakesTheSandboxStateTableWithOneRowAtMost(t *testing.T) {
	db, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO sandbox_state(id, version, state, updated_at) VALUES (1, 1, '{}', 1)`); err != nil {
		t.Fatalf("first row: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO sandbox_state(id, version, state, updated_at) VALUES (2, 1, '{}', 1)`); err == nil {
		t.Fatal("a second row was accepted; the sandbox state is one row")
	}
}
