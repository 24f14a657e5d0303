package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

func TestDataFoldersOfDeadToolsAreRemoved(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux tells the tool whether another process is running")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	folders := map[string]bool{ // name: whether it should remain
		dataDirPrefix + strconv.Itoa(exited.Process.Pid) + "-1234": false,
		dataDirPrefix + strconv.Itoa(os.Getpid()) + "-1234":        true,
		dataDirPrefix + "1234567":                                  true, // no process ID in its name
		"other-" + strconv.Itoa(exited.Process.Pid) + "-1234":      true,
	}
	for name := range folders {
		if err := os.Mkdir(filepath.Join(tmp, name), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	removeOrphanedDataDirs()
	for name, remains := range folders {
		_, err := os.Stat(filepath.Join(tmp, name))
		if got := err == nil; got != remains {
			t.Errorf("%s: remains = %v, want %v", name, got, remains)
		}
	}
}
