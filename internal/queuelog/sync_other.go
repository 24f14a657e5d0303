//go:build !linux

package queuelog

import "os"

// fdatasync is a full sync where the platform has no fdatasync; on macOS
// os.File.Sync asks the drive to flush its cache too (F_FULLFSYNC).
func fdatasync(f *os.File) error { return f.Sync() }
