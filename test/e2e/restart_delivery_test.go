package e2e

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

// TestKill9DuringDeliveryLosesNoAcknowledgedEvent: events acknowledged by
// PutEvents reach their SQS target even when the server is killed with
// SIGKILL while delivering them. Duplicates are allowed (at least once).
func TestKill9DuringDeliveryLosesNoAcknowledgedEvent(t *testing.T) {
	moto := needMoto(t)
	q := sqsClient(moto)
	queueARN, queueURL := createQueue(t, q, "restart-"+fmt.Sprint(time.Now().UnixNano()))
	dataDir := t.TempDir()
	cmd, url := startProcess(t, dataDir, "--aws-endpoint", moto)
	c := newClient(url, customerAccount, "s", "us-east-1")
	must[*eventbridge.PutRuleOutput](t)(c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventPattern: aws.String(`{"source":["com.load"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"),
		Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String(queueARN)}}}))

	var mu sync.Mutex
	acked := map[string]bool{}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				out, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
					{Source: aws.String("com.load"), DetailType: aws.String("t"), Detail: aws.String(`{}`)},
					{Source: aws.String("com.load"), DetailType: aws.String("t"), Detail: aws.String(`{}`)}}})
				if err != nil || out.FailedEntryCount != 0 {
					continue
				}
				mu.Lock()
				for _, e := range out.Entries {
					acked[aws.ToString(e.EventId)] = true
				}
				mu.Unlock()
			}
		}()
	}
	// Kill as soon as a few hundred events are acknowledged: moto's SQS is
	// far slower than Bridgeport, so most are still being delivered.
	waitFor(t, "acknowledged events", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 400 })
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	_ = cmd.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d events acknowledged before the kill", len(acked))
	}

	startProcess(t, dataDir, "--aws-endpoint", moto)
	seen := map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	for len(missing(acked, seen)) > 0 && time.Now().Before(deadline) {
		// A long visibility timeout instead of a delete per message: each
		// message is received once, at moto's full speed.
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL), MaxNumberOfMessages: 10,
			VisibilityTimeout: 600})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			time.Sleep(100 * time.Millisecond)
		}
		for _, m := range out.Messages {
			var env struct{ ID string }
			if json.Unmarshal([]byte(aws.ToString(m.Body)), &env) == nil {
				seen[env.ID] = true
			}
		}
	}
	if lost := missing(acked, seen); len(lost) > 0 {
		debugQueue(t, dataDir)
		t.Fatalf("%d of %d acknowledged events never reached the queue after kill -9 (e.g. %s)", len(lost), len(acked), lost[0])
	}
	t.Logf("all %d acknowledged events delivered across kill -9 (%d distinct received)", len(acked), len(seen))
}

func missing(want, got map[string]bool) []string {
	var out []string
	for id := range want {
		if !got[id] {
			out = append(out, id)
		}
	}
	return out
}

func debugQueue(t *testing.T, dataDir string) {
	st, err := sqlite.Open(ctx, dataDir+"/bridgeport.db", sqlite.Options{})
	if err != nil {
		t.Log(err)
		return
	}
	defer st.Close()
	_ = st.View(ctx, func(tx store.Tx) error {
		n, err := tx.CountDeliveries()
		f, _ := tx.ListFailedDeliveries(3)
		t.Logf("queued deliveries: %d (%v), failed: %d", n, err, len(f))
		return nil
	})
}
