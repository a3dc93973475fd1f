package main

import (
	"fmt"
	"os/exec"
	"runtime"
)

// The CPUs of a pinned run: the load generator on one, the server under load on the
// other, so they do not fight over the same core (on 2 cores, unpinned, every server,
// bare Go included, shows a p99 of 7–9 ms from that fight alone).
const (
	loadCPU   = "0"
	serverCPU = "1"
)

// pinning is how the load test places the load generator and the servers on CPUs.
type pinning struct {
	taskset string // taskset's path; "" unpinned
}

// pin is the run's pinning, set by main.
var pin pinning

// choosePinning pins with taskset (util-linux) when asked and the machine has 2 CPUs or
// more; otherwise it returns an unpinned run and why ("" when unpinned was asked for).
func choosePinning(want bool, numCPU int, lookPath func(string) (string, error)) (pinning, string) {
	if !want {
		return pinning{}, ""
	}
	if numCPU < 2 {
		return pinning{}, fmt.Sprintf("warning: %d CPU: the load generator and the servers share it (unpinned), so p99 says little", numCPU)
	}
	ts, err := lookPath("taskset")
	if err != nil {
		return pinning{}, "warning: taskset not found (apt-get install -y util-linux, or scripts/setup.sh --bench): unpinned, the load generator and the servers share the CPUs"
	}
	return pinning{taskset: ts}, ""
}

// pinned says whether the run pins.
func (p pinning) pinned() bool { return p.taskset != "" }

// wrap is argv run on cpu (unchanged when unpinned).
func (p pinning) wrap(cpu string, argv []string) []string {
	if !p.pinned() {
		return argv
	}
	return append([]string{p.taskset, "-c", cpu}, argv...)
}

// describe is the machine line's word on pinning.
func (p pinning) describe() string {
	if !p.pinned() {
		return "unpinned: the load generator and the servers share the CPUs"
	}
	return "pinned: the load generator on CPU " + loadCPU + ", each server on CPU " + serverCPU + " (taskset)"
}

// pinSelf pins this process's threads to the server's CPU and gives it one P, as a
// server started on that CPU alone would have (the -cpuprofile / -trace runs serve in
// this process).
func (p pinning) pinSelf(pid int) error {
	if !p.pinned() {
		return nil
	}
	if out, err := exec.Command(p.taskset, "-a", "-p", "-c", serverCPU, fmt.Sprint(pid)).CombinedOutput(); err != nil {
		return fmt.Errorf("taskset -a -p -c %s %d: %v: %s", serverCPU, pid, err, out)
	}
	runtime.GOMAXPROCS(1)
	return nil
}
