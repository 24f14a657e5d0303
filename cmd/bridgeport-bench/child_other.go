//go:build !linux

package main

import "syscall"

// dieWithParent does nothing here: only Linux can tie a child's life to
// its parent's. The tool still stops its children on every exit it sees.
func dieWithParent(*syscall.SysProcAttr) {}
