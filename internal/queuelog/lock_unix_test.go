//go:build unix

package queuelog

import (
	"errors"
	"testing"
)

func TestASecondOpenOfTheSameFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	if second, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		if err == nil {
			second.Close()
		}
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	again.Close()
}
