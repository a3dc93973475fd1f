package devserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

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

// floodLog is a memory log whose batches end only at Flush, so a test decides what one
// batch gathers.
func floodLog(t *testing.T, floodAt int) (*Log, *liveSubscriber) {
	t.Helper()
	l := NewLog(nil, LogOptions{Flush: time.Hour, FloodAt: floodAt})
	t.Cleanup(l.Close)
	return l, subscribe(l)
}

func signEntry(url string, i int) Entry {
	return Entry{Profile: "p", Client: "127.0.0.1", Method: "GET", Path: PathConfigSignature, Endpoint: EndpointConfigSignature,
		URL: url, Status: 200, Allowed: true, Decision: AllowLoopback, Time: time.Unix(int64(1000+i), 0),
		NonceStr: fmt.Sprintf("nonce%d", i), Signatures: []Signed{{Kind: "corp", TicketMasked: "ab…yz", Signature: fmt.Sprintf("sig%d", i)}}}
}

func TestAFloodOfIdenticalRequestsIsOneEntryWithItsCountAndADifferentOneInTheMiddleKeepsItsOwn(t *testing.T) {
	l, sub := floodLog(t, 20)
	for i := 0; i < 100; i++ {
		l.Add(signEntry("https://h5.example.com/a", i))
	}
	l.Add(signEntry("https://h5.example.com/b", 100))
	for i := 101; i < 151; i++ {
		l.Add(signEntry("https://h5.example.com/a", i))
	}
	l.Flush()

	got, _ := sub.seen()
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3 (a ×100, b, a ×50): %+v", len(got), got)
	}
	want := []struct {
		url        string
		count      int
		first, end int
	}{{"https://h5.example.com/a", 100, 0, 99}, {"https://h5.example.com/b", 0, 100, 100}, {"https://h5.example.com/a", 50, 101, 150}}
	for i, w := range want {
		e := got[i]
		if e.URL != w.url || e.Count != w.count {
			t.Errorf("entry %d: %s ×%d, want %s ×%d", i, e.URL, e.Count, w.url, w.count)
		}
		if e.Time != time.Unix(int64(1000+w.first), 0) || e.NonceStr != fmt.Sprintf("nonce%d", w.first) {
			t.Errorf("entry %d: time %v nonce %s, want the first request's (%d)", i, e.Time, e.NonceStr, w.first)
		}
		if w.count > 0 && e.LastTime != time.Unix(int64(1000+w.end), 0) {
			t.Errorf("entry %d: last time %v, want the last request's (%d)", i, e.LastTime, w.end)
		}
	}
	if n := l.Total(); n != 151 {
		t.Errorf("total %d, want every request counted: 151", n)
	}
	// the memory log keeps what the live views got, counts included
	list, _ := l.List(context.Background(), Filter{})
	if len(list) != 3 || list[0].Count != 50 || list[2].Count != 100 {
		t.Errorf("listed %d entries (newest first), want a ×50, b, a ×100: %+v", len(list), list)
	}
}

func TestBelowAFloodIdenticalRequestsKeepAnEntryEach(t *testing.T) {
	l, sub := floodLog(t, 20)
	for i := 0; i < 20; i++ {
		l.Add(signEntry("https://h5.example.com/a", i))
	}
	l.Flush()
	got, _ := sub.seen()
	if len(got) != 20 {
		t.Fatalf("%d entries for 20 requests below the flood mark, want 20", len(got))
	}
	for _, e := range got {
		if e.Count != 0 {
			t.Errorf("entry %s has count %d, want none", e.NonceStr, e.Count)
		}
	}
}

func TestRequestsThatDifferInTheirAnswerOrAReportAreNeverAggregated(t *testing.T) {
	l, sub := floodLog(t, 1)
	refused := signEntry("https://h5.example.com/a", 1)
	refused.Status, refused.Code, refused.Signatures = 403, CodeHostNotAllowed, nil
	report := signEntry("https://h5.example.com/a", 2)
	report.Report = &Report{Type: ReportConfig}
	agent := signEntry("https://h5.example.com/a", 3)
	agent.Signatures[0].Kind = "agent"
	for _, e := range []Entry{signEntry("https://h5.example.com/a", 0), refused, report, report, agent, signEntry("https://h5.example.com/a", 4)} {
		l.Add(e)
	}
	l.Flush()
	if got, _ := sub.seen(); len(got) != 6 {
		t.Errorf("%d entries, want 6: a different status, a report or another ticket kind is another request", len(got))
	}
}

