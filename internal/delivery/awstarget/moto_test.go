package awstarget

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

const testRegion = "us-east-1"

// emulator is one moto server shared by every test of the package that
// needs one. Starting moto takes about a second, so tests share it and
// keep apart by naming their resources after themselves.
var emulator motoServer

func TestMain(m *testing.M) {
	code := m.Run()
	emulator.stop()
	os.Exit(code)
}

type motoServer struct {
	once     sync.Once
	cmd      *exec.Cmd
	output   bytes.Buffer
	endpoint string
	skip     string
	err      error
}

// motoEndpoint returns the base URL of the shared moto server, starting it
// on first use. Tests skip when moto_server is not installed.
func motoEndpoint(t *testing.T) string {
	t.Helper()
	emulator.once.Do(emulator.start)
	if emulator.skip != "" {
		t.Skip(emulator.skip)
	}
	if emulator.err != nil {
		t.Fatal(emulator.err)
	}
	return emulator.endpoint
}

func (m *motoServer) start() {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		m.skip = "moto_server is not on PATH; install moto[server] to run the tests against an AWS emulator"
		return
	}
	port, err := freePort()
	if err != nil {
		m.err = err
		return
	}
	m.cmd = exec.Command(bin, "-H", "127.0.0.1", "-p", port)
	m.cmd.Stdout = &m.output
	m.cmd.Stderr = &m.output
	// Its own process group, so stop reaches whatever a launcher script
	// (such as a Python version manager's shim) started under it.
	m.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := m.cmd.Start(); err != nil {
		m.err = fmt.Errorf("start moto_server: %w", err)
		return
	}
	exited := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(exited) }()
	m.endpoint = "http://127.0.0.1:" + port
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			m.err = fmt.Errorf("moto_server exited before answering: %s", m.output.String())
			return
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := http.Get(m.endpoint + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	m.err = errors.New("moto_server did not answer within 30s")
}

func (m *motoServer) stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	pgid := m.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	for i := 0; i < 50; i++ {
		if syscall.Kill(-pgid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

// testAWS is an SDK configuration with static credentials, which moto and
// the fake endpoints of these tests accept.
func testAWS() aws.Config {
	return aws.Config{
		Region:      testRegion,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	}
}

// newTestSender returns a Sender whose calls go to endpoint.
func newTestSender(endpoint string) *Sender {
	return New(Config{Endpoint: endpoint, AWS: testAWS()})
}

// testJob is a job for one (event, target) with the event envelope as its
// payload.
func testJob(targetArn, eventID, targetID string) *delivery.Job {
	event := fmt.Sprintf(`{"version":"0","id":%q,"detail-type":"Order Placed","source":"shop","account":"111122223333","time":%q,"region":"us-east-1","resources":[],"detail":{"n":1}}`,
		eventID, time.Now().UTC().Truncate(time.Second).Format(time.RFC3339))
	return &delivery.Job{
		Account:   "111122223333",
		Region:    testRegion,
		RuleArn:   "arn:aws:events:us-east-1:111122223333:rule/orders",
		TargetID:  targetID,
		TargetArn: targetArn,
		EventID:   eventID,
		Event:     []byte(event),
		Payload:   []byte(event),
		FirstPut:  time.Now(),
	}
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantPermanent fails the test unless err is a *delivery.PermanentError
// with the given code.
func wantPermanent(t *testing.T, err error, code string) {
	t.Helper()
	var p *delivery.PermanentError
	if !errors.As(err, &p) {
		t.Fatalf("got %v, want a permanent %s error", err, code)
	}
	if p.Code != code {
		t.Fatalf("got code %s (%v), want %s", p.Code, err, code)
	}
	t.Logf("permanent: %v", err)
}

// wantRetryable fails the test unless err is a non-nil error the delivery
// layer retries.
func wantRetryable(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("got success, want a retryable error")
	}
	if delivery.IsPermanent(err) {
		t.Fatalf("got permanent error %v, want a retryable one", err)
	}
}
