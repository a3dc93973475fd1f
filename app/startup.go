package app

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// StartupTraceEnv, set to 1, makes the GUI print its start-up timeline to stderr, one
// "wecomdev-startup <unix µs> <phase>" line per moment; scripts/startup-time.sh reads it.
const StartupTraceEnv = "WECOMDEV_STARTUP_TRACE"

// StartupTrace prints start-up moments. The zero value and nil print nothing.
type StartupTrace struct {
	mu sync.Mutex
	w  io.Writer
}

// NewStartupTrace returns a trace that writes to w when getenv(StartupTraceEnv) is "1",
// and one that prints nothing otherwise.
func NewStartupTrace(getenv func(string) string, w io.Writer) *StartupTrace {
	if getenv(StartupTraceEnv) != "1" {
		return &StartupTrace{}
	}
	return &StartupTrace{w: w}
}

// Mark records that phase happened now.
func (t *StartupTrace) Mark(phase string) { t.At(time.Now(), phase) }

// At records that phase happened at when.
func (t *StartupTrace) At(when time.Time, phase string) {
	if t == nil || t.w == nil || when.IsZero() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "wecomdev-startup %d %s\n", when.UnixMicro(), phase)
}

// UIMarks are the UI's own start-up moments, in milliseconds since the Unix epoch
// (performance.timeOrigin + performance.now()); 0 when unknown.
type UIMarks struct {
	Navigation float64 `json:"navigation"` // the page's time origin
	Script     float64 `json:"script"`     // main.ts began to run
	Mounted    float64 `json:"mounted"`    // the app was mounted
	Painted    float64 `json:"painted"`    // the first frame with the app was painted
}

// StartupService hears from the UI when its first frame is on screen.
type StartupService struct {
	trace *StartupTrace
	once  sync.Once
}

// NewStartupService returns the service; it prints the UI's marks to trace.
func NewStartupService(trace *StartupTrace) *StartupService {
	return &StartupService{trace: trace}
}

// FirstFrame is called by the UI once, after its first frame with the app was painted;
// under WECOMDEV_STARTUP_TRACE=1 it prints the UI's marks. Later calls do nothing.
func (s *StartupService) FirstFrame(m UIMarks) {
	s.once.Do(func() {
		for _, p := range []struct {
			ms    float64
			phase string
		}{{m.Navigation, "ui-navigation"}, {m.Script, "ui-script"}, {m.Mounted, "ui-mounted"}, {m.Painted, "ui-painted"}} {
			if p.ms > 0 {
				s.trace.At(time.UnixMicro(int64(p.ms*1000)), p.phase)
			}
		}
	})
}
