package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is a server process the tool started and must stop.
type child struct {
	name   string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been waited for
	err    error         // its exit status, once exited is closed

	mu   sync.Mutex
	tail []string // its last lines of output, to explain a failure
}

// tailLines is how much of a child's output is kept for error messages.
const tailLines = 30

// startChild runs cmd in a process group of its own, so that stopping it
// also stops whatever it started, and calls onLine for every line it
// writes. Output is always drained: a server blocked on a full pipe would
// measure as a slow server.
func startChild(name string, cmd *exec.Cmd, onLine func(string)) (*child, error) {
	c := &child{name: name, cmd: cmd, exited: make(chan struct{})}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
	out, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cmd.Stdout = cmd.Stderr // both into the pipe
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			c.keep(line)
			if onLine != nil {
				onLine(line)
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() {
		<-scanned // Wait closes the pipe: read it to the end first
		c.err = cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

func (c *child) keep(line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tail = append(c.tail, line)
	if len(c.tail) > tailLines {
		c.tail = c.tail[len(c.tail)-tailLines:]
	}
}

// output is the child's last lines, indented for an error message.
func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.tail) == 0 {
		return "(no output)"
	}
	return "  " + strings.Join(c.tail, "\n  ")
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// stop asks the child's process group to terminate, and kills it if it
// has not after grace.
func (c *child) stop(grace time.Duration) error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	pgid := c.cmd.Process.Pid
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("stop %s: %w", c.name, err)
	}
	select {
	case <-c.exited:
		return nil
	case <-time.After(grace):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-c.exited
	return fmt.Errorf("%s did not stop within %v and was killed", c.name, grace)
}

// environWithout is the tool's environment minus the variables with the
// given prefix.
func environWithout(prefix string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, prefix) {
			env = append(env, kv)
		}
	}
	return env
}
