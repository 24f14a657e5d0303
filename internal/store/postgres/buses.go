package postgres

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The buses table: one row per event bus, keyed by (account, region, name).
// The primary key also serves ListBuses and CountBuses.
const (
	busGet = `SELECT doc FROM buses WHERE account = $1 AND region = $2 AND name = $3`
	busPut = `INSERT INTO buses (account, region, name, doc) VALUES ($1, $2, $3, $4)
ON CONFLICT (account, region, name) DO UPDATE SET doc = excluded.doc`
	busDelete = `DELETE FROM buses WHERE account = $1 AND region = $2 AND name = $3`
	// busList is completed by selectQuery with the query's filters.
	busList  = `SELECT doc FROM buses`
	busCount = `SELECT COUNT(*) FROM buses WHERE account = $1 AND region = $2`
)

func (t *tx) GetBus(account, region, name string) (store.Bus, bool, error) {
	var b store.Bus
	found, err := getDoc(t, &b, busGet, account, region, name)
	if err != nil {
		return store.Bus{}, false, fmt.Errorf("get bus %s/%s/%s: %w", account, region, name, err)
	}
	return restoreBus(b), found, nil
}

func (t *tx) PutBus(b store.Bus) error {
	doc, err := encodeDoc(b)
	if err == nil {
		err = t.exec(busPut, b.Account, b.Region, b.Name, doc)
	}
	if err != nil {
		return fmt.Errorf("put bus %s/%s/%s: %w", b.Account, b.Region, b.Name, err)
	}
	return nil
}

func (t *tx) DeleteBus(account, region, name string) error {
	if err := t.exec(busDelete, account, region, name); err != nil {
		return fmt.Errorf("delete bus %s/%s/%s: %w", account, region, name, err)
	}
	return nil
}

func (t *tx) ListBuses(q store.BusQuery) ([]store.Bus, error) {
	sel := newSelect(busList)
	sel.eq("account", q.Account)
	sel.eq("region", q.Region)
	sel.names(q.NamePrefix, q.After)
	query, args := sel.orderLimit("name", q.Limit)
	out, err := listDocs[store.Bus](t, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list buses of %s/%s: %w", q.Account, q.Region, err)
	}
	for i := range out {
		out[i] = restoreBus(out[i])
	}
	return out, nil
}

func (t *tx) CountBuses(account, region string) (int, error) {
	n, err := count(t, busCount, account, region)
	if err != nil {
		return 0, fmt.Errorf("count buses of %s/%s: %w", account, region, err)
	}
	return n, nil
}

// restoreBus gives a decoded bus's times the UTC location.
func restoreBus(b store.Bus) store.Bus {
	b.CreationTime = b.CreationTime.UTC()
	b.LastModifiedTime = b.LastModifiedTime.UTC()
	return b
}
