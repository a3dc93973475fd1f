package app

import (
	"sync"
	"time"

	"wecomdev/internal/devserver"
)

// Event names, "domain:event". Mirrored in frontend/src/api/events.ts (a test checks).
const (
	// EventSettingsChanged carries a settings.Snapshot after every saved change.
	EventSettingsChanged = "settings:changed"
	// EventTicketsChanged carries a tickets.Status after every fetch, success or failure.
	EventTicketsChanged = "tickets:changed"
	// EventDevServerStatus carries a DevServerStatus after start, stop and every change.
	EventDevServerStatus = "devserver:status"
	// EventDevServerRequests carries a RequestsEvent: the requests logged since the last one,
	// at most once per requestsEvery.
	EventDevServerRequests = "devserver:requests"
	// EventTunnelStatus carries a TunnelView after every change of the tunnel.
	EventTunnelStatus = "tunnel:status"
	// EventJoinWayPool carries a joinway.PoolStatus after every change of a profile's
	// buffer pool; Low is the alert to build more groups.
	EventJoinWayPool = "joinway:pool"
	// EventJoinWayBatch carries a BatchEvent after each code of a batch and when it ends.
	EventJoinWayBatch = "joinway:batch"
	// EventNetworkUpdate carries a NetworkUpdateEvent: a page's captured requests (and its
	// environment when it changed), after every batch the reporter sent.
	EventNetworkUpdate = "network:update"
)

// eventNames lists every event, for the mirror test.
var eventNames = []string{EventSettingsChanged, EventTicketsChanged, EventDevServerStatus, EventDevServerRequests, EventTunnelStatus, EventJoinWayPool, EventJoinWayBatch, EventNetworkUpdate}

// requestsEvery is how often at most the UI gets a devserver:requests event: under a flood
// the log writes a batch every few milliseconds, and an event each would keep the UI busy
// redrawing the live log.
const requestsEvery = 250 * time.Millisecond

// requestBatcher hands the request log's batches on merged, at most once per every: the
// first batch after a quiet spell at once, the next ones together when every has passed
// since the last hand-on. It keeps the newest keep entries of what it merges and counts the
// others (they are in the log).
type requestBatcher struct {
	every time.Duration
	keep  int
	send  func(b devserver.Batch, left int) // left: entries merged but not kept

	mu      sync.Mutex
	pending devserver.Batch
	left    int
	due     bool        // pending holds something to hand on
	timer   *time.Timer // armed while a hand-on is due later
	last    time.Time   // the last hand-on
	closed  bool

	sendMu sync.Mutex // one hand-on at a time, in order
}

func newRequestBatcher(every time.Duration, keep int, send func(devserver.Batch, int)) *requestBatcher {
	return &requestBatcher{every: every, keep: keep, send: send}
}

// add takes a batch of the log (the log's Subscribe callback: it never blocks for long).
func (r *requestBatcher) add(b devserver.Batch) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.pending.Entries = append(r.pending.Entries, b.Entries...)
	if n := len(r.pending.Entries); n > r.keep {
		r.left += n - r.keep
		r.pending.Entries = append(r.pending.Entries[:0:0], r.pending.Entries[n-r.keep:]...)
	}
	r.pending.Dropped = max(r.pending.Dropped, b.Dropped)
	if r.pending.StoreError == nil {
		r.pending.StoreError = b.StoreError
	}
	r.due = true
	if r.timer != nil {
		r.mu.Unlock()
		return
	}
	wait := r.every - time.Since(r.last)
	if wait > 0 {
		r.timer = time.AfterFunc(wait, r.flush)
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	r.flush()
}

// flush hands on what is pending.
func (r *requestBatcher) flush() {
	r.sendMu.Lock()
	defer r.sendMu.Unlock()
	r.mu.Lock()
	b, left, due := r.pending, r.left, r.due
	r.pending, r.left, r.due, r.timer = devserver.Batch{}, 0, false, nil
	if due {
		r.last = time.Now()
	}
	r.mu.Unlock()
	if due {
		r.send(b, left)
	}
}

// close hands on what is pending now and ignores later batches.
func (r *requestBatcher) close() {
	r.mu.Lock()
	r.closed = true
	if r.timer != nil {
		r.timer.Stop()
	}
	r.mu.Unlock()
	r.flush()
}
