package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// buildBinary compiles cmd/bridgeport once per test run.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "bridgeport-e2e-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bridgeport")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/bridgeport").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

var listenLine = regexp.MustCompile(`msg="bridgeport listening" addr=(\S+)`)

// startProcess runs the real binary on a free loopback port.
func startProcess(t *testing.T, dataDir string, extraArgs ...string) (*exec.Cmd, string) {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--listen", "127.0.0.1:0", "--data", dataDir}, extraArgs...)...)
	cmd.Env = append(os.Environ(), "BRIDGEPORT_IDENTITIES=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stderr)
	addr := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if m := listenLine.FindStringSubmatch(lines.Text()); m != nil {
				addr <- m[1]
			}
			if os.Getenv("BRIDGEPORT_TEST_LOG") != "" {
				fmt.Fprintln(os.Stderr, "server:", lines.Text())
			}
		}
	}()
	select {
	case a := <-addr:
		return cmd, "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
		return nil, ""
	}
}

// TestKill9LosesNothingAcknowledged writes from several clients, kills the
// process with SIGKILL mid-stream, and checks after a restart that every
// write that was answered 200 is there.
func TestKill9LosesNothingAcknowledged(t *testing.T) {
	dataDir := t.TempDir()
	cmd, url := startProcess(t, dataDir)
	partner := newClient(url, partnerAccount, "s", "us-east-1")
	customer := newClient(url, customerAccount, "s", "us-east-1")
	offerAndAccept(t, partner, customer, sourceName)
	// The receiver outlives the killed process: the restarted server
	// delivers what the first one acknowledged but had not sent.
	rcv := tap(t, customer, sourceName)

	var mu sync.Mutex
	var ackedSources []string
	var ackedEvents []string
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				name := fmt.Sprintf("aws.partner/acme.com/w%d/s%d", w, i)
				if _, err := partner.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{
					Name: aws.String(name), Account: aws.String(customerAccount)}); err == nil {
					mu.Lock()
					ackedSources = append(ackedSources, name)
					mu.Unlock()
				}
				out, err := partner.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{Entries: []types.PutPartnerEventsRequestEntry{
					{Source: aws.String(sourceName), DetailType: aws.String("t"), Detail: aws.String(`{"n":1}`)}}})
				if err == nil && out.FailedEntryCount == 0 {
					mu.Lock()
					ackedEvents = append(ackedEvents, aws.ToString(out.Entries[0].EventId))
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	_ = cmd.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(ackedSources) < 10 || len(ackedEvents) < 10 {
		t.Fatalf("too few acknowledged writes before the kill (%d sources, %d events) to prove anything", len(ackedSources), len(ackedEvents))
	}

	ts := startServer(t, withDataDir(dataDir))
	p := ts.client(partnerAccount, "s")
	for _, name := range ackedSources {
		if _, err := p.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(name)}); err != nil {
			t.Fatalf("acknowledged source %s lost after kill -9: %v", name, err)
		}
	}
	waitFor(t, "every acknowledged event to be delivered", func() bool {
		got := rcv.ids()
		for _, id := range ackedEvents {
			if !got[id] {
				return false
			}
		}
		return true
	})
	t.Logf("after kill -9: all %d acknowledged sources and %d acknowledged events present", len(ackedSources), len(ackedEvents))
}

// TestSIGTERMDrainsAndExitsCleanly checks the graceful stop path of the binary.
func TestSIGTERMDrainsAndExitsCleanly(t *testing.T) {
	dataDir := t.TempDir()
	cmd, url := startProcess(t, dataDir)
	c := newClient(url, partnerAccount, "s", "us-east-1")
	must[*eventbridge.CreatePartnerEventSourceOutput](t)(c.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	ts := startServer(t, withDataDir(dataDir))
	must[*eventbridge.DescribePartnerEventSourceOutput](t)(ts.client(partnerAccount, "s").DescribePartnerEventSource(ctx,
		&eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)}))
}
