package sqlite

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The events table: the accepted events of every bus, in one sequence.
// Events are append-only and have no doc: their envelope already is the
// JSON that rules match and targets receive.
const (
	eventInsert = `INSERT INTO events (account, region, bus, id, time, ingestion_time, envelope)
VALUES (?, ?, ?, ?, ?, ?, ?)`
	// eventList is completed with the query's limit.
	eventList = `SELECT seq, id, time, ingestion_time, envelope FROM events
WHERE account = ? AND region = ? AND bus = ? AND seq > ?`
)

// AppendEvents runs one prepared INSERT per event. In the writer that
// statement is prepared once for the life of the store; the events of a
// batch share its single commit, so there is no multi-row INSERT to build.
func (t *tx) AppendEvents(evs []store.Event) error {
	for _, e := range evs {
		env := e.Envelope
		if env == nil {
			env = []byte{} // NOT NULL: an absent envelope is an empty one
		}
		err := t.q.exec(eventInsert, e.Account, e.Region, e.Bus, e.ID, millis(e.Time), millis(e.IngestionTime), env)
		if err != nil {
			return fmt.Errorf("append event %s to %s/%s/%s: %w", e.ID, e.Account, e.Region, e.Bus, err)
		}
	}
	return nil
}

func (t *tx) ListEvents(q store.EventQuery) ([]store.Event, error) {
	sel := newSelect(eventList)
	query, args := sel.orderLimit("seq", q.Limit)
	args = append([]any{q.Account, q.Region, q.Bus, q.AfterSeq}, args...)
	rows, err := t.q.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("list events of %s/%s/%s: %w", q.Account, q.Region, q.Bus, err)
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		e := store.Event{Account: q.Account, Region: q.Region, Bus: q.Bus}
		var at, ingested int64
		if err := rows.Scan(&e.Seq, &e.ID, &at, &ingested, &e.Envelope); err != nil {
			return nil, fmt.Errorf("list events of %s/%s/%s: %w", q.Account, q.Region, q.Bus, err)
		}
		e.Time, e.IngestionTime = fromMillis(at), fromMillis(ingested)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list events of %s/%s/%s: %w", q.Account, q.Region, q.Bus, err)
	}
	return out, nil
}
