package queuelog

import (
	"os"
	"syscall"
)

// fdatasync flushes a segment's data and size, skipping the inode times
// that fsync would also write: a segment only ever grows by appends.
func fdatasync(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var syncErr error
	if err := rc.Control(func(fd uintptr) {
		for {
			syncErr = syscall.Fdatasync(int(fd))
			if syncErr != syscall.EINTR {
				return
			}
		}
	}); err != nil {
		return err
	}
	return syncErr
}
