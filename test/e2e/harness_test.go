// Package e2e runs the real Bridgeport server on a loopback port and drives
// it with unmodified AWS clients, as users do.
package e2e

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/smithy-go"
	"github.com/bridgeport/bridgeport/internal/config"
	"github.com/bridgeport/bridgeport/internal/server"
)

const (
	partnerAccount  = "111111111111"
	customerAccount = "222222222222"
	otherAccount    = "333333333333"
)

// testServer is a Bridgeport instance serving on 127.0.0.1.
type testServer struct {
	URL     string
	DataDir string
	srv     *server.Server
	done    chan error
}

type serverOption func(*config.Config)

func withIdentities(path string) serverOption {
	return func(c *config.Config) { c.IdentitiesFile = path }
}

// withDataDir reuses an embedded store's folder, as a restart does; such
// tests always run on the embedded store.
func withDataDir(dir string) serverOption {
	return func(c *config.Config) { c.DataDir, c.Store = dir, "" }
}

// startServer starts an in-process server on a free loopback port with its
// own data folder, and stops it when the test ends.
func startServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	cfg, err := config.Parse(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	if os.Getenv("BRIDGEPORT_E2E_STORE") == "postgres" {
		// The whole suite again, on PostgreSQL: one fresh schema per server.
		cfg.Store = postgresURL(t)
	}
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() && os.Getenv("BRIDGEPORT_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv, err := server.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{URL: "http://" + ln.Addr().String(), DataDir: cfg.DataDir, srv: srv, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ln) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

func (ts *testServer) stop(t testing.TB) {
	if ts.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if err := <-ts.done; err != nil {
		t.Errorf("serve: %v", err)
	}
	ts.srv = nil
}

// client is an aws-sdk-go-v2 EventBridge client for the given access key,
// sending each call once (no SDK retries) so errors surface as answered.
func (ts *testServer) client(accessKey, secret string) *eventbridge.Client {
	return newClient(ts.URL, accessKey, secret, "us-east-1")
}

func newClient(url, accessKey, secret, region string) *eventbridge.Client {
	return eventbridge.New(eventbridge.Options{
		Region:       region,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secret, ""),
		Retryer:      aws.NopRetryer{},
	})
}

// apiError asserts err is an API error with the code and, if msg is not
// empty, exactly that message.
func apiError(t testing.TB, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s error, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("want error code %s, got %s: %s", code, ae.ErrorCode(), ae.ErrorMessage())
	}
	if msg != "" && ae.ErrorMessage() != msg {
		t.Fatalf("want message\n  %q\ngot\n  %q", msg, ae.ErrorMessage())
	}
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var ctx = context.Background()
