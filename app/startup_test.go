package app

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func traceEnv(v string) func(string) string {
	return func(k string) string {
		if k == StartupTraceEnv {
			return v
		}
		return ""
	}
}

func TestStartupTracePrintsNothingUnlessTheEnvironmentAsks(t *testing.T) {
	var out bytes.Buffer
	for _, v := range []string{"", "0", "yes"} {
		tr := NewStartupTrace(traceEnv(v), &out)
		tr.Mark("main")
		NewStartupService(tr).FirstFrame(UIMarks{Painted: 1})
	}
	var nilTrace *StartupTrace
	nilTrace.Mark("main")
	if out.Len() != 0 {
		t.Fatalf("printed %q without %s=1", out.String(), StartupTraceEnv)
	}
}

func TestStartupTracePrintsEachMomentWithItsUnixMicroseconds(t *testing.T) {
	var out bytes.Buffer
	tr := NewStartupTrace(traceEnv("1"), &out)
	tr.At(time.UnixMicro(1700000000123456), "workspace-open")
	if got, want := out.String(), "wecomdev-startup 1700000000123456 workspace-open\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestFirstFramePrintsTheUIMarksItKnowsOnce(t *testing.T) {
	var out bytes.Buffer
	s := NewStartupService(NewStartupTrace(traceEnv("1"), &out))
	s.FirstFrame(UIMarks{Navigation: 1700000000000.5, Mounted: 1700000000100, Painted: 1700000000250.25})
	s.FirstFrame(UIMarks{Painted: 1800000000000})
	want := strings.Join([]string{
		"wecomdev-startup 1700000000000500 ui-navigation",
		"wecomdev-startup 1700000000100000 ui-mounted",
		"wecomdev-startup 1700000000250250 ui-painted",
	}, "\n") + "\n"
	if got := out.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
