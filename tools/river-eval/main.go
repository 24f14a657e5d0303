// Command river-eval measures River, the PostgreSQL job queue, on the shape
// of Bridgeport's delivery queue: many concurrent callers each enqueue one
// job in its own transaction (a single-entry PutEvents), and workers finish
// them (the delivery itself is not counted). It reports jobs/s inserted and
// completed over a fixed window.
//
//	go run . -db postgres://postgres@127.0.0.1:5432/test?sslmode=disable -producers 64 -duration 10s
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// deliveryArgs stands for a delivery job: an event of about 1 KB for one target.
type deliveryArgs struct {
	Target string `json:"target"`
	Event  string `json:"event"`
}

func (deliveryArgs) Kind() string { return "delivery" }

type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	done *atomic.Int64
}

func (w *deliveryWorker) Work(context.Context, *river.Job[deliveryArgs]) error {
	w.done.Add(1)
	return nil
}

func main() {
	db := flag.String("db", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL URL")
	producers := flag.Int("producers", 64, "concurrent callers, one job per transaction")
	workers := flag.Int("workers", 100, "River MaxWorkers")
	duration := flag.Duration("duration", 10*time.Second, "measured window")
	flag.Parse()
	ctx := context.Background()

	pool, err := pgxpool.New(ctx, *db)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	driver := riverpgxv5.New(pool)
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		log.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "TRUNCATE river_job"); err != nil {
		log.Fatal(err)
	}

	var done, inserted atomic.Int64
	ws := river.NewWorkers()
	river.AddWorker(ws, &deliveryWorker{done: &done})
	client, err := river.NewClient(driver, &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: *workers}},
		Workers: ws,
		// Fetch as soon as jobs arrive, as a delivery queue must for latency.
		FetchCooldown:     time.Millisecond,
		FetchPollInterval: 10 * time.Millisecond,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		log.Fatal(err)
	}

	event := fmt.Sprintf("%01000d", 0)
	stop := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for range *producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				tx, err := pool.Begin(ctx)
				if err != nil {
					log.Fatal(err)
				}
				if _, err := client.InsertTx(ctx, tx, deliveryArgs{Target: "t", Event: event}, nil); err != nil {
					log.Fatal(err)
				}
				if err := tx.Commit(ctx); err != nil {
					log.Fatal(err)
				}
				inserted.Add(1)
			}
		}()
	}
	start := time.Now()
	wg.Wait()
	elapsed := time.Since(start)
	completedInWindow := done.Load()
	_ = client.Stop(ctx)
	fmt.Printf("producers=%d workers=%d window=%s inserted=%d (%.0f jobs/s) completed=%d (%.0f jobs/s)\n",
		*producers, *workers, elapsed.Round(time.Millisecond), inserted.Load(), float64(inserted.Load())/elapsed.Seconds(),
		completedInWindow, float64(completedInWindow)/elapsed.Seconds())
}
