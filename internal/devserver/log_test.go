package devserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"

	"wecomdev/internal/store"
)

// liveSubscriber records what a live view of the log receives.
type liveSubscriber struct {
	mu      sync.Mutex
	entries []Entry
	errs    []error
}

func subscribe(l *Log) *liveSubscriber {
	s := &liveSubscriber{}
	l.Subscribe(func(b Batch) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.entries = append(s.entries, b.Entries...)
		if b.StoreError != nil {
			s.errs = append(s.errs, b.StoreError)
		}
	})
	return s
}

func (s *liveSubscriber) seen() ([]Entry, []error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry{}, s.entries...), append([]error{}, s.errs...)
}

func openLogDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// addBatches adds n entries per batch, each batch written before the next.
func addBatches(l *Log, batches, n int, path string) {
	for b := 0; b < batches; b++ {
		for i := 0; i < n; i++ {
			l.Add(Entry{Profile: "test", Path: fmt.Sprintf("%s/%d/%d", path, b, i), Status: 200})
		}
		l.Flush()
	}
}

func TestEveryRequestReachesTheLiveViewWhenTheDiskIsFullAndTheErrorIsToldOnce(t *testing.T) {
	l := NewLog(openLogDB(t), LogOptions{})
	t.Cleanup(l.Close)
	full := &os.PathError{Op: "write", Path: "wecomdev.db-wal", Err: syscall.ENOSPC}
	l.store = func([]Entry) error { return full } // set before the first Add: the writer reads it after
	live := subscribe(l)
	addBatches(l, 3, 5, "/full")

	got, errs := live.seen()
	if len(got) != 15 {
		t.Fatalf("the live view got %d of 15 requests", len(got))
	}
	ids := map[int64]bool{}
	for _, e := range got {
		if e.ID >= 0 || ids[e.ID] {
			t.Errorf("entry %s has ID %d: want a unique negative ID", e.Path, e.ID)
		}
		ids[e.ID] = true
	}
	if len(errs) != 1 || !errors.Is(errs[0], syscall.ENOSPC) || !strings.Contains(errs[0].Error(), "no space left on device") {
		t.Errorf("store errors told: %v, want one naming ENOSPC", errs)
	}
	if l.NotStored() != 15 || l.Dropped() != 0 {
		t.Errorf("not stored %d, dropped %d", l.NotStored(), l.Dropped())
	}
	if e, err := l.Get(context.Background(), got[7].ID); err != nil || e.Path != got[7].Path {
		t.Errorf("Get(%d) of an entry not stored: %+v %v", got[7].ID, e, err)
	}
}

func TestAfterTheDiskHasRoomAgainEntriesAreStoredAndANewFailureIsToldAgain(t *testing.T) {
	l := NewLog(openLogDB(t), LogOptions{})
	t.Cleanup(l.Close)
	failing := func([]Entry) error { return fmt.Errorf("disk I/O error: %w", syscall.ENOSPC) }
	l.store = failing
	live := subscribe(l)
	addBatches(l, 2, 2, "/full")
	l.store = l.insert // Flush returned: the writer is idle until the next Add
	addBatches(l, 1, 2, "/room")
	l.store = failing
	addBatches(l, 2, 2, "/full-again")

	got, errs := live.seen()
	if len(got) != 10 {
		t.Fatalf("the live view got %d of 10 requests", len(got))
	}
	for _, e := range got {
		if stored := strings.HasPrefix(e.Path, "/room/"); stored != (e.ID > 0) {
			t.Errorf("%s: ID %d", e.Path, e.ID)
		}
	}
	if len(errs) != 2 {
		t.Errorf("store errors told %d times, want once per failure spell: %v", len(errs), errs)
	}
	list, err := l.List(context.Background(), Filter{})
	if err != nil || len(list) != 2 {
		t.Errorf("the database holds %d entries (%v), want the 2 stored", len(list), err)
	}
}
