package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// receiver is a real HTTP endpoint on loopback recording what it is sent.
// failFirst makes it answer 503 to that many requests first.
type receiver struct {
	delay     time.Duration // how long each request takes to answer
	mu        sync.Mutex
	failFirst int
	calls     int
	bodies    []string
	headers   []http.Header
	srv       *httptest.Server
}

func newReceiver(t *testing.T, failFirst int) *receiver {
	r := &receiver{failFirst: failFirst}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		time.Sleep(r.delay)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if r.calls <= r.failFirst {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		r.bodies = append(r.bodies, string(body))
		r.headers = append(r.headers, req.Header.Clone())
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

// webhookTarget creates a connection and an API destination for url and
// returns the destination's ARN.
func webhookTarget(t *testing.T, c *eventbridge.Client, name, url string) string {
	t.Helper()
	conn := must[*eventbridge.CreateConnectionOutput](t)(c.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String(name), AuthorizationType: types.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &types.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &types.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("X-Api-Key"), ApiKeyValue: aws.String("s3cret")}}}))
	dest := must[*eventbridge.CreateApiDestinationOutput](t)(c.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String(name), ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String(url), HttpMethod: types.ApiDestinationHttpMethodPost}))
	return aws.ToString(dest.ApiDestinationArn)
}

// TestPartnerEventReachesAWebhookThroughAnAPIDestination: partner event ->
// customer's partner bus -> rule -> API destination -> HTTP receiver, with
// retries when the receiver fails at first.
func TestPartnerEventReachesAWebhookThroughAnAPIDestination(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)
	rcv := newReceiver(t, 2)
	destARN := webhookTarget(t, customer, "hook", rcv.srv.URL+"/events")
	must[*eventbridge.PutRuleOutput](t)(customer.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("to-hook"),
		EventBusName: aws.String(sourceName), EventPattern: aws.String(`{"detail-type":["Order Placed"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(customer.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("to-hook"),
		EventBusName: aws.String(sourceName), Targets: []types.Target{{Id: aws.String("hook"), Arn: aws.String(destARN),
			RetryPolicy: &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(5), MaximumEventAgeInSeconds: aws.Int32(60)}}}}))

	put := must[*eventbridge.PutPartnerEventsOutput](t)(partner.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{
		Entries: []types.PutPartnerEventsRequestEntry{{Source: aws.String(sourceName), DetailType: aws.String("Order Placed"),
			Detail: aws.String(`{"id":42}`)}}}))
	waitFor(t, "the webhook to receive the event", func() bool { return len(rcv.received()) == 1 })
	var env map[string]any
	if err := json.Unmarshal([]byte(rcv.received()[0]), &env); err != nil {
		t.Fatal(err)
	}
	if env["id"] != aws.ToString(put.Entries[0].EventId) || env["account"] != customerAccount || env["source"] != sourceName {
		t.Fatalf("webhook got %v", env)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.calls != 3 || rcv.headers[0].Get("X-Api-Key") != "s3cret" {
		t.Fatalf("calls = %d (want 2 failures + 1 success), api key header %q", rcv.calls, rcv.headers[0].Get("X-Api-Key"))
	}
}

// tap routes every event of a bus to a new webhook receiver, so a test can
// see exactly what the bus delivers.
func tap(t *testing.T, c *eventbridge.Client, bus string) *receiver {
	t.Helper()
	rcv := newReceiver(t, 0)
	name := fmt.Sprintf("tap-%d", tapCount.Add(1))
	dest := webhookTarget(t, c, name, rcv.srv.URL)
	must[*eventbridge.PutRuleOutput](t)(c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventBusName: aws.String(bus),
		EventPattern: aws.String(`{"source":[{"prefix":""}]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(name), EventBusName: aws.String(bus),
		Targets: []types.Target{{Id: aws.String("tap"), Arn: aws.String(dest)}}}))
	return rcv
}

var tapCount atomic.Int64

// ids returns the event ids the receiver got.
func (r *receiver) ids() map[string]bool {
	out := map[string]bool{}
	for _, body := range r.received() {
		var env struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(body), &env) == nil {
			out[env.ID] = true
		}
	}
	return out
}
