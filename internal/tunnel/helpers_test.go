package tunnel

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder keeps every status a tunnel announced.
type recorder struct {
	mu   sync.Mutex
	all  []Status
	ch   chan Status
	outs []string
}

func newRecorder() *recorder { return &recorder{ch: make(chan Status, 1000)} }

func (r *recorder) onStatus(s Status) {
	r.mu.Lock()
	r.all = append(r.all, s)
	r.mu.Unlock()
	r.ch <- s
}

func (r *recorder) onOutput(l string) {
	r.mu.Lock()
	r.outs = append(r.outs, l)
	r.mu.Unlock()
}

func (r *recorder) statuses() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Status(nil), r.all...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.all)
}

// states lists the states announced, like "connecting up down connecting up".
func (r *recorder) states() string {
	var out []string
	for _, s := range r.statuses() {
		out = append(out, s.State)
	}
	return strings.Join(out, " ")
}

// waitFor waits for the next status in state, failing on StateError unless that is the one
// waited for.
func (r *recorder) waitFor(t *testing.T, state string, within time.Duration) Status {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case s := <-r.ch:
			if s.State == state {
				return s
			}
			if s.State == StateError {
				t.Fatalf("tunnel error while waiting for %s: %s\nstates: %s", state, s.Reason, r.states())
			}
		case <-deadline:
			t.Fatalf("no %s status within %s; states: %s", state, within, r.states())
		}
	}
}

// build makes a tunnel with fast retries, not started.
func build(t *testing.T, cfg Config, opts Options) (*runner, *recorder) {
	t.Helper()
	rec := newRecorder()
	onStatus := opts.OnStatus
	opts.OnStatus = func(s Status) {
		if onStatus != nil {
			onStatus(s)
		}
		rec.onStatus(s)
	}
	opts.OnOutput = rec.onOutput
	tun, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := tun.(*runner)
	r.minBackoff, r.maxBackoff = 100*time.Millisecond, time.Second
	t.Cleanup(func() { r.Stop() })
	return r, rec
}

// start makes and starts a tunnel with fast retries; Stop runs at the end of the test.
func start(t *testing.T, cfg Config, opts Options) (*runner, *recorder) {
	t.Helper()
	r, rec := build(t, cfg, opts)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r, rec
}

func eventually(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pids reads the "pid N" and "child N" lines of the fake tunnel's output, latest last.
func pids(out []string, what string) []int {
	var ps []int
	for _, l := range out {
		if n, ok := strings.CutPrefix(l, what+" "); ok {
			if p, err := strconv.Atoi(n); err == nil {
				ps = append(ps, p)
			}
		}
	}
	return ps
}
