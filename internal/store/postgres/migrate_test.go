package postgres

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bridgeport/bridgeport/internal/store"
)

// schemaVersion reads schema's migration record directly.
func schemaVersion(t *testing.T, schema string) (version, rows int) {
	t.Helper()
	table := pgx.Identifier{schema, "schema_migrations"}.Sanitize()
	err := adminConn(t).QueryRow(context.Background(), "SELECT MAX(version), COUNT(*) FROM "+table).Scan(&version, &rows)
	if err != nil {
		t.Fatal(err)
	}
	return version, rows
}

func TestMigrationsAreNumberedFromOneWithoutGaps(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d is %s (version %d), want version %d with SQL", i, m.name, m.version, i+1)
		}
	}
}

// TestConcurrentOpensMigrateOnce is several nodes starting at once on a
// new database: every Open succeeds, each migration is applied once, and
// the schema that Open creates is usable from all of them.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	schema := newSchemaName(t) // not created: the first Open creates it
	url := testURL(t)
	const nodes = 5
	stores := make([]*Store, nodes)
	errs := make([]error, nodes)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(context.Background(), url, Options{Schema: schema})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer stores[i].Close()
	}

	ms, _ := migrations()
	if v, n := schemaVersion(t, schema); v != len(ms) || n != len(ms) {
		t.Errorf("schema at version %d with %d rows, want %d and %d", v, n, len(ms), len(ms))
	}
	if err := stores[0].Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(testBus("shared")) }); err != nil {
		t.Fatal(err)
	}
	for i, st := range stores {
		if !hasBus(t, st, "shared") {
			t.Errorf("store %d does not see a bus another store put", i)
		}
	}
}

func TestReopenKeepsSchemaVersion(t *testing.T) {
	schema := newSchema(t)
	ms, _ := migrations()
	for range 3 {
		st := openSchema(t, schema, Options{})
		if err := st.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if v, n := schemaVersion(t, schema); v != len(ms) || n != len(ms) {
			t.Fatalf("schema at version %d with %d rows, want %d and %d", v, n, len(ms), len(ms))
		}
	}
}

func TestNewerSchemaRefusesToOpen(t *testing.T) {
	schema := newSchema(t)
	st := openSchema(t, schema, Options{})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	table := pgx.Identifier{schema, "schema_migrations"}.Sanitize()
	if _, err := adminConn(t).Exec(context.Background(), "INSERT INTO "+table+" (version, applied_at) VALUES ($1, 0)", len(ms)+1); err != nil {
		t.Fatal(err)
	}

	st, err := Open(context.Background(), testURL(t), Options{Schema: schema})
	if err == nil {
		_ = st.Close()
		t.Fatal("Open of a schema from a newer version succeeded")
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open error %v does not wrap ErrNewerSchema", err)
	}
	t.Logf("Open says: %v", err) // the message an operator sees
	if v, _ := schemaVersion(t, schema); v != len(ms)+1 {
		t.Errorf("failed Open changed the schema version to %d", v)
	}
}

func TestSchemasAreSeparate(t *testing.T) {
	a, b := openTest(t, Options{}), openTest(t, Options{})
	if err := a.Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(testBus("only-in-a")) }); err != nil {
		t.Fatal(err)
	}
	if !hasBus(t, a, "only-in-a") {
		t.Error("store a does not see its own bus")
	}
	if hasBus(t, b, "only-in-a") {
		t.Error("store b, in another schema, sees store a's bus")
	}
}

func TestOpenWithBadURLDoesNotQuoteIt(t *testing.T) {
	const url = "postgres://bridgeport:s3cret@[::1" // unterminated host
	st, err := Open(context.Background(), url, Options{})
	if err == nil {
		_ = st.Close()
		t.Fatal("Open of a malformed URL succeeded")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open error %q reveals the password", err)
	}
}
