package cluster

import (
	"context"
	"hash/fnv"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leader runs work on one node of the cluster at a time.
type Leader struct {
	url string
	key int64 // the advisory lock of this deployment's leader
	log *slog.Logger
	// Retry is how often a follower tries to become leader.
	Retry time.Duration
}

// NewLeader returns a Leader for the nodes whose tables are in schema of
// the database at url. Advisory locks are database-wide, so the lock key
// is derived from the schema.
func NewLeader(url, schema string, log *slog.Logger) *Leader {
	h := fnv.New64a()
	h.Write([]byte("bridgeport chores " + schema))
	return &Leader{url: url, key: int64(h.Sum64()), log: log, Retry: 2 * time.Second}
}

// Run calls work while this node holds the chores lock, cancelling work's
// context if the lock's connection is lost; it returns when ctx ends.
func (l *Leader) Run(ctx context.Context, work func(ctx context.Context)) {
	for ctx.Err() == nil {
		if !l.leadOnce(ctx, work) {
			select {
			case <-ctx.Done():
			case <-time.After(l.Retry):
			}
		}
	}
}

// leadOnce tries to take the lock and, if it did, runs work until the lock
// is lost. It reports whether it led.
func (l *Leader) leadOnce(ctx context.Context, work func(context.Context)) bool {
	conn, err := pgx.Connect(ctx, l.url)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("leader election: connect", "err", err)
		}
		return false
	}
	defer conn.Close(context.Background())
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", l.key).Scan(&got); err != nil || !got {
		return false
	}
	l.log.Info("this node now runs the cluster-wide chores")
	leading, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() { defer close(done); work(leading) }()
	// The lock lives as long as the session: watch the connection, and
	// step down the moment it fails so two nodes never lead at once for
	// longer than one check interval.
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return true
		case <-ctx.Done():
			stop()
			<-done
			return true
		case <-t.C:
			if err := conn.Ping(ctx); err != nil {
				l.log.Warn("leader lost its lock connection; stepping down", "err", err)
				stop()
				<-done
				return true
			}
		}
	}
}
