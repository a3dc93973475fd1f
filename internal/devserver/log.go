package devserver

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wecomdev/internal/jssdk"
)

// Entry is one request as the log keeps it. It never holds a secret, token or ticket:
// tickets appear masked, and a ticket pasted into a URL is masked there too.
type Entry struct {
	ID             int64      `json:"id"`
	Time           time.Time  `json:"time"`
	Profile        string     `json:"profile"`
	Client         string     `json:"client"` // the client's address (behind a trusted proxy: the forwarded one)
	UserAgent      string     `json:"userAgent"`
	App            ClientInfo `json:"app"`
	Method         string     `json:"method"`
	Path           string     `json:"path"`
	Endpoint       string     `json:"endpoint"`
	Origin         string     `json:"origin,omitempty"`
	URL            string     `json:"url"`            // the page URL asked for (customers: the query, mobile masked)
	Host           string     `json:"host,omitempty"` // the page URL's host
	Allowed        bool       `json:"allowed"`
	Decision       string     `json:"decision,omitempty"` // why allowed (loopback / trusted domain / tunnel) or refused
	Timestamp      string     `json:"timestamp,omitempty"`
	NonceStr       string     `json:"nonceStr,omitempty"`
	Signatures     []Signed   `json:"signatures,omitempty"`
	Customers      int        `json:"customers,omitempty"`
	Cached         bool       `json:"cached,omitempty"`
	Status         int        `json:"status"`
	Code           string     `json:"code,omitempty"`
	Message        string     `json:"message,omitempty"`     // what the client was told
	MessageZhCN    string     `json:"messageZhCN,omitempty"` // Message in Chinese, for the common refusals (failText)
	Error          string     `json:"error,omitempty"`       // the whole reason, for the console only
	DurationMicros int64      `json:"durationUs"`
	// Count is how many identical requests the entry stands for when the log aggregated a
	// flood (see LogOptions.FloodAt): the entry is the first of them, LastTime the time of
	// the last. 0 (left out of the JSON) is one request.
	Count    int       `json:"count,omitempty"`
	LastTime time.Time `json:"lastTime,omitzero"`
	// Seq is the request's number, answered in LogHeader (network.go); SeqLast the greatest
	// of an aggregated run's.
	Seq     int64 `json:"seq,omitempty"`
	SeqLast int64 `json:"seqLast,omitempty"`
	// Report is what a phone page reported (endpoint report) or what the emulator
	// verified or answered (endpoint emulator); nil for every other request.
	Report *Report `json:"report,omitempty"`
	// OAuth is who an OAuth step was for and what went wrong (oauth.go); never the code.
	OAuth *OAuthStep `json:"oauth,omitempty"`
	// Callback is what a callback request (endpoint callback) verified or received.
	Callback *CallbackInfo `json:"callback,omitempty"`
}

// Signed is one signature of a request.
type Signed struct {
	Kind         jssdk.Kind `json:"kind"`
	TicketMasked string     `json:"ticketMasked"`
	Signature    string     `json:"signature"`
}

// Breakdowns explain the entry's signatures: the sign string (ticket masked), the URL
// really signed and the warnings about the inputs.
func (e Entry) Breakdowns() []jssdk.Breakdown {
	out := make([]jssdk.Breakdown, 0, len(e.Signatures))
	for _, s := range e.Signatures {
		out = append(out, jssdk.Describe(s.Kind, s.TicketMasked, e.NonceStr, e.Timestamp, e.URL, s.Signature))
	}
	return out
}

// Batch is what subscribers receive: the entries logged since the last batch, and how
// many were dropped so far because requests came faster than the log could keep.
type Batch struct {
	Entries []Entry
	Dropped int64
	// StoreError is set in the first batch the database could not store (disk full, …)
	// since it last could, and says why. The batch's entries are delivered all the same,
	// kept in memory with IDs of their own (negative: never an ID of a stored entry).
	StoreError error
}

// LogOptions configure a Log.
type LogOptions struct {
	Keep  int           // rows kept in the database (default 5000); the oldest go first
	Ring  int           // entries kept in memory without a database (default 1000)
	Queue int           // entries waiting to be written before new ones are dropped (default 4096)
	Flush time.Duration // how long the writer gathers a batch (default 100 ms)
	// FloodAt is how many requests one batch gathers before the log counts them as a flood
	// (default 20: 200 a second at the default Flush). In a flood, a run of identical
	// requests (sameRequest) is one entry with a Count; a different request in the middle
	// gets its own entry and ends the run.
	FloodAt int
}

