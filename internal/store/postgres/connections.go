package postgres

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The connections and api_destinations tables: one row each, keyed by
// (account, region, name), with the columns their listings filter on.
const (
	connectionGet = `SELECT doc FROM connections WHERE account = $1 AND region = $2 AND name = $3`
	connectionPut = `INSERT INTO connections (account, region, name, state, doc) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (account, region, name) DO UPDATE SET state = excluded.state, doc = excluded.doc`
	connectionDelete = `DELETE FROM connections WHERE account = $1 AND region = $2 AND name = $3`
	connectionList   = `SELECT doc FROM connections`

	destinationGet = `SELECT doc FROM api_destinations WHERE account = $1 AND region = $2 AND name = $3`
	destinationPut = `INSERT INTO api_destinations (account, region, name, connection_arn, doc) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (account, region, name) DO UPDATE SET connection_arn = excluded.connection_arn, doc = excluded.doc`
	destinationDelete = `DELETE FROM api_destinations WHERE account = $1 AND region = $2 AND name = $3`
	destinationList   = `SELECT doc FROM api_destinations`
)

func (t *tx) GetConnection(account, region, name string) (store.Connection, bool, error) {
	var c store.Connection
	found, err := getDoc(t, &c, connectionGet, account, region, name)
	if err != nil {
		return store.Connection{}, false, fmt.Errorf("get connection %s/%s/%s: %w", account, region, name, err)
	}
	return restoreConnection(c), found, nil
}

func (t *tx) PutConnection(c store.Connection) error {
	doc, err := encodeDoc(c)
	if err == nil {
		err = t.exec(connectionPut, c.Account, c.Region, c.Name, c.State, doc)
	}
	if err != nil {
		return fmt.Errorf("put connection %s/%s/%s: %w", c.Account, c.Region, c.Name, err)
	}
	return nil
}

func (t *tx) DeleteConnection(account, region, name string) error {
	if err := t.exec(connectionDelete, account, region, name); err != nil {
		return fmt.Errorf("delete connection %s/%s/%s: %w", account, region, name, err)
	}
	return nil
}

func (t *tx) ListConnections(q store.ConnectionQuery) ([]store.Connection, error) {
	sel := newSelect(connectionList)
	sel.eq("account", q.Account)
	sel.eq("region", q.Region)
	sel.eq("state", q.State)
	sel.names(q.NamePrefix, q.After)
	query, args := sel.orderLimit("name", q.Limit)
	out, err := listDocs[store.Connection](t, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list connections of %s/%s: %w", q.Account, q.Region, err)
	}
	for i := range out {
		out[i] = restoreConnection(out[i])
	}
	return out, nil
}

func restoreConnection(c store.Connection) store.Connection {
	c.CreationTime, c.LastModifiedTime = c.CreationTime.UTC(), c.LastModifiedTime.UTC()
	if !c.LastAuthorizedTime.IsZero() {
		c.LastAuthorizedTime = c.LastAuthorizedTime.UTC()
	}
	return c
}

func (t *tx) GetAPIDestination(account, region, name string) (store.APIDestination, bool, error) {
	var d store.APIDestination
	found, err := getDoc(t, &d, destinationGet, account, region, name)
	if err != nil {
		return store.APIDestination{}, false, fmt.Errorf("get API destination %s/%s/%s: %w", account, region, name, err)
	}
	return restoreDestination(d), found, nil
}

func (t *tx) PutAPIDestination(d store.APIDestination) error {
	doc, err := encodeDoc(d)
	if err == nil {
		err = t.exec(destinationPut, d.Account, d.Region, d.Name, d.ConnectionArn, doc)
	}
	if err != nil {
		return fmt.Errorf("put API destination %s/%s/%s: %w", d.Account, d.Region, d.Name, err)
	}
	return nil
}

func (t *tx) DeleteAPIDestination(account, region, name string) error {
	if err := t.exec(destinationDelete, account, region, name); err != nil {
		return fmt.Errorf("delete API destination %s/%s/%s: %w", account, region, name, err)
	}
	return nil
}

func (t *tx) ListAPIDestinations(q store.APIDestinationQuery) ([]store.APIDestination, error) {
	sel := newSelect(destinationList)
	sel.eq("account", q.Account)
	sel.eq("region", q.Region)
	sel.eq("connection_arn", q.ConnectionArn)
	sel.names(q.NamePrefix, q.After)
	query, args := sel.orderLimit("name", q.Limit)
	out, err := listDocs[store.APIDestination](t, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list API destinations of %s/%s: %w", q.Account, q.Region, err)
	}
	for i := range out {
		out[i] = restoreDestination(out[i])
	}
	return out, nil
}

func restoreDestination(d store.APIDestination) store.APIDestination {
	d.CreationTime, d.LastModifiedTime = d.CreationTime.UTC(), d.LastModifiedTime.UTC()
	return d
}
