package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Changes publishes and receives change notifications through PostgreSQL.
type Changes struct {
	pool    *pgxpool.Pool
	channel string
	log     *slog.Logger
}

// NewChanges returns a change feed on the database at url for the nodes
// whose tables are in schema: NOTIFY channels are database-wide, so the
// channel is named after the schema to keep deployments apart.
func NewChanges(ctx context.Context, url, schema string, log *slog.Logger) (*Changes, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("change feed: invalid connection URL")
	}
	// One connection listens, one publishes: a node's budget of database
	// connections belongs to its store.
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("change feed: %w", err)
	}
	return &Changes{pool: pool, channel: "bridgeport_changes_" + schema, log: log}, nil
}

// Close releases the feed's connections.
func (c *Changes) Close() { c.pool.Close() }

// Publish tells every node (this one included) that something changed.
func (c *Changes) Publish(ctx context.Context, payload string) error {
	if _, err := c.pool.Exec(ctx, "SELECT pg_notify($1, $2)", c.channel, payload); err != nil {
		return fmt.Errorf("publish change: %w", err)
	}
	return nil
}

// Listen calls fn with each notification's payload until ctx ends. After
// every (re)connection it calls fn with "" first: notifications sent while
// it was not listening are lost, so the receiver must resync everything.
func (c *Changes) Listen(ctx context.Context, fn func(payload string)) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := c.listenOnce(ctx, fn)
		if ctx.Err() != nil {
			return
		}
		c.log.Warn("change feed disconnected; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (c *Changes) listenOnce(ctx context.Context, fn func(string)) error {
	pooled, err := c.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection will carry LISTEN state: take it out of the pool for good.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{c.channel}.Sanitize()); err != nil {
		return err
	}
	fn("")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(n.Payload)
	}
}
