package main

// Timing, as src/runner.ts `measure` does it: warm up in growing rounds until
// the warm-up time has passed, set the calls per batch from the last warm-up
// round, then time the batches: wall time (monotonic clock) and CPU time
// (getrusage: user + system of the whole process) per call, in ns.

import (
	"sort"
	"syscall"
	"time"
)

type timing struct {
	batches int
	batchMs float64
	warmup  time.Duration
}

// batches is one round of one case: the per-call time of each batch.
type batches struct {
	Wall          []float64 `json:"wall"`
	CPU           []float64 `json:"cpu"`
	CallsPerBatch int       `json:"callsPerBatch"`
}

// sink takes every result, so that no call can be dropped as dead code.
var sink float64

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func measure(run func() float64, t timing) batches {
	calls, made := 1, 0
	perCallNs := 0.0
	warmupEnd := time.Now().Add(t.warmup)
	for {
		t0 := time.Now()
		for i := 0; i < calls; i++ {
			sink += run()
		}
		elapsed := time.Since(t0)
		made += calls
		perCallNs = float64(elapsed.Nanoseconds()) / float64(calls)
		if !time.Now().Before(warmupEnd) && made >= 5 {
			break
		}
		if float64(elapsed.Nanoseconds()) < t.batchMs*1e6/4 {
			calls *= 2
		}
	}
	callsPerBatch := int(t.batchMs*1e6/maxFloat(perCallNs, 1) + 0.5)
	if callsPerBatch < 1 {
		callsPerBatch = 1
	}
	out := batches{CallsPerBatch: callsPerBatch}
	for b := 0; b < t.batches; b++ {
		c0 := cpuNow()
		t0 := time.Now()
		for i := 0; i < callsPerBatch; i++ {
			sink += run()
		}
		wall := time.Since(t0)
		cpu := cpuNow() - c0
		out.Wall = append(out.Wall, float64(wall.Nanoseconds())/float64(callsPerBatch))
		out.CPU = append(out.CPU, float64(cpu.Nanoseconds())/float64(callsPerBatch))
	}
	return out
}

func maxFloat(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// median of every batch of every round.
func median(rounds []batches, of func(batches) []float64) float64 {
	var all []float64
	for _, r := range rounds {
		all = append(all, of(r)...)
	}
	sort.Float64s(all)
	at := float64(len(all)-1) / 2
	lo, hi := all[int(at)], all[int(at+0.5)]
	return lo + (hi-lo)*(at-float64(int(at)))
}
