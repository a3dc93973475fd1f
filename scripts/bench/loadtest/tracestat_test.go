package main

import (
	"strings"
	"testing"
	"time"
)

// Events as `go tool trace -d=parsed` prints them (Go 1.26), times in ns: g7 runs 0–1 ms,
// g8 waits from 0.5 ms and runs from 1 ms to 1.5 ms (a wait of 0.5 ms, all of it g7 running),
// then enters a file write that loses its P (2 ms), and a GC mark phase of 3 ms.
const parsedTrace = `M=1 P=0 G=-1 StateTransition Time=1000000 GoID=7 Runnable->Running Reason=""
M=1 P=0 G=7 StateTransition Time=1500000 GoID=8 Waiting->Runnable Reason=""
Stack=
	wecomdev/internal/devserver.(*Log).Add @ 0x1
		/x/log.go:1
M=1 P=0 G=7 StateTransition Time=2000000 GoID=7 Running->Waiting Reason="chan receive"
Stack=
	runtime.gopark @ 0x1
		/x/proc.go:1
	wecomdev/internal/devserver.(*Log).run @ 0x2
		/x/log.go:2
M=1 P=0 G=-1 StateTransition Time=2000000 GoID=8 Runnable->Running Reason=""
M=1 P=0 G=8 StateTransition Time=2500000 GoID=8 Running->Syscall Reason=""
Stack=
	syscall.write @ 0x1
		/x/zsyscall.go:1
	wecomdev/internal/cli.(*lineWriter).run @ 0x2
		/x/serve.go:1
M=2 P=-1 G=8 StateTransition Time=4500000 GoID=8 Syscall->Runnable Reason=""
M=1 P=0 G=9 RangeBegin Time=5000000 Name="GC concurrent mark phase" Scope=None
M=1 P=0 G=9 RangeEnd Time=8000000 Name="GC concurrent mark phase" Scope=None Attributes=[]
`

func TestTheTracesEventsGiveWaitsRunsLostProcessorsSyscallsAndGCPhases(t *testing.T) {
	st, err := parseTrace(strings.NewReader(parsedTrace))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.waits) != 1 || st.waits[0] != (span{1500000, 2000000}) || st.busyInWait[0] != 500*time.Microsecond {
		t.Errorf("waits %v, Go running in them %v: want one of 0.5 ms, all of it Go", st.waits, st.busyInWait)
	}
	if len(st.runs) != 2 || st.runs[0].what != "wecomdev/internal/devserver.(*Log).run" || st.runs[1].what != "wecomdev/internal/cli.(*lineWriter).run" {
		t.Errorf("runs %+v", st.runs)
	}
	if st.lostP != 1 {
		t.Errorf("%d goroutines lost their P in a syscall, want 1", st.lostP)
	}
	if v := st.syscalls["wecomdev/internal/cli.(*lineWriter).run"]; len(v) != 1 || v[0] != 2*time.Millisecond {
		t.Errorf("syscalls %v, want the line writer's one of 2 ms", st.syscalls)
	}
	if v := st.ranges["GC concurrent mark phase"]; len(v) != 1 || v[0] != 3*time.Millisecond {
		t.Errorf("GC phases %v", st.ranges)
	}
	var out strings.Builder
	st.print(&out, 1)
	if !strings.Contains(out.String(), "goroutines whose P was taken in a syscall (to the global run queue): 1") {
		t.Errorf("printed:\n%s", out.String())
	}
}
