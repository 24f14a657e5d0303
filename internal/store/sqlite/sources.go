package sqlite

import (
	"fmt"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The sources table: one row per partner event source, keyed by (region,
// name) because a source name is unique in a region across accounts.
const (
	sourceGet = `SELECT doc FROM sources WHERE region = ? AND name = ?`
	sourcePut = `INSERT INTO sources (region, name, account, partner_account, state, expiration_time, doc)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (region, name) DO UPDATE SET
    account = excluded.account,
    partner_account = excluded.partner_account,
    state = excluded.state,
    expiration_time = excluded.expiration_time,
    doc = excluded.doc`
	sourceDelete = `DELETE FROM sources WHERE region = ? AND name = ?`
	// sourceList is completed by selectQuery with the query's filters.
	sourceList = `SELECT doc FROM sources`
	// sourceExpiring orders by expiration so that a sweep bounded by a
	// limit takes the longest-expired sources first.
	sourceExpiring = `SELECT doc FROM sources WHERE state = ? AND expiration_time < ?
ORDER BY expiration_time, region, name`
)

func (t *tx) GetSource(region, name string) (store.Source, bool, error) {
	if t.sources != nil {
		if c, ok := t.sources.get(region, name); ok {
			return c.src, c.found, nil
		}
	}
	var s store.Source
	found, err := getDoc(t.q, &s, sourceGet, region, name)
	if err != nil {
		return store.Source{}, false, fmt.Errorf("get source %s/%s: %w", region, name, err)
	}
	s = restoreSource(s)
	if t.sources != nil {
		t.sources.put(region, name, s, found)
	}
	return s, found, nil
}

func (t *tx) PutSource(s store.Source) error {
	if t.sources != nil {
		t.sources.clear()
	}
	doc, err := encodeDoc(s)
	if err != nil {
		return fmt.Errorf("put source %s/%s: %w", s.Region, s.Name, err)
	}
	err = t.q.exec(sourcePut, s.Region, s.Name, s.Account, s.PartnerAccount, s.State,
		nullMillis(s.ExpirationTime), doc)
	if err != nil {
		return fmt.Errorf("put source %s/%s: %w", s.Region, s.Name, err)
	}
	return nil
}

func (t *tx) DeleteSource(region, name string) error {
	if t.sources != nil {
		t.sources.clear()
	}
	if err := t.q.exec(sourceDelete, region, name); err != nil {
		return fmt.Errorf("delete source %s/%s: %w", region, name, err)
	}
	return nil
}

func (t *tx) ListSources(q store.SourceQuery) ([]store.Source, error) {
	sel := newSelect(sourceList)
	sel.eq("region", q.Region)
	sel.eq("account", q.Account)
	sel.eq("partner_account", q.PartnerAccount)
	sel.names(q.NamePrefix, q.After)
	query, args := sel.orderLimit("name", q.Limit)
	out, err := listDocs[store.Source](t.q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list sources in %s: %w", q.Region, err)
	}
	for i := range out {
		out[i] = restoreSource(out[i])
	}
	return out, nil
}

// SourcesExpiringBefore compares at millisecond precision, both sides
// floored: a source is reported only if it expired in an earlier
// millisecond than t, never early. One expiring within t's own millisecond
// is reported by the next call.
func (t *tx) SourcesExpiringBefore(before time.Time, limit int) ([]store.Source, error) {
	query, args := sourceExpiring, []any{store.StatePending, millis(before)}
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	out, err := listDocs[store.Source](t.q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list sources expiring before %s: %w", before.UTC().Format(time.RFC3339Nano), err)
	}
	for i := range out {
		out[i] = restoreSource(out[i])
	}
	return out, nil
}

// restoreSource gives a decoded source's times the UTC location.
func restoreSource(s store.Source) store.Source {
	s.CreationTime = s.CreationTime.UTC()
	s.ExpirationTime = s.ExpirationTime.UTC()
	return s
}