// Log keeps the requests: bounded in the database, streamed to subscribers in batches.
// Add never blocks: past the queue, entries are dropped and counted.
//
// Add only appends to the queue under a short lock and wakes the gatherer for the first
// entry of a batch; the gatherer takes the whole queue every poll (Flush/10) and works
// through it in slices that yield the processor. A request no longer hands its entry to a
// goroutine of its own (tens of thousands of wake-ups a second under a flood, each one a
// turn of the scheduler that requests wait behind when the server has one core), and the
// queue holds what is queued, not a channel buffer of Queue entries that every garbage
// collection scans whole.
type Log struct {
	db   *sql.DB
	opts LogOptions

	qmu      sync.Mutex
	queue    []item        // added, not yet taken by the gatherer
	spare    []item        // the gatherer's emptied slice, the next queue (the gatherer's)
	wake     chan struct{} // the queue got its first entry since the gatherer last took it
	flushNow chan struct{} // a Flush is queued: the gatherer ends its batch now

	dropped atomic.Int64
	total   atomic.Int64
	// notStored counts the entries the database could not store (delivered all the same).
	notStored atomic.Int64
	// store writes a batch to the database (insert; tests swap it for a failing one). It
	// and failing belong to the writer goroutine.
	store   func([]Entry) error
	failing bool

	mu     sync.Mutex
	ring   []Entry // the newest entries kept in memory: every entry of a memory-only log, those the database could not store otherwise
	head   int     // where the next entry goes
	count  int     // entries in ring
	nextID int64   // the last ID given in memory: counting up without a database, down (below 0) for entries it could not store
	subs   map[int]func(Batch)
	subID  int

	closeOnce sync.Once
	done      chan struct{}
	stopped   chan struct{}
}

// NewLog starts a log writing to db (nil: memory only).
func NewLog(db *sql.DB, opts LogOptions) *Log {
	if opts.Keep <= 0 {
		opts.Keep = 5000
	}
	if opts.Ring <= 0 {
		opts.Ring = 1000
	}
	if opts.Queue <= 0 {
		opts.Queue = 4096
	}
	if opts.Flush <= 0 {
		opts.Flush = 100 * time.Millisecond
	}
	if opts.FloodAt <= 0 {
		opts.FloodAt = 20
	}
	l := &Log{db: db, opts: opts, wake: make(chan struct{}, 1), flushNow: make(chan struct{}, 1),
		subs: map[int]func(Batch){}, done: make(chan struct{}), stopped: make(chan struct{})}
	l.store = l.insert
	go l.run()
	return l
}

// Add queues an entry; it never blocks.
//
// When the queue alone holds more than FloodAt entries, the batch they go into is a flood
// whatever came before them, so Add counts e in the run of the queue's last entry itself
// when it is the same request, as the gatherer would (run): one comparison instead of
// queueing half a kilobyte that the gatherer copies, compares and clears.
func (l *Log) Add(e Entry) {
	l.total.Add(1)
	l.qmu.Lock()
	if n := len(l.queue); n > l.opts.FloodAt {
		if last := &l.queue[n-1]; last.flush == nil && sameRequest(&last.e, &e) {
			last.e.addRun(&e)
			l.qmu.Unlock()
			return
		}
	}
	if len(l.queue) >= l.opts.Queue {
		l.qmu.Unlock()
		l.dropped.Add(1)
		return
	}
	l.queue = append(l.queue, item{e: e})
	first := len(l.queue) == 1
	l.qmu.Unlock()
	if first {
		signal(l.wake)
	}
}

// signal leaves a token in c (capacity 1) unless one is there.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// queued is how many entries wait for the gatherer.
func (l *Log) queued() int {
	l.qmu.Lock()
	defer l.qmu.Unlock()
	return len(l.queue)
}

// take hands the gatherer the queue, and the gatherer's emptied slice becomes the queue.
func (l *Log) take() []item {
	l.qmu.Lock()
	defer l.qmu.Unlock()
	q := l.queue
	l.queue, l.spare = l.spare[:0], nil
	return q
}

// Dropped is how many entries were dropped because the queue was full.
func (l *Log) Dropped() int64 { return l.dropped.Load() }

