package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func found(string) (string, error)    { return "/usr/bin/taskset", nil }
func notFound(string) (string, error) { return "", errors.New("not found") }

func TestTwoCPUsAndTasksetPinWrkOnCPU0AndTheServerOnCPU1(t *testing.T) {
	p, warn := choosePinning(true, 2, found)
	if !p.pinned() || warn != "" {
		t.Fatalf("pinned %v, warning %q", p.pinned(), warn)
	}
	if got := p.wrap(loadCPU, []string{"wrk", "-t1"}); !slices.Equal(got, []string{"/usr/bin/taskset", "-c", "0", "wrk", "-t1"}) {
		t.Errorf("wrk runs as %v", got)
	}
	if got := p.wrap(serverCPU, []string{"wecomdev", "serve"}); !slices.Equal(got, []string{"/usr/bin/taskset", "-c", "1", "wecomdev", "serve"}) {
		t.Errorf("the server runs as %v", got)
	}
	if !strings.Contains(p.describe(), "pinned") {
		t.Errorf("the run does not say it is pinned: %q", p.describe())
	}
}

func TestOneCPUOrNoTasksetRunsUnpinnedWithAWarningAndUnpinnedAsksForNone(t *testing.T) {
	for _, c := range []struct {
		name string
		cpus int
		look func(string) (string, error)
		want bool // a warning
	}{{"one CPU", 1, found, true}, {"no taskset", 4, notFound, true}} {
		p, warn := choosePinning(true, c.cpus, c.look)
		if p.pinned() || !strings.HasPrefix(warn, "warning:") {
			t.Errorf("%s: pinned %v, warning %q", c.name, p.pinned(), warn)
		}
		if got := p.wrap(serverCPU, []string{"x"}); !slices.Equal(got, []string{"x"}) {
			t.Errorf("%s: unpinned runs %v", c.name, got)
		}
	}
	if p, warn := choosePinning(false, 2, found); p.pinned() || warn != "" || !strings.HasPrefix(p.describe(), "unpinned") {
		t.Errorf("-unpinned: pinned %v, warning %q, %q", p.pinned(), warn, p.describe())
	}
}
