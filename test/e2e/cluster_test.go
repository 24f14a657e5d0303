package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/jackc/pgx/v5"
)

// postgresURL returns a store URL on a fresh schema of the test database,
// dropped when the test ends, or skips when BRIDGEPORT_TEST_POSTGRES is unset.
func postgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("BRIDGEPORT_TEST_POSTGRES")
	if base == "" {
		t.Skip("BRIDGEPORT_TEST_POSTGRES is not set: skipping PostgreSQL tests")
	}
	schema := fmt.Sprintf("bp_e2e_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		_, _ = conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	})
	sep := "?"
	for _, c := range base {
		if c == '?' {
			sep = "&"
		}
	}
	return base + sep + "search_path=" + schema
}

// TestThreeNodesOnOnePostgreSQL: any node answers any request, rule changes
// reach every node's router, and a node killed mid-delivery loses no
// acknowledged event: its leased jobs are delivered by the survivors.
func TestThreeNodesOnOnePostgreSQL(t *testing.T) {
	store := postgresURL(t)
	var nodes []*nodeProc
	for range 3 {
		cmd, url := startProcess(t, t.TempDir(), "--store", store)
		nodes = append(nodes, &nodeProc{cmd: cmd, url: url})
	}
	partner := func(n int) *eventbridge.Client { return newClient(nodes[n].url, partnerAccount, "s", "us-east-1") }
	customer := func(n int) *eventbridge.Client { return newClient(nodes[n].url, customerAccount, "s", "us-east-1") }

	// Create on one node, read on another.
	must[*eventbridge.CreatePartnerEventSourceOutput](t)(partner(0).CreatePartnerEventSource(ctx,
		&eventbridge.CreatePartnerEventSourceInput{Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	src := must[*eventbridge.DescribeEventSourceOutput](t)(customer(1).DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStatePending {
		t.Fatalf("node 1 sees %s", src.State)
	}
	must[*eventbridge.CreateEventBusOutput](t)(customer(2).CreateEventBus(ctx, &eventbridge.CreateEventBusInput{
		Name: aws.String(sourceName), EventSourceName: aws.String(sourceName)}))

	// A slow webhook keeps deliveries in flight when a node dies. The rule
	// is made on node 2; nodes 0 and 1 must route by it too.
	rcv := newReceiver(t, 0)
	rcv.delay = 150 * time.Millisecond
	dest := webhookTarget(t, customer(2), "hook", rcv.srv.URL)
	must[*eventbridge.PutRuleOutput](t)(customer(2).PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"),
		EventBusName: aws.String(sourceName), EventPattern: aws.String(`{"source":[{"prefix":""}]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(customer(2).PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"),
		EventBusName: aws.String(sourceName), Targets: []types.Target{{Id: aws.String("hook"), Arn: aws.String(dest)}}}))
	time.Sleep(time.Second) // the change notification's promised bound

	var mu sync.Mutex
	var acked []string
	var stop atomic.Bool
	var wg sync.WaitGroup
	for n := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := partner(n)
			for !stop.Load() {
				out, err := c.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{Entries: []types.PutPartnerEventsRequestEntry{
					{Source: aws.String(sourceName), DetailType: aws.String("t"), Detail: aws.String(fmt.Sprintf(`{"node":%d}`, n))}}})
				if err != nil || out.FailedEntryCount != 0 {
					continue
				}
				mu.Lock()
				acked = append(acked, aws.ToString(out.Entries[0].EventId))
				mu.Unlock()
			}
		}()
	}
	waitFor(t, "events acknowledged through every node", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 300 })
	if err := nodes[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	// The dead node's leases expire and the survivors deliver its jobs.
	deadline := time.Now().Add(90 * time.Second)
	for {
		got := rcv.ids()
		mu.Lock()
		lost := 0
		for _, id := range acked {
			if !got[id] {
				lost++
			}
		}
		total := len(acked)
		mu.Unlock()
		if lost == 0 {
			t.Logf("all %d acknowledged events delivered; node 0 was killed mid-delivery", total)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d acknowledged events never delivered", lost, total)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type nodeProc struct {
	cmd *exec.Cmd
	url string
}