func TestAnAggregatedEntryKeepsItsCountInTheDatabase(t *testing.T) {
	l := NewLog(openLogDB(t), LogOptions{Flush: time.Hour, FloodAt: 5})
	t.Cleanup(l.Close)
	for i := 0; i < 30; i++ {
		l.Add(signEntry("https://h5.example.com/a", i))
	}
	l.Flush()
	list, err := l.List(context.Background(), Filter{})
	if err != nil || len(list) != 1 || list[0].Count != 30 {
		t.Fatalf("listed %+v (%v), want one entry ×30", list, err)
	}
	e, err := l.Get(context.Background(), list[0].ID)
	if err != nil || e.Count != 30 || !e.LastTime.Equal(time.Unix(1029, 0)) {
		t.Errorf("got %+v (%v), want ×30 ending at the 30th request's time", e, err)
	}
}

// waitDrained waits until the writer has taken every queued entry off the queue.
func waitDrained(t *testing.T, l *Log) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for l.queued() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d entries still queued after 10 s", l.queued())
		}
		runtime.Gosched()
	}
}

func TestAFloodIsNotDroppedWhileTheDatabaseIsSlowToWrite(t *testing.T) {
	l := NewLog(openLogDB(t), LogOptions{Queue: 64, Flush: time.Millisecond, FloodAt: 5})
	t.Cleanup(l.Close)
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	l.store = func(out []Entry) error { // set before the first Add: the writer reads it after
		once.Do(func() { close(started); <-release }) // the first write hangs (a disk busy for a while)
		return l.insert(out)
	}
	sub := subscribe(l)
	l.Add(signEntry("https://h5.example.com/a", 0))
	<-started
	// 20 times the queue while the database hangs: drained and counted, not dropped
	for chunk := 0; chunk < 20; chunk++ {
		for i := 0; i < 64; i++ {
			l.Add(signEntry("https://h5.example.com/a", 1+chunk*64+i))
		}
		waitDrained(t, l)
	}
	close(release)
	l.Flush()
	if d := l.Dropped(); d != 0 {
		t.Errorf("%d entries dropped while the database was slow, want none", d)
	}
	got, _ := sub.seen()
	n := 0
	for _, e := range got {
		n += max(e.Count, 1)
	}
	if n != 1+20*64 || len(got) > 3 {
		t.Errorf("%d entries standing for %d requests, want 1281 requests in a few entries", len(got), n)
	}
}

func TestAddingToAnOpenBatchWakesNoGoroutineTheGathererTakesTheQueueAtItsNextPoll(t *testing.T) {
	l, sub := floodLog(t, 20) // Flush an hour: the gatherer polls every 6 minutes
	l.Add(signEntry("https://h5.example.com/a", 0))
	waitDrained(t, l) // taken: the batch is open
	for i := 1; i <= 1000; i++ {
		l.Add(signEntry("https://h5.example.com/a", i))
	}
	// no request handed its entry to the gatherer: they wait in the queue for its poll, past
	// the flood mark counted in the run of the queue's last entry (Add)
	if n, reqs := l.queued(), l.queuedRequests(); reqs != 1000 || n != 21 {
		t.Errorf("%d entries queued standing for %d requests, want the 1000 added to the open batch in 21 (20 below the flood mark, then one run)", n, reqs)
	}
	l.Flush()
	got, _ := sub.seen()
	n := 0
	for _, e := range got {
		n += max(e.Count, 1)
	}
	if n != 1001 || len(got) != 1 {
		t.Errorf("%d entries standing for %d requests, want one ×1001", len(got), n)
	}
}

// queuedRequests is how many requests the queued entries stand for (tests).
func (l *Log) queuedRequests() int {
	l.qmu.Lock()
	defer l.qmu.Unlock()
	n := 0
	for _, it := range l.queue {
		if it.flush == nil {
			n += max(it.e.Count, 1)
		}
	}
	return n
}
