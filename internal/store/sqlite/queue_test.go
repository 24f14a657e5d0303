package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// A data folder from before the queue log has its queued jobs as rows of
// the deliveries table: Open moves them into the log and empties the table.
func TestOpenMovesQueuedRowsIntoTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	createStore(t, path)
	db := rawDB(t, path)
	for _, doc := range []string{"left by an older version", "and another"} {
		if _, err := db.Exec(`INSERT INTO deliveries (due_at, lease_until, doc) VALUES (0, 99999999999999, ?)`, []byte(doc)); err != nil {
			t.Fatal(err)
		}
	}

	for range 2 { // the second Open finds the table empty and moves nothing twice
		st, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		err = st.Update(context.Background(), func(tx store.Tx) error {
			got, err := tx.ClaimDeliveries(time.Now(), time.Now(), -1)
			for _, d := range got {
				docs = append(docs, string(d.Doc))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"left by an older version", "and another"}; !slices.Equal(docs, want) {
			t.Errorf("queued after Open: %q, want %q", docs, want)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM deliveries`).Scan(&n); err != nil || n != 0 {
		t.Errorf("deliveries table holds %d rows (%v), want 0", n, err)
	}
}
