package postgres

import (
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The rules table: one row per rule, its targets inside its doc, keyed by
// (account, region, bus, name). The primary key also serves ListRules and
// CountRules.
const (
	ruleGet = `SELECT doc FROM rules WHERE account = $1 AND region = $2 AND bus = $3 AND name = $4`
	rulePut = `INSERT INTO rules (account, region, bus, name, doc) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (account, region, bus, name) DO UPDATE SET doc = excluded.doc`
	ruleDelete = `DELETE FROM rules WHERE account = $1 AND region = $2 AND bus = $3 AND name = $4`
	// ruleList is completed by selectQuery with the query's filters.
	ruleList  = `SELECT doc FROM rules`
	ruleCount = `SELECT COUNT(*) FROM rules WHERE account = $1 AND region = $2 AND bus = $3`
)

func (t *tx) GetRule(account, region, bus, name string) (store.Rule, bool, error) {
	var r store.Rule
	found, err := getDoc(t, &r, ruleGet, account, region, bus, name)
	if err != nil {
		return store.Rule{}, false, fmt.Errorf("get rule %s/%s/%s/%s: %w", account, region, bus, name, err)
	}
	return restoreRule(r), found, nil
}

func (t *tx) PutRule(r store.Rule) error {
	doc, err := encodeDoc(r)
	if err == nil {
		err = t.exec(rulePut, r.Account, r.Region, r.Bus, r.Name, doc)
	}
	if err != nil {
		return fmt.Errorf("put rule %s/%s/%s/%s: %w", r.Account, r.Region, r.Bus, r.Name, err)
	}
	return nil
}

func (t *tx) DeleteRule(account, region, bus, name string) error {
	if err := t.exec(ruleDelete, account, region, bus, name); err != nil {
		return fmt.Errorf("delete rule %s/%s/%s/%s: %w", account, region, bus, name, err)
	}
	return nil
}

func (t *tx) ListRules(q store.RuleQuery) ([]store.Rule, error) {
	sel := newSelect(ruleList)
	sel.eq("account", q.Account)
	sel.eq("region", q.Region)
	sel.eq("bus", q.Bus)
	sel.names(q.NamePrefix, q.After)
	query, args := sel.orderLimit("name", q.Limit)
	out, err := listDocs[store.Rule](t, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list rules of %s/%s/%s: %w", q.Account, q.Region, q.Bus, err)
	}
	for i := range out {
		out[i] = restoreRule(out[i])
	}
	return out, nil
}

func (t *tx) CountRules(account, region, bus string) (int, error) {
	n, err := count(t, ruleCount, account, region, bus)
	if err != nil {
		return 0, fmt.Errorf("count rules of %s/%s/%s: %w", account, region, bus, err)
	}
	return n, nil
}

// restoreRule gives a decoded rule's time the UTC location.
func restoreRule(r store.Rule) store.Rule {
	r.CreationTime = r.CreationTime.UTC()
	return r
}
