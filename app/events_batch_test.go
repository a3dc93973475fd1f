package app

import (
	"errors"
	"testing"
	"time"

	"wecomdev/internal/devserver"
)

type handedOn struct {
	b    devserver.Batch
	left int
	at   time.Time
}

func entries(from, n int) []devserver.Entry {
	out := make([]devserver.Entry, n)
	for i := range out {
		out[i] = devserver.Entry{ID: int64(from + i)}
	}
	return out
}

func TestAFloodOfLogBatchesReachesTheUIAtMostOncePerPeriodWithEveryRequestCounted(t *testing.T) {
	const every = 200 * time.Millisecond
	got := make(chan handedOn, 100)
	r := newRequestBatcher(every, 100, func(b devserver.Batch, left int) { got <- handedOn{b, left, time.Now()} })

	for i := 0; i < 50; i++ { // the log's batches of a flood, back to back
		r.add(devserver.Batch{Entries: entries(i*10, 10), Dropped: int64(i)})
	}
	first := <-got
	if len(first.b.Entries) != 10 || first.left != 0 {
		t.Fatalf("first event: %d entries, %d left; want the first batch at once", len(first.b.Entries), first.left)
	}
	var second handedOn
	select {
	case second = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the merged batches never reached the UI")
	}
	if d := second.at.Sub(first.at); d < every {
		t.Errorf("second event %s after the first, want at least %s", d, every)
	}
	if n := len(second.b.Entries); n != 100 || second.left != 390 || second.b.Entries[99].ID != 499 || second.b.Dropped != 49 {
		t.Errorf("second event: %d entries (last %d), %d left, dropped %d; want the newest 100 (last 499), 390 left, dropped 49",
			n, second.b.Entries[n-1].ID, second.left, second.b.Dropped)
	}
	r.close()
	select {
	case ev := <-got:
		t.Errorf("an event with nothing new: %+v", ev)
	default:
	}
}

func TestTheFirstBatchAfterAQuietSpellReachesTheUIAtOnceAndAStoreErrorIsKept(t *testing.T) {
	got := make(chan handedOn, 10)
	r := newRequestBatcher(time.Hour, 100, func(b devserver.Batch, left int) { got <- handedOn{b: b, left: left} })
	r.add(devserver.Batch{Entries: entries(1, 1)})
	if ev := <-got; len(ev.b.Entries) != 1 {
		t.Fatalf("first event %+v", ev)
	}
	full := errors.New("disk full")
	r.add(devserver.Batch{Entries: entries(2, 1), StoreError: full})
	r.add(devserver.Batch{Entries: entries(3, 1)})
	r.close() // hands on what is pending (the app quits)
	ev := <-got
	if len(ev.b.Entries) != 2 || !errors.Is(ev.b.StoreError, full) {
		t.Errorf("merged event %+v, want entries 2 and 3 with the store error", ev)
	}
	r.add(devserver.Batch{Entries: entries(4, 1)})
	select {
	case ev := <-got:
		t.Errorf("an event after close: %+v", ev)
	default:
	}
}
