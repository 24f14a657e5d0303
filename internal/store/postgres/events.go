package postgres

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The events table: the accepted events of every bus, in one sequence.
// Events are append-only and have no doc: their envelope already is the
// JSON that rules match and targets receive.
const (
	// eventInsert appends a whole batch in one statement (one round trip,
	// one cached plan whatever the batch size). ORDER BY ord inserts the
	// rows in the order given, so their seq values follow it.
	eventInsert = `INSERT INTO events (account, region, bus, id, time, ingestion_time, envelope)
SELECT e.account, e.region, e.bus, e.id, e.time, e.ingestion_time, e.envelope
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bytea[])
    WITH ORDINALITY AS e(account, region, bus, id, time, ingestion_time, envelope, ord)
ORDER BY e.ord`
	// eventInsertOne is the common case, one event: a plain insert costs
	// the server less than unnesting arrays.
	eventInsertOne = `INSERT INTO events (account, region, bus, id, time, ingestion_time, envelope)
VALUES ($1, $2, $3, $4, $5, $6, $7)`
	// eventList is completed with the query's limit.
	eventList = `SELECT seq, id, time, ingestion_time, envelope FROM events
WHERE account = $1 AND region = $2 AND bus = $3 AND seq > $4`
)

func (t *tx) AppendEvents(evs []store.Event) error {
	if len(evs) == 0 {
		return nil
	}
	var (
		accounts, regions, buses, ids = make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs))
		times, ingested               = make([]int64, len(evs)), make([]int64, len(evs))
		envelopes                     = make([][]byte, len(evs))
	)
	for i, e := range evs {
		accounts[i], regions[i], buses[i], ids[i] = e.Account, e.Region, e.Bus, e.ID
		times[i], ingested[i] = millis(e.Time), millis(e.IngestionTime)
		envelopes[i] = e.Envelope
		if envelopes[i] == nil {
			envelopes[i] = []byte{} // NOT NULL: an absent envelope is an empty one
		}
	}
	query, args := eventInsert, []any{accounts, regions, buses, ids, times, ingested, envelopes}
	if len(evs) == 1 {
		query, args = eventInsertOne, []any{accounts[0], regions[0], buses[0], ids[0], times[0], ingested[0], envelopes[0]}
	}
	if err := t.exec(query, args...); err != nil {
		e := evs[0]
		return fmt.Errorf("append %d events (first %s to %s/%s/%s): %w", len(evs), e.ID, e.Account, e.Region, e.Bus, err)
	}
	return nil
}

func (t *tx) ListEvents(q store.EventQuery) ([]store.Event, error) {
	sel := newSelect(eventList)
	sel.args = []any{q.Account, q.Region, q.Bus, q.AfterSeq}
	query, args := sel.orderLimit("seq", q.Limit)
	rows, err := t.query(query, args...)
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
