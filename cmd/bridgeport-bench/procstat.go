package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat. It
// is 100 on every Linux architecture Go supports, and reading it from
// sysconf would need cgo.
const clockTicks = 100

// procSample is a process's CPU time and memory at one instant.
type procSample struct {
	at    time.Time
	cpu   time.Duration // utime + stime
	rssKB int64         // VmRSS
	hwmKB int64         // VmHWM, the peak RSS
}

// readProc samples process pid from /proc.
func readProc(pid int) (procSample, error) {
	s := procSample{at: time.Now()}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return s, fmt.Errorf("read CPU time of process %d: %w", pid, err)
	}
	// The command name (field 2) may hold spaces and parentheses: fields
	// are counted from the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return s, fmt.Errorf("process %d: malformed stat", pid)
	}
	fields := strings.Fields(string(stat[i+1:]))
	// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return s, fmt.Errorf("process %d: stat has %d fields", pid, len(fields)+2)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return s, fmt.Errorf("process %d: malformed utime/stime", pid)
	}
	s.cpu = time.Duration(utime+stime) * time.Second / clockTicks

	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, fmt.Errorf("read memory of process %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch key {
		case "VmRSS":
			s.rssKB = parseKB(value)
		case "VmHWM":
			s.hwmKB = parseKB(value)
		}
	}
	return s, nil
}

func parseKB(v string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
	return n
}

// usage is what a process used between two samples.
type usage struct {
	CPUPercent float64 `json:"cpu_percent"` // of one core
	RSSMB      float64 `json:"rss_mb"`      // at the end
	PeakRSSMB  float64 `json:"peak_rss_mb"` // VmHWM at the end
}

func usageBetween(a, b procSample) *usage {
	wall := b.at.Sub(a.at)
	if wall <= 0 {
		return nil
	}
	return &usage{
		CPUPercent: round(100*float64(b.cpu-a.cpu)/float64(wall), 1),
		RSSMB:      round(float64(b.rssKB)/1024, 1),
		PeakRSSMB:  round(float64(b.hwmKB)/1024, 1),
	}
}
