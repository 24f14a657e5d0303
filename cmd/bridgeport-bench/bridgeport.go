package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// listeningLine finds the address in the server's startup log line,
// `msg="bridgeport listening" addr=127.0.0.1:PORT`.
var listeningLine = regexp.MustCompile(`msg="bridgeport listening" addr=(\S+)`)

// bridgeportProcess is a Bridgeport server the tool started, with a fresh
// data folder of its own.
type bridgeportProcess struct {
	*child
	url     string
	dataDir string
}

// startBridgeport runs bin on a free loopback port with an empty store and
// waits until it answers /health.
func startBridgeport(ctx context.Context, bin string, rules int) (*bridgeportProcess, error) {
	removeOrphanedDataDirs()
	dataDir, err := os.MkdirTemp("", dataDirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// The rules quota is raised as an operator would for a bus with that
	// many rules; AWS's default of 300 stays when it is enough.
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--data", dataDir,
		"--max-rules-per-bus", strconv.Itoa(max(rules, 300)))
	// A fresh server: settings from the caller's environment (an identity
	// file turning on strict mode, say) would change what is measured.
	cmd.Env = environWithout("BRIDGEPORT_")
	addrs := make(chan string, 1)
	c, err := startChild("bridgeport", cmd, func(line string) {
		if m := listeningLine.FindStringSubmatch(line); m != nil {
			select {
			case addrs <- m[1]:
			default:
			}
		}
	})
	if err != nil {
		_ = os.RemoveAll(dataDir)
		return nil, err
	}
	p := &bridgeportProcess{child: c, dataDir: dataDir}
	select {
	case addr := <-addrs:
		p.url = "http://" + addr + "/"
	case <-c.exited:
		p.cleanup()
		return nil, fmt.Errorf("bridgeport exited before listening (%v):\n%s", c.err, c.output())
	case <-time.After(30 * time.Second):
		p.stop()
		return nil, fmt.Errorf("bridgeport did not log its listening address within 30s:\n%s", c.output())
	case <-ctx.Done():
		p.stop()
		return nil, ctx.Err()
	}
	if err := waitHealthy(ctx, p.url+"health", 10*time.Second); err != nil {
		p.stop()
		return nil, fmt.Errorf("bridgeport: %w\n%s", err, c.output())
	}
	return p, nil
}

// stop terminates the server (it drains and closes its store on SIGTERM)
// and removes its data folder.
func (p *bridgeportProcess) stop() error {
	err := p.child.stop(15 * time.Second)
	p.cleanup()
	return err
}

func (p *bridgeportProcess) cleanup() { _ = os.RemoveAll(p.dataDir) }

// dataDirPrefix begins the name of every data folder the tool makes. The
// tool's process ID follows it, so that a later run can tell the folders
// of a tool killed before it could remove them.
const dataDirPrefix = "bridgeport-bench-"

// removeOrphanedDataDirs removes the data folders of tools no longer
// running. A folder named otherwise is left alone.
func removeOrphanedDataDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dataDirPrefix+"*"))
	for _, dir := range dirs {
		pidText, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(dir), dataDirPrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// waitHealthy polls url until it answers 200.
func waitHealthy(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("health check: %w", err)
		}
		resp, err := client.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not healthy within %v (last: %v)", url, limit, err)
		}
		if !sleepUntil(ctx, time.Now().Add(50*time.Millisecond)) {
			return ctx.Err()
		}
	}
}
