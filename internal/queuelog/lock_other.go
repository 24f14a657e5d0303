//go:build !unix

package queuelog

import "os"

// lockFile does nothing: this platform has no flock, so nothing stops a
// second process from opening the same folder.
func lockFile(*os.File) error { return nil }
