//go:build unix

package queuelog

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes f's exclusive lock without waiting. The lock goes with
// the process, however it ends.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrInUse
	}
	return err
}