// NotStored is how many entries the database could not store (they reached the
// subscribers all the same).
func (l *Log) NotStored() int64 { return l.notStored.Load() }

// Total is how many requests were seen, dropped ones included.
func (l *Log) Total() int64 { return l.total.Load() }

// Subscribe calls f with every batch written from now on, on the writer's goroutine (f
// must be quick). The returned function unsubscribes.
func (l *Log) Subscribe(f func(Batch)) (cancel func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subID++
	id := l.subID
	l.subs[id] = f
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.subs, id)
	}
}

// Close writes what is queued and stops the writer.
func (l *Log) Close() {
	l.closeOnce.Do(func() { close(l.done) })
	<-l.stopped
}

// item is an entry, or a flush request (a channel to close once everything before it is written).
type item struct {
	e     Entry
	flush chan struct{}
}

// Flush returns once every entry added before the call is written and passed to the
// subscribers (tests, shutdown). It returns at once after Close.
func (l *Log) Flush() {
	done := make(chan struct{})
	select {
	case <-l.stopped:
		return
	default:
	}
	l.qmu.Lock()
	l.queue = append(l.queue, item{flush: done}) // past Queue too: a flush is not an entry
	l.qmu.Unlock()
	signal(l.flushNow)
	select {
	case <-done:
	case <-l.stopped:
	}
}

// pendingWrite is what the gatherer hands the writer: a batch and the Flush calls to answer
// once it is written.
type pendingWrite struct {
	entries []Entry
	flushes []chan struct{}
}

// run gathers the queued entries into batches (aggregating a flood) and hands them to a
// writer goroutine of its own, so a slow database write never stops the queue from being
// drained: while the writer is busy the batch grows (a flood's run only counts up) until
// it is free or the batch is full. A batch opens with the first entry after a quiet spell
// and takes the queue every Flush/10 until Flush has passed (or a Flush call comes).
func (l *Log) run() {
	writes := make(chan pendingWrite, 1)
	written := make(chan struct{})
	go func() {
		defer close(written)
		for w := range writes {
			if len(w.entries) > 0 {
				l.write(w.entries)
			}
			for _, f := range w.flushes {
				close(f)
			}
		}
	}()
	defer func() {
		close(writes)
		<-written
		close(l.stopped)
	}()
	const maxBatch = 256
	batch := make([]Entry, 0, maxBatch)
	var flushes []chan struct{}
	gathered := 0           // requests in this batch, those aggregated included
	add := func(it *item) { // by pointer: an item is half a kilobyte
		if it.flush != nil {
			flushes = append(flushes, it.flush)
			return
		}
		gathered++
		if gathered > l.opts.FloodAt {
			if gathered == l.opts.FloodAt+1 {
				batch = aggregate(batch) // the flood began in this batch: its start too
			}
			if n := len(batch); n > 0 && sameRequest(&batch[n-1], &it.e) {
				batch[n-1].addRun(&it.e)
				return
			}
		}
		batch = append(batch, it.e)
	}
	// emit hands the batch on, waiting for the writer when must, else only if it is free
	// (this goroutine is the only sender: room in writes now is room at the send).
	emit := func(must bool) bool {
		if len(batch) == 0 && len(flushes) == 0 {
			gathered = 0
			return true
		}
		if !must && len(writes) == cap(writes) {
			return false
		}
		writes <- pendingWrite{entries: slices.Clone(batch), flushes: slices.Clone(flushes)}
		clear(batch) // drop the references to strings of old requests
		batch, flushes, gathered = batch[:0], flushes[:0], 0
		return true
	}
	// process works through what take returned in slices of yieldEvery, letting the
	// requests run between them, and keeps the slice for the next take
	process := func(q []item) {
		for i := range q {
			add(&q[i])
			if len(batch) >= maxBatch {
				emit(true)
			}
			if i%yieldEvery == yieldEvery-1 {
				runtime.Gosched()
			}
		}
		clear(q) // drop the references to strings of old requests
		l.qmu.Lock()
		l.spare = q[:0]
		l.qmu.Unlock()
	}
	pollEvery := max(l.opts.Flush/10, time.Millisecond)
	for {
		select { // idle until an entry or a flush comes
		case <-l.wake:
		case <-l.flushNow:
		case <-l.done:
			process(l.take())
			emit(true)
			return
		}
		deadline := time.Now().Add(l.opts.Flush)
		poll := time.NewTicker(pollEvery)
		closing := false
	gather:
		for {
			process(l.take())
			switch {
			case len(flushes) > 0:
				break gather
			case len(batch) == 0:
				break gather // woken for entries an earlier batch took
			case !time.Now().Before(deadline) && emit(false):
				break gather // else the writer is busy: gather on
			}
			select {
			case <-poll.C:
			case <-l.flushNow:
			case <-l.done:
				closing = true
				break gather
			}
		}
		poll.Stop()
		if closing {
			process(l.take())
			emit(true)
			return
		}
		emit(true)
	}
}

