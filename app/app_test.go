package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"wecomdev/internal/settings"
	"wecomdev/internal/store"
)

// recorder is a Runtime that remembers what was emitted.
type recorder struct {
	mu     sync.Mutex
	events []emitted
}

type emitted struct {
	name string
	data []any
}

func (r *recorder) Emit(name string, data ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, emitted{name, data})
}

func newSettingsService(t *testing.T) (*SettingsService, *recorder) {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rec := &recorder{}
	return NewSettingsService(settings.New(db, func() string { return "en-US" }), rec), rec
}

func TestASavedChangeIsAnnouncedWithTheNewSettings(t *testing.T) {
	svc, rec := newSettingsService(t)
	snap, err := svc.SetTheme("dark")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.events) != 1 || rec.events[0].name != EventSettingsChanged {
		t.Fatalf("events = %+v, want one %s", rec.events, EventSettingsChanged)
	}
	if got := rec.events[0].data[0].(settings.Snapshot); got != snap || got.Theme != "dark" {
		t.Fatalf("event payload = %+v, want %+v", got, snap)
	}
}

func TestARefusedChangeComesBackCodedAndIsNotAnnounced(t *testing.T) {
	svc, rec := newSettingsService(t)
	_, err := svc.SetLanguage("fr")
	if err == nil || !strings.HasPrefix(err.Error(), CodeSettingsInvalid+": language must be one of") {
		t.Fatalf("error = %v, want %s: …", err, CodeSettingsInvalid)
	}
	if len(rec.events) != 0 {
		t.Fatalf("events = %+v, want none", rec.events)
	}
	snap, err := svc.Get()
	if err != nil || snap.Language != "system" {
		t.Fatalf("Get() = %+v, %v; want language still system", snap, err)
	}
}

func TestInternalErrorsCrossTheBridgeWithACode(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := NewSettingsService(settings.New(db, func() string { return "" }), NopRuntime{})
	db.Close() // every query now fails
	if _, err := svc.Get(); err == nil || !strings.HasPrefix(err.Error(), CodeInternal+": ") {
		t.Fatalf("Get() on a closed database: %v, want %s: …", err, CodeInternal)
	}
}
