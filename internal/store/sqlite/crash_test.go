package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// crashDBEnv tells the test binary, re-executed as a child, that it is the
// crash writer and which database file to write.
const crashDBEnv = "BRIDGEPORT_SQLITE_CRASH_DB"

// crashKills is how many acknowledged Updates the child makes before the
// parent kills it.
const crashKills = 400

// writeAcked performs the Update the crash test checks: a bus and an event,
// both named key.
func writeAcked(st *Store, key string) error {
	return st.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.PutBus(testBus(key)); err != nil {
			return err
		}
		return tx.AppendEvents([]store.Event{{Account: "222222222222", Region: "us-east-1", Bus: "crash",
			ID: key, Time: time.UnixMilli(0), IngestionTime: time.UnixMilli(0), Envelope: []byte(`{}`)}})
	})
}

// checkAcked fails the test for every key whose writes are missing.
func checkAcked(t *testing.T, path string, keys []string) {
	t.Helper()
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer st.Close()
	err = st.View(context.Background(), func(tx store.Tx) error {
		evs, err := tx.ListEvents(store.EventQuery{Account: "222222222222", Region: "us-east-1", Bus: "crash"})
		if err != nil {
			return err
		}
		events := map[string]bool{}
		for _, e := range evs {
			events[e.ID] = true
		}
		missing := 0
		for _, k := range keys {
			_, found, err := tx.GetBus("222222222222", "us-east-1", k)
			if err != nil {
				return err
			}
			if !found || !events[k] {
				missing++
				if missing <= 10 {
					t.Errorf("acknowledged %s is lost (bus %v, event %v)", k, found, events[k])
				}
			}
		}
		if missing > 0 {
			t.Errorf("%d of %d acknowledged Updates lost", missing, len(keys))
		}
		t.Logf("%d acknowledged Updates all present; %d committed in total", len(keys), len(evs))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAcknowledgedUpdatesSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrashWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Should the child stall, do not hang the test run.
	watchdog := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()

	// Each line is one write(2), made after Update returned: every key
	// read here was acknowledged, including those the child printed
	// between the kill being sent and it landing.
	var acked, jobs, gone []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		kind, key, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "ack":
			acked = append(acked, key)
			if len(acked) == crashKills {
				_ = cmd.Process.Kill() // SIGKILL where there are signals
			}
		case "job":
			jobs = append(jobs, key)
		case "gone":
			gone = append(gone, key)
		}
	}
	err = cmd.Wait()
	if len(acked) < crashKills {
		t.Fatalf("child stopped after %d acknowledged Updates (%v):\n%s", len(acked), err, stderr.String())
	}
	if err == nil {
		t.Fatal("child exited cleanly; it should have been killed")
	}
	checkAcked(t, path, acked)
	checkJobs(t, path, jobs, gone)
}

// checkJobs fails the test for every acknowledged job that is not queued,
// and for every job whose acknowledged deletion did not hold.
func checkJobs(t *testing.T, path string, jobs, gone []string) {
	t.Helper()
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer st.Close()
	var claimed []store.Delivery
	err = st.Update(context.Background(), func(tx store.Tx) error {
		claimed, err = tx.ClaimDeliveries(time.Now(), time.Now().Add(time.Hour), -1)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]bool{}
	for _, d := range claimed {
		queued[string(d.Doc)] = true
	}
	missing, back := 0, 0
	for _, k := range jobs {
		if !queued[k] {
			if missing++; missing <= 10 {
				t.Errorf("acknowledged job %s is lost", k)
			}
		}
	}
	for _, k := range gone {
		if queued[k] {
			if back++; back <= 10 {
				t.Errorf("job %s is queued again after its deletion was acknowledged", k)
			}
		}
	}
	if len(jobs) == 0 || len(gone) == 0 {
		t.Errorf("the child acknowledged %d jobs and %d deletions; want some of each", len(jobs), len(gone))
	}
	t.Logf("%d acknowledged jobs present, %d acknowledged deletions held; %d jobs queued", len(jobs)-missing, len(gone)-back, len(claimed))
}

// TestHelperCrashWriter is not a test: it is the child process of
// TestAcknowledgedUpdatesSurviveKill, writing until it is killed.
func TestHelperCrashWriter(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("runs only as the child of TestAcknowledgedUpdatesSurviveKill")
	}
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(2)
	}
	for g := range 8 {
		go func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("g%d-%d", g, i)
				if err := writeAcked(st, key); err != nil {
					fmt.Fprintln(os.Stderr, "update:", err)
					os.Exit(3)
				}
				fmt.Fprintf(os.Stdout, "ack %s\n", key)
			}
		}()
	}
	// Jobs enqueued straight to the queue log, and jobs enqueued and then
	// deleted by Updates, as deliveries are.
	for g := range 4 {
		go func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("q%d-%d", g, i)
				ds := []store.Delivery{{DueAt: time.UnixMilli(0), LeaseUntil: time.Now().Add(time.Hour), Doc: []byte(key)}}
				if err := st.Enqueue(context.Background(), ds); err != nil {
					fmt.Fprintln(os.Stderr, "enqueue:", err)
					os.Exit(3)
				}
				if i%2 == 0 {
					fmt.Fprintf(os.Stdout, "job %s\n", key)
					continue
				}
				err := st.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteDeliveries([]int64{ds[0].ID}) })
				if err != nil {
					fmt.Fprintln(os.Stderr, "delete:", err)
					os.Exit(3)
				}
				fmt.Fprintf(os.Stdout, "gone %s\n", key)
			}
		}()
	}
	time.Sleep(time.Minute) // the parent kills this process long before
	fmt.Fprintln(os.Stderr, "not killed within a minute")
	os.Exit(4)
}

func TestReopenAfterCloseKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		keys  []string
		wg    sync.WaitGroup
		wrErr = make(chan error, 4)
	)
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				key := fmt.Sprintf("g%d-%d", g, i)
				if err := writeAcked(st, key); err != nil {
					wrErr <- err
					return
				}
				mu.Lock()
				keys = append(keys, key)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(wrErr)
	for err := range wrErr {
		t.Fatalf("Update: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// A clean Close checkpoints the WAL into the database and removes it.
	if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
		t.Errorf("WAL file still present after Close (stat: %v)", err)
	}
	checkAcked(t, path, keys)
}
