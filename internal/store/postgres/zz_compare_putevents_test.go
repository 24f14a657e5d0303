package postgres

// TEMPORARY: measurement only, deleted after the run.

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

	"github.com/bridgeport/bridgeport/internal/auth"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/model"
	"github.com/bridgeport/bridgeport/internal/protocol"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

func cmpHandler(b *testing.B, st store.Store) http.Handler {
	mdl, err := model.Load()
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var svc *events.Service
	disp := delivery.New(st, delivery.Options{Senders: func(arn string) delivery.Sender {
		if strings.Contains(arn, ":event-bus/") {
			return svc.BusSender()
		}
		return nil
	}, Logger: log})
	svc = events.New(st, events.Options{Logger: log, Deliverer: disp, Targets: func(string) error { return nil }})
	if err := svc.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); disp.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	return protocol.New(protocol.Options{Model: mdl, Verifier: auth.NewOpen("222222222222", "us-east-1"), Service: svc, Logger: log})
}

func cmpCall(b *testing.B, h http.Handler, op, body string) {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", "AWSEvents."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
	}
}

func cmpPutEvents(b *testing.B, st store.Store) {
	h := cmpHandler(b, st)
	cmpCall(b, h, "CreateEventBus", `{"Name":"bench"}`)
	for i := range 100 {
		cmpCall(b, h, "PutRule", fmt.Sprintf(`{"Name":"r%d","EventBusName":"bench","EventPattern":"{\"source\":[\"com.bench\"],\"detail-type\":[\"Order\"],\"detail\":{\"k\":[\"v%d\"]}}"}`, i, i))
		cmpCall(b, h, "PutTargets", fmt.Sprintf(`{"Rule":"r%d","EventBusName":"bench","Targets":[{"Id":"t","Arn":"arn:aws:events:us-east-1:222222222222:event-bus/default"}]}`, i))
	}
	detail := `{\"k\":\"v7\",\"note\":\"` + strings.Repeat("x", 600) + `\"}`
	body := `{"Entries":[{"Source":"com.bench","DetailType":"Order","Detail":"` + detail + `","EventBusName":"bench"}]}`
	b.SetParallelism(32)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			cmpCall(b, h, "PutEvents", body)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

func BenchmarkComparePutEventsSQLite(b *testing.B) {
	st, err := sqlite.Open(context.Background(), b.TempDir()+"/b.db", sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cmpPutEvents(b, st)
}

func BenchmarkComparePutEventsPostgres(b *testing.B) {
	st := openTest(b, Options{})
	c0 := st.commits.Load()
	cmpPutEvents(b, st)
	b.ReportMetric(float64(st.commits.Load()-c0)/float64(b.N), "commits/event")
	b.ReportMetric(float64(st.retries.Load())/float64(b.N), "retries/event")
}
