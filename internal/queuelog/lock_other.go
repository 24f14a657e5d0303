//go:build !unix

package queuelog

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir opens the lock file without locking it: this platform has no
// flock, so nothing stops a second process from opening the same folder.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock queue log: %w", err)
	}
	return f, nil
}
