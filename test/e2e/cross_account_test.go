package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// delivered reads bridgeport_delivery_delivered_total for one rule and target.
func delivered(t testing.TB, ts *testServer, ruleARN, targetID string) int {
	t.Helper()
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	re := regexp.MustCompile(`bridgeport_delivery_delivered_total\{rule_arn="` + regexp.QuoteMeta(ruleARN) + `",target_id="` + regexp.QuoteMeta(targetID) + `"\} (\d+)`)
	m := re.FindSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCrossAccountPutEventsNeedsTheBusPolicy: PutEvents onto another
// account's bus is refused until that bus's policy allows the sender, and
// a rule's bus target in another account delivers under the same policy.
func TestCrossAccountPutEventsNeedsTheBusPolicy(t *testing.T) {
	ts := startServer(t)
	sender, receiver := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	must[*eventbridge.CreateEventBusOutput](t)(receiver.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("inbox")}))
	inbox := "arn:aws:events:us-east-1:" + customerAccount + ":event-bus/inbox"
	// The receiver routes whatever arrives on inbox to its default bus.
	rule := must[*eventbridge.PutRuleOutput](t)(receiver.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"),
		EventBusName: aws.String("inbox"), EventPattern: aws.String(`{"source":["com.sender"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(receiver.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"), EventBusName: aws.String("inbox"),
		Targets: []types.Target{{Id: aws.String("home"), Arn: aws.String("arn:aws:events:us-east-1:" + customerAccount + ":event-bus/default")}}}))

	put := func() *eventbridge.PutEventsOutput {
		return must[*eventbridge.PutEventsOutput](t)(sender.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
			{EventBusName: aws.String(inbox), Source: aws.String("com.sender"), DetailType: aws.String("t"), Detail: aws.String(`{}`)}}}))
	}
	out := put()
	if out.FailedEntryCount != 1 || aws.ToString(out.Entries[0].ErrorCode) != "AccessDeniedException" {
		t.Fatalf("put without permission: %+v", out.Entries[0])
	}

	must[*eventbridge.PutPermissionOutput](t)(receiver.PutPermission(ctx, &eventbridge.PutPermissionInput{EventBusName: aws.String("inbox"),
		Action: aws.String("events:PutEvents"), Principal: aws.String(partnerAccount), StatementId: aws.String("sender")}))
	bus := must[*eventbridge.DescribeEventBusOutput](t)(receiver.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("inbox")}))
	if aws.ToString(bus.Policy) == "" {
		t.Fatal("DescribeEventBus shows no Policy after PutPermission")
	}
	if out := put(); out.FailedEntryCount != 0 {
		t.Fatalf("put with permission: %+v", out.Entries[0])
	}
	waitFor(t, "the receiver's rule to deliver", func() bool { return delivered(t, ts, aws.ToString(rule.RuleArn), "home") == 1 })

	// The sender's own rule forwards to the receiver's bus: allowed by the same policy.
	fwd := must[*eventbridge.PutRuleOutput](t)(sender.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("fwd"), EventPattern: aws.String(`{"source":["com.sender"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(sender.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("fwd"),
		Targets: []types.Target{{Id: aws.String("to-inbox"), Arn: aws.String(inbox)}}}))
	must[*eventbridge.PutEventsOutput](t)(sender.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("com.sender"), DetailType: aws.String("t"), Detail: aws.String(`{}`)}}}))
	waitFor(t, "the forward", func() bool { return delivered(t, ts, aws.ToString(fwd.RuleArn), "to-inbox") == 1 })
	waitFor(t, "the receiver to route the forwarded event", func() bool { return delivered(t, ts, aws.ToString(rule.RuleArn), "home") == 2 })

	must[*eventbridge.RemovePermissionOutput](t)(receiver.RemovePermission(ctx, &eventbridge.RemovePermissionInput{EventBusName: aws.String("inbox"), StatementId: aws.String("sender")}))
	if out := put(); out.FailedEntryCount != 1 {
		t.Fatalf("put after RemovePermission: %+v", out.Entries[0])
	}
	_, err := receiver.RemovePermission(ctx, &eventbridge.RemovePermissionInput{EventBusName: aws.String("inbox"), StatementId: aws.String("sender")})
	apiError(t, err, "ResourceNotFoundException", "")
}
