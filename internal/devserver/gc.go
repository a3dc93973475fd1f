package devserver

import (
	"os"
	"runtime/debug"
	"sync"
)

// The garbage collector while a dev server runs.
//
// Under load the dev server's live heap is about 2 MB, so with Go's default (GOGC=100, a
// heap goal of twice the live heap and at least 4 MB) the collector ran about 40 times a
// second at 45k signatures a second, each cycle scanning every connection's goroutine
// stacks (GODEBUG=gctrace=1, `wecomdev serve sandbox` pinned to one CPU under wrk -c64,
// 2026-12-06). Letting the heap grow to five times the live heap before a cycle costs a few
// megabytes and gave 1.07× (GOGC=200 against the default, twice) and 1.03× (400 against 200)
// the signatures per second on the same binary (interleaved rounds, medians; issue 16's
// note). The soft memory limit keeps that from growing without bound: near it the
// collector runs as often as it must to stay under it.
//
// A developer's own GOGC or GOMEMLIMIT wins over these.
const (
	servingGCPercent   = 400
	servingMemoryLimit = 512 << 20
)

var tuneGCOnce sync.Once

// tuneGC applies the serving settings once per process (the first Start), but for what
// the environment sets itself.
func tuneGC() {
	tuneGCOnce.Do(func() {
		pct, limit := gcSettings(os.Getenv)
		if pct > 0 {
			debug.SetGCPercent(pct)
		}
		if limit > 0 {
			debug.SetMemoryLimit(limit)
		}
	})
}

// gcSettings is what tuneGC sets: the GC percent and the soft memory limit, 0 where the
// environment has its own.
func gcSettings(getenv func(string) string) (percent int, limit int64) {
	if getenv("GOGC") == "" {
		percent = servingGCPercent
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = servingMemoryLimit
	}
	return percent, limit
}