// yieldEvery is how many queued entries the gatherer handles before it lets others run.
const yieldEvery = 256

// write stores a batch (assigning IDs), trims the table and tells the subscribers. A
// batch the database cannot store still reaches the subscribers: the live views show
// every request whatever happens to the file; the first failure of a spell says why.
func (l *Log) write(batch []Entry) {
	out := make([]Entry, len(batch))
	copy(out, batch)
	inMemory := l.db == nil
	var storeErr error
	if l.db != nil {
		if err := l.store(out); err != nil {
			inMemory = true
			l.notStored.Add(int64(len(out)))
			if !l.failing {
				l.failing = true
				storeErr = fmt.Errorf("write the request log to the database: %w", err)
			}
		} else {
			l.failing = false
		}
	}
	l.mu.Lock()
	if inMemory {
		if l.ring == nil {
			l.ring = make([]Entry, l.opts.Ring)
		}
		for i := range out {
			if l.db == nil {
				l.nextID++
			} else {
				l.nextID = min(l.nextID, 0) - 1
			}
			out[i].ID = l.nextID
			l.ring[l.head] = out[i]
			l.head = (l.head + 1) % len(l.ring)
			l.count = min(l.count+1, len(l.ring))
		}
	}
	subs := make([]func(Batch), 0, len(l.subs))
	for _, f := range l.subs {
		subs = append(subs, f)
	}
	l.mu.Unlock()
	b := Batch{Entries: out, Dropped: l.dropped.Load(), StoreError: storeErr}
	for _, f := range subs {
		f(b)
	}
}

// aggregate merges every run of identical requests in batch into its first entry.
func aggregate(batch []Entry) []Entry {
	out := batch[:0]
	for i := range batch {
		if n := len(out); n > 0 && sameRequest(&out[n-1], &batch[i]) {
			out[n-1].addRun(&batch[i])
			continue
		}
		out = append(out, batch[i])
	}
	clear(batch[len(out):])
	return out
}

// sameRequest: b asks what a asked and got the same answer, but for the nonce, timestamp,
// signatures and timing (a reload of the same page, a client retrying in a loop). A phone's
// report or an emulator call is never the same as another.
//
// It runs for every request of a flood, so the cheap comparisons come first: the numbers,
// then the strings that are usually one shared value (a constant, the cached client
// address), and the URL, the longest, last.
func sameRequest(a, b *Entry) bool {
	if a.Report != nil || b.Report != nil || len(a.Signatures) != len(b.Signatures) ||
		a.Status != b.Status || a.Allowed != b.Allowed || a.Customers != b.Customers || a.Cached != b.Cached {
		return false
	}
	for i := range a.Signatures {
		if a.Signatures[i].Kind != b.Signatures[i].Kind || a.Signatures[i].TicketMasked != b.Signatures[i].TicketMasked {
			return false
		}
	}
	return a.Endpoint == b.Endpoint && a.Method == b.Method && a.Profile == b.Profile && a.Client == b.Client &&
		a.Decision == b.Decision && a.Code == b.Code && a.Host == b.Host && a.Origin == b.Origin &&
		a.Message == b.Message && a.Error == b.Error && a.UserAgent == b.UserAgent && a.Path == b.Path && a.URL == b.URL
}

// addRun counts b, identical to e, in e's run.
func (e *Entry) addRun(b *Entry) {
	e.Count = max(e.Count, 1) + max(b.Count, 1)
	e.SeqLast = max(e.SeqLast, e.Seq, b.Seq, b.SeqLast)
	e.LastTime = b.Time
	if !b.LastTime.IsZero() {
		e.LastTime = b.LastTime
	}
}

