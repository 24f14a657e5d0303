package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

const driverName = "sqlite"

// dsns returns the connection strings for the writer and the readers. The
// pragmas run on every new connection: most of them are per connection,
// not stored in the file.
func dsns(path string, busyTimeout time.Duration) (write, read string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", fmt.Errorf("database path %s: %w", path, err)
	}
	// A file: URI, so that a path containing '?' or '#' is escaped rather
	// than read as the start of the parameters.
	slashed := filepath.ToSlash(abs)
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // a Windows drive letter: file:///C:/...
	}
	busy := fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())

	w := url.Values{"_pragma": {
		busy,
		// WAL: readers keep their snapshot while the writer commits, and a
		// commit appends to one file instead of rewriting pages in place.
		"journal_mode(WAL)",
		// FULL: every COMMIT syncs the WAL before it returns, which is what
		// lets Update promise durability. NORMAL would only sync at
		// checkpoints, so a power loss could drop acknowledged commits.
		"synchronous(FULL)",
		// On macOS fsync does not flush the drive's cache; F_FULLFSYNC
		// does. Elsewhere these two are no-ops.
		"fullfsync(1)",
		"checkpoint_fullfsync(1)",
		"foreign_keys(1)",
		// A large batch can grow the WAL; once checkpointed, cut it back
		// to 64 MiB instead of keeping its high-water mark forever.
		"journal_size_limit(67108864)",
	}}
	r := url.Values{"_pragma": {
		busy,
		"foreign_keys(1)",
		// Readers only read: a write through View fails instead of
		// slipping past the writer goroutine.
		"query_only(1)",
	}}
	uri := func(q url.Values) string {
		return (&url.URL{Scheme: "file", Path: slashed, RawQuery: q.Encode()}).String()
	}
	return uri(w), uri(r), nil
}

// checkWAL makes sure the file really is in WAL mode: SQLite silently keeps
// a rollback journal where WAL is impossible (some network file systems),
// and the concurrency of View depends on it.
func checkWAL(ctx context.Context, conn *sql.Conn) error {
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal (is the file on a network file system?)", mode)
	}
	return nil
}

// syncDir syncs the folder holding the database file. SQLite syncs the
// folder when it creates a journal or WAL, but not when it creates the
// database file itself; without this a power loss soon after the first
// Open could lose the new file's directory entry, and with it every commit.
func syncDir(file string) error {
	if runtime.GOOS == "windows" {
		// Windows cannot open a folder as a file to sync it; NTFS
		// journals directory entries itself.
		return nil
	}
	d, err := os.Open(filepath.Dir(file))
	if err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}
