package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/config"
)

// newBenchServer builds a server on a temporary store without listening,
// with its background work running, and returns its HTTP handler.
func newBenchServer(b *testing.B) http.Handler {
	b.Helper()
	cfg, err := config.Parse(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	cfg.DataDir = b.TempDir()
	s, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.dispatcher.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		<-done
		_ = s.Shutdown(context.Background())
	})
	return s.http.Handler
}

func call(b *testing.B, h http.Handler, op, body string) string {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AWSEvents."+op)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=222222222222/20261123/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// BenchmarkPutEventsWith100Rules measures the API path of a single-entry
// PutEvents on a bus with 100 rules sharing a source, one of which matches
// and forwards the event to the default bus (a durable delivery each).
func BenchmarkPutEventsWith100Rules(b *testing.B) {
	h := newBenchServer(b)
	call(b, h, "CreateEventBus", `{"Name":"bench"}`)
	for i := range 100 {
		call(b, h, "PutRule", fmt.Sprintf(`{"Name":"r%d","EventBusName":"bench","EventPattern":"{\"source\":[\"com.bench\"],\"detail-type\":[\"Order\"],\"detail\":{\"k\":[\"v%d\"]}}"}`, i, i))
		call(b, h, "PutTargets", fmt.Sprintf(`{"Rule":"r%d","EventBusName":"bench","Targets":[{"Id":"t","Arn":"arn:aws:events:us-east-1:222222222222:event-bus/default"}]}`, i))
	}
	detail := `{\"k\":\"v7\",\"order\":{\"id\":\"o-123\",\"items\":[{\"sku\":\"a\",\"qty\":2},{\"sku\":\"b\",\"qty\":1}],\"total\":42.5,\"customer\":{\"id\":\"c-9\",\"tier\":\"gold\"}},\"note\":\"` + strings.Repeat("x", 600) + `\"}`
	body := `{"Entries":[{"Source":"com.bench","DetailType":"Order","Detail":"` + detail + `","EventBusName":"bench"}]}`
	b.ReportAllocs()
	// Many concurrent callers, as a loaded server has: each waits for its
	// group commit, so two would measure fsync latency, not throughput.
	b.SetParallelism(32)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			call(b, h, "PutEvents", body)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
