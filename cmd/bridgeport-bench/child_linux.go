package main

import (
	"os"
	"strconv"
	"syscall"
)

// dieWithParent has the kernel stop a child when the tool dies, however it
// dies (a signal it does not catch, a panic): a server left behind would
// keep its port and load the machine under the next run. The signal is
// tied to the thread that started the child; the tool locks no goroutine
// to a thread, so Go never ends that thread early.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }

// processAlive reports whether a process with this ID is running.
func processAlive(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}
