package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/storetest"
)

// testURLEnv names the database the tests use. Each test works in a schema
// of its own, created and dropped by the test, so that tests and test runs
// never see each other's rows.
const testURLEnv = "BRIDGEPORT_TEST_POSTGRES"

// testURL returns the test database's URL, or skips the test.
func testURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(testURLEnv)
	if url == "" {
		tb.Skip(testURLEnv + " is not set: skipping PostgreSQL tests")
	}
	return url
}

// adminConn is a plain connection to the test database, bypassing the
// Store, to set up, inspect or tamper with a schema.
func adminConn(tb testing.TB) *pgx.Conn {
	tb.Helper()
	// Parsed as the pool parses it, so that the URL may carry pool_*
	// settings for the stores under test.
	cfg, err := pgxpool.ParseConfig(testURL(tb))
	if err != nil {
		tb.Fatalf("%s: %v", testURLEnv, err)
	}
	conn, err := pgx.ConnectConfig(context.Background(), cfg.ConnConfig)
	if err != nil {
		tb.Fatalf("connect to the test database: %v", err)
	}
	tb.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// newSchemaName returns a schema name no other test uses, and drops that
// schema, if anything created it, when the test ends.
func newSchemaName(tb testing.TB) string {
	tb.Helper()
	conn := adminConn(tb)
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "bridgeport_test_" + hex.EncodeToString(b)
	tb.Cleanup(func() {
		_, err := conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		if err != nil {
			tb.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	return schema
}

// newSchema creates a fresh, empty schema for one test.
func newSchema(tb testing.TB) string {
	tb.Helper()
	schema := newSchemaName(tb)
	conn := adminConn(tb)
	if _, err := conn.Exec(context.Background(), "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	return schema
}

// openSchema opens a store on schema. The caller closes it.
func openSchema(tb testing.TB, schema string, opts Options) *Store {
	tb.Helper()
	opts.Schema = schema
	st, err := Open(context.Background(), testURL(tb), opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return st
}

// openTest opens a store on a fresh schema and closes it when the test
// ends.
func openTest(tb testing.TB, opts Options) *Store {
	tb.Helper()
	st := openSchema(tb, newSchema(tb), opts)
	tb.Cleanup(func() { _ = st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		// The suite closes the store, before the schema is dropped:
		// cleanups run last registered first.
		return openSchema(t, newSchema(t), Options{})
	})
}

// testBus is a bus of the account and region the package's tests use.
func testBus(name string) store.Bus {
	return store.Bus{Account: "222222222222", Region: "us-east-1", Name: name}
}

func hasBus(t *testing.T, st *Store, name string) bool {
	t.Helper()
	found := false
	err := st.View(context.Background(), func(tx store.Tx) error {
		var err error
		_, found, err = tx.GetBus("222222222222", "us-east-1", name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
