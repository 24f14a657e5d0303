package main

import (
	"context"
	"time"
)

// idleCPUPercent is the CPU use, in percent of one core, below which a
// server counts as idle.
const idleCPUPercent = 10

// settle waits until process pid is idle, for at most limit, and reports
// how long it waited and whether the process was still busy. A run ends
// by cancelling its in-flight requests, but a server may keep working on
// them (moto finishes every accepted request); that work must not be
// charged to the next run, which shares the CPU.
func settle(ctx context.Context, pid int, limit time.Duration) (waited time.Duration, busy bool) {
	start := time.Now()
	prev, err := readProc(pid)
	if err != nil {
		return 0, false
	}
	for {
		if !sleepUntil(ctx, time.Now().Add(250*time.Millisecond)) {
			return time.Since(start), true
		}
		cur, err := readProc(pid)
		if err != nil {
			return time.Since(start), false
		}
		if u := usageBetween(prev, cur); u != nil && u.CPUPercent < idleCPUPercent {
			return time.Since(start), false
		}
		if time.Since(start) > limit {
			return time.Since(start), true
		}
		prev = cur
	}
}
