package settings

import (
	"context"
	"errors"
	"strings"
	"testing"

	"wecomdev/internal/store"
)

func newStore(t *testing.T, dir string, sysLang string) *Store {
	t.Helper()
	db, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db, func() string { return sysLang })
}

func TestAFreshStoreFollowsTheSystem(t *testing.T) {
	s := newStore(t, t.TempDir(), "zh-CN")
	got, err := s.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Snapshot{Language: System, Theme: System, SystemLanguage: "zh-CN"}
	if got != want {
		t.Fatalf("Get() = %+v, want %+v", got, want)
	}
}

func TestChoicesSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s := newStore(t, dir, "en-US")
	if _, err := s.SetLanguage(ctx, LanguageZhCN); err != nil {
		t.Fatal(err)
	}
	snap, err := s.SetTheme(ctx, ThemeDark)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Language != LanguageZhCN || snap.Theme != ThemeDark {
		t.Fatalf("SetTheme() returned %+v, want both choices", snap)
	}

	reopened := newStore(t, dir, "en-US")
	got, err := reopened.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != LanguageZhCN || got.Theme != ThemeDark {
		t.Fatalf("after reopening: %+v, want zh-CN / dark", got)
	}
}

func TestAValueASettingDoesNotTakeIsRefusedAndNothingChanges(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, t.TempDir(), "")
	if _, err := s.SetLanguage(ctx, LanguageEnUS); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set     func(context.Context, string) (Snapshot, error)
		value   string
		mention string
	}{
		{s.SetLanguage, "fr", `language must be one of system, zh-CN, en-US (got "fr")`},
		{s.SetLanguage, "zh-cn", `(got "zh-cn")`},
		{s.SetLanguage, "", `(got "")`},
		{s.SetTheme, "blue", `theme must be one of system, light, dark (got "blue")`},
	}
	for _, tt := range tests {
		_, err := tt.set(ctx, tt.value)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("set(%q) error = %v, want ErrInvalid mentioning %s", tt.value, err, tt.mention)
		}
	}
	got, err := s.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != LanguageEnUS || got.Theme != System {
		t.Fatalf("after refused writes: %+v, want en-US / system", got)
	}
}

func TestAnUnknownStoredValueReadsAsSystem(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO settings(key, value, updated_at) VALUES ('language', 'klingon', 0), ('theme', 'dark', 0)`); err != nil {
		t.Fatal(err)
	}
	got, err := New(db, func() string { return "" }).Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != System || got.Theme != ThemeDark {
		t.Fatalf("Get() = %+v, want language system (unknown value) and theme dark", got)
	}
}
