#!/usr/bin/env bash
# Runs the benchmarks and prints each beside the baseline of the same run: a hex SHA-1 of
# a prebuilt 200-byte sign string (jssdk's BenchmarkBaselineSHA1), the floor any signing
# path stands on. Ratios, not seconds, are what to compare between machines.
#
# Then a load test on loopback (scripts/bench/loadtest): wrk -t1 -c64 --latency against
# `wecomdev serve` (with --json to a file and without), a minimal Node.js signer
# (scripts/bench/node-signer.mjs) and a bare Go signer (scripts/bench/baresigner), in rounds,
# with req/s, p99 and each wecomdev run's ratio to the bare Go and Node signers of the same
# round, judged on the medians over the rounds. Pinned: wrk on CPU 0, each server on CPU 1
# (taskset; BENCH_UNPINNED=1 lets them share the CPUs). BENCH_LOAD_SECONDS sets the measured window (default 1.5 s per target and
# round), BENCH_ROUNDS the rounds (default 8).
#
# Then (BENCH_PROFILE=0 leaves it out) `serve --json` once more, in the load test's process
# and pinned the same way: its CPU profile's top entries, and its execution trace's view of
# the scheduler (how long runnable goroutines waited for the P, and why).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench . -benchmem -count "${BENCH_COUNT:-3}" ./internal/jssdk/ ./internal/workspace/)
echo "$out" | grep -E '^(Benchmark|ok|PASS|FAIL)'
echo
echo "$out" | awk '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 2; i <= NF; i++) {
		if ($(i+1) == "ns/op") ns[name] += $i
		if ($(i+1) == "allocs/op") allocs[name] = $i
	}
	runs[name]++
}
END {
	base = ns["BenchmarkBaselineSHA1"] / runs["BenchmarkBaselineSHA1"]
	printf "%-28s %12s %14s %10s %12s\n", "benchmark", "ns/op", "signatures/s", "allocs/op", "x baseline"
	for (n in ns) {
		avg = ns[n] / runs[n]
		printf "%-28s %12.0f %14.0f %10s %12.2f\n", n, avg, 1e9 / avg, allocs[n], avg / base
	}
}' | sort -k5 -n

echo
echo "load test: wecomdev serve vs a bare Go and a minimal Node.js signer (go run ./scripts/bench/loadtest)"
go run ./scripts/bench/loadtest

if [[ "${BENCH_PROFILE:-1}" != 0 ]]; then
	prof=$(mktemp -d)
	trap 'rm -rf "$prof"' EXIT
	echo
	echo "profile: serve --json under the same load (go run ./scripts/bench/loadtest -d 4s -cpuprofile)"
	go run ./scripts/bench/loadtest -d 4s -cpuprofile "$prof/cpu.prof"
	echo
	echo "trace: serve --json under the same load (go run ./scripts/bench/loadtest -d 3s -trace)"
	go run ./scripts/bench/loadtest -d 3s -trace "$prof/trace.out"
fi