func (l *Log) insert(out []Entry) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO request_log(at, profile, endpoint, status, client, path, url, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range out {
		js, err := json.Marshal(out[i])
		if err != nil {
			return err
		}
		res, err := stmt.ExecContext(ctx, out[i].Time.UnixMilli(), out[i].Profile, out[i].Endpoint, out[i].Status, out[i].Client, out[i].Path, out[i].URL, string(js))
		if err != nil {
			return err
		}
		if out[i].ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM request_log WHERE id <= (SELECT MAX(id) FROM request_log) - ?`, l.opts.Keep); err != nil {
		return err
	}
	return tx.Commit()
}

// Filter selects log entries. Zero values select everything.
type Filter struct {
	Profile  string `json:"profile"`
	Text     string `json:"text"`     // a substring of the URL, path or client
	Endpoint string `json:"endpoint"` // one of the Endpoint… names
	Failed   bool   `json:"failed"`   // status ≥ 400 only
	BeforeID int64  `json:"beforeId"` // paging: entries older than this ID
	Limit    int    `json:"limit"`    // default 200, at most 1000
}

// ErrNoEntry: Get found no entry with the ID (it was cleared or dropped as the oldest).
var ErrNoEntry = errors.New("no such request in the log")

// List returns the newest entries that match, newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]Entry, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	if f.Limit > 1000 {
		f.Limit = 1000
	}
	if l.db == nil {
		return l.listRing(f), nil
	}
	var where []string
	var args []any
	if f.Profile != "" {
		where, args = append(where, "profile = ?"), append(args, f.Profile)
	}
	if f.Endpoint != "" {
		where, args = append(where, "endpoint = ?"), append(args, f.Endpoint)
	}
	if f.Failed {
		where = append(where, "status >= 400")
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		where = append(where, `(url LIKE ? ESCAPE '\' OR path LIKE ? ESCAPE '\' OR client LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	q := `SELECT id, entry FROM request_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := l.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the request log: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var id int64
		var js string
		if err := rows.Scan(&id, &js); err != nil {
			return nil, fmt.Errorf("read the request log: %w", err)
		}
		var e Entry
		if err := json.Unmarshal([]byte(js), &e); err != nil {
			continue // a row this build cannot read is skipped, not fatal
		}
		e.ID = id
		out = append(out, e)
	}
	return out, rows.Err()
}

// newest is the i-th newest entry of the ring (0: the newest). l.mu must be held.
func (l *Log) newest(i int) Entry {
	n := len(l.ring)
	return l.ring[((l.head-1-i)%n+n)%n]
}

func (l *Log) listRing(f Filter) []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []Entry{}
	t := strings.ToLower(strings.TrimSpace(f.Text))
	for i := 0; i < l.count && len(out) < f.Limit; i++ {
		e := l.newest(i)
		switch {
		case f.Profile != "" && e.Profile != f.Profile,
			f.Endpoint != "" && e.Endpoint != f.Endpoint,
			f.Failed && e.Status < 400,
			f.BeforeID > 0 && e.ID >= f.BeforeID,
			t != "" && !strings.Contains(strings.ToLower(e.URL+"\x00"+e.Path+"\x00"+e.Client), t):
			continue
		}
		out = append(out, e)
	}
	return out
}

// Get returns one entry.
func (l *Log) Get(ctx context.Context, id int64) (Entry, error) {
	if l.db == nil || id < 0 { // in memory (id < 0: one the database could not store)
		l.mu.Lock()
		defer l.mu.Unlock()
		for i := 0; i < l.count; i++ {
			if e := l.newest(i); e.ID == id {
				return e, nil
			}
		}
		return Entry{}, ErrNoEntry
	}
	var js string
	err := l.db.QueryRowContext(ctx, `SELECT entry FROM request_log WHERE id = ?`, id).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, ErrNoEntry
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read the request log: %w", err)
	}
	var e Entry
	if err := json.Unmarshal([]byte(js), &e); err != nil {
		return Entry{}, fmt.Errorf("read the request log: %w", err)
	}
	e.ID = id
	return e, nil
}

// Clear empties the log (the dropped count starts again from zero).
func (l *Log) Clear(ctx context.Context) error {
	l.mu.Lock()
	l.ring, l.head, l.count = nil, 0, 0
	l.mu.Unlock()
	l.dropped.Store(0)
	l.total.Store(0)
	l.notStored.Store(0)
	if l.db == nil {
		return nil
	}
	if _, err := l.db.ExecContext(ctx, `DELETE FROM request_log`); err != nil {
		return fmt.Errorf("clear the request log: %w", err)
	}
	return nil
}
