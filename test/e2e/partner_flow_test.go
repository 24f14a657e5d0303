package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

const sourceName = "aws.partner/acme.com/orders/prod"

// TestPartnerFlowEndToEnd drives the whole SaaS flow as two accounts: the
// partner offers a source, the customer sees it PENDING, creates the
// partner bus (ACTIVE), and the partner's events land on that bus.
func TestPartnerFlowEndToEnd(t *testing.T) {
	ts := startServer(t)
	partner := ts.client(partnerAccount, "secret")
	customer := ts.client(customerAccount, "secret")

	created := must[*eventbridge.CreatePartnerEventSourceOutput](t)(partner.CreatePartnerEventSource(ctx,
		&eventbridge.CreatePartnerEventSourceInput{Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	wantARN := "arn:aws:events:us-east-1::event-source/" + sourceName
	if got := aws.ToString(created.EventSourceArn); got != wantARN {
		t.Fatalf("EventSourceArn = %s, want %s", got, wantARN)
	}

	// The customer sees it PENDING, with an expiry two weeks out.
	src := must[*eventbridge.DescribeEventSourceOutput](t)(customer.DescribeEventSource(ctx,
		&eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStatePending || aws.ToString(src.CreatedBy) != "aws.partner/acme.com" ||
		aws.ToString(src.Arn) != wantARN || src.ExpirationTime == nil || src.CreationTime == nil {
		t.Fatalf("customer view of new source: %+v", src)
	}
	if ttl := src.ExpirationTime.Sub(*src.CreationTime); ttl < 13*24*time.Hour || ttl > 15*24*time.Hour {
		t.Fatalf("ExpirationTime is %v after creation, want about 14 days", ttl)
	}
	accounts := must[*eventbridge.ListPartnerEventSourceAccountsOutput](t)(partner.ListPartnerEventSourceAccounts(ctx,
		&eventbridge.ListPartnerEventSourceAccountsInput{EventSourceName: aws.String(sourceName)}))
	if len(accounts.PartnerEventSourceAccounts) != 1 || aws.ToString(accounts.PartnerEventSourceAccounts[0].Account) != customerAccount ||
		accounts.PartnerEventSourceAccounts[0].State != types.EventSourceStatePending {
		t.Fatalf("partner accounts view: %+v", accounts.PartnerEventSourceAccounts)
	}

	// Activate cannot stand in for creating the bus.
	_, err := customer.ActivateEventSource(ctx, &eventbridge.ActivateEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", fmt.Sprintf("Event source %s or event bus %s does not exist.", sourceName, sourceName))

	bus := must[*eventbridge.CreateEventBusOutput](t)(customer.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{
		Name: aws.String(sourceName), EventSourceName: aws.String(sourceName)}))
	rcv := tap(t, customer, sourceName)
	if got, want := aws.ToString(bus.EventBusArn), "arn:aws:events:us-east-1:"+customerAccount+":event-bus/"+sourceName; got != want {
		t.Fatalf("EventBusArn = %s, want %s", got, want)
	}
	src = must[*eventbridge.DescribeEventSourceOutput](t)(customer.DescribeEventSource(ctx,
		&eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStateActive || src.ExpirationTime != nil {
		t.Fatalf("after CreateEventBus: state %s, expiration %v", src.State, src.ExpirationTime)
	}

	put := must[*eventbridge.PutPartnerEventsOutput](t)(partner.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{
		Entries: []types.PutPartnerEventsRequestEntry{
			{Source: aws.String(sourceName), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"id":1}`),
				Resources: []string{"order/1"}, Time: aws.Time(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))},
			{Source: aws.String(sourceName), DetailType: aws.String("Order Placed")},
			{Source: aws.String(sourceName), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"id":2}`)},
		}}))
	if put.FailedEntryCount != 1 || len(put.Entries) != 3 || aws.ToString(put.Entries[0].EventId) == "" ||
		aws.ToString(put.Entries[1].ErrorCode) != "InvalidArgument" || aws.ToString(put.Entries[2].EventId) == "" {
		t.Fatalf("PutPartnerEvents result: %+v", put)
	}
	if got := aws.ToString(put.Entries[1].ErrorMessage); got != "Parameter Detail is not valid. Reason: Detail is a required argument." {
		t.Fatalf("missing Detail message: %q", got)
	}

	waitFor(t, "both events to reach the customer's bus", func() bool { return len(rcv.received()) == 2 })
	var env map[string]any
	for _, body := range rcv.received() {
		var e map[string]any
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			t.Fatal(err)
		}
		if e["id"] == aws.ToString(put.Entries[0].EventId) {
			env = e
		}
	}
	want := map[string]any{"version": "0", "id": aws.ToString(put.Entries[0].EventId), "detail-type": "Order Placed",
		"source": sourceName, "account": customerAccount, "time": "2026-01-02T03:04:05Z", "region": "us-east-1",
		"resources": []any{"order/1"}, "detail": map[string]any{"id": float64(1)}}
	if fmt.Sprint(env) != fmt.Sprint(want) {
		t.Fatalf("envelope\n got %v\nwant %v", env, want)
	}
}

func TestDeactivateStopsDeliveryAndActivateResumes(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)
	rcv := tap(t, customer, sourceName)

	must[*eventbridge.DeactivateEventSourceOutput](t)(customer.DeactivateEventSource(ctx, &eventbridge.DeactivateEventSourceInput{Name: aws.String(sourceName)}))
	src := must[*eventbridge.DescribeEventSourceOutput](t)(customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStatePending || src.ExpirationTime == nil {
		t.Fatalf("after deactivate: %s expiration %v", src.State, src.ExpirationTime)
	}
	_, err := customer.DeactivateEventSource(ctx, &eventbridge.DeactivateEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "InvalidStateException", "")

	// Events for a PENDING source are accepted and dropped.
	dropped := putOne(t, partner, sourceName)
	if dropped.FailedEntryCount != 0 || aws.ToString(dropped.Entries[0].EventId) == "" {
		t.Fatalf("put while pending: %+v", dropped.Entries)
	}

	must[*eventbridge.ActivateEventSourceOutput](t)(customer.ActivateEventSource(ctx, &eventbridge.ActivateEventSourceInput{Name: aws.String(sourceName)}))
	_, err = customer.ActivateEventSource(ctx, &eventbridge.ActivateEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "InvalidStateException", "")
	delivered := putOne(t, partner, sourceName)
	waitFor(t, "the event put after re-activation", func() bool { return rcv.ids()[aws.ToString(delivered.Entries[0].EventId)] })
	if got := rcv.ids(); got[aws.ToString(dropped.Entries[0].EventId)] || len(got) != 1 {
		t.Fatalf("delivered %v: the event put while PENDING must be dropped", got)
	}
}

func TestPartnerDeleteLeavesDeletedTombstoneUntilBusDeleted(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)

	// The wrong Account is a no-op, as the API has no not-found error here.
	must[*eventbridge.DeletePartnerEventSourceOutput](t)(partner.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(otherAccount)}))
	must[*eventbridge.DescribePartnerEventSourceOutput](t)(partner.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)}))

	must[*eventbridge.DeletePartnerEventSourceOutput](t)(partner.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	_, err := partner.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "Event source "+sourceName+" does not exist.")
	src := must[*eventbridge.DescribeEventSourceOutput](t)(customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStateDeleted {
		t.Fatalf("customer sees %s after partner delete, want DELETED", src.State)
	}
	// Deleting again is a no-op; re-creating while the tombstone lives is not allowed.
	must[*eventbridge.DeletePartnerEventSourceOutput](t)(partner.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	_, err = partner.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{Name: aws.String(sourceName), Account: aws.String(customerAccount)})
	apiError(t, err, "ResourceAlreadyExistsException", "Event source "+sourceName+" already exists.")
	put := putOne(t, partner, sourceName)
	if aws.ToString(put.Entries[0].ErrorCode) != "NotAuthorizedForSourceException" {
		t.Fatalf("put to a deleted source: %+v", put.Entries[0])
	}
	_, err = customer.ActivateEventSource(ctx, &eventbridge.ActivateEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "InvalidStateException", "")

	must[*eventbridge.DeleteEventBusOutput](t)(customer.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String(sourceName)}))
	_, err = customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "Event source "+sourceName+" does not exist.")
	// The name is free again.
	must[*eventbridge.CreatePartnerEventSourceOutput](t)(partner.CreatePartnerEventSource(ctx,
		&eventbridge.CreatePartnerEventSourceInput{Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
}

func TestDeletingPartnerBusReturnsSourceToPending(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)
	must[*eventbridge.DeleteEventBusOutput](t)(customer.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String(sourceName)}))
	src := must[*eventbridge.DescribeEventSourceOutput](t)(customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)}))
	if src.State != types.EventSourceStatePending || src.ExpirationTime == nil {
		t.Fatalf("after bus delete: %s, expiration %v", src.State, src.ExpirationTime)
	}
	// A pending source without bus: the partner deletes it outright (T7).
	must[*eventbridge.DeletePartnerEventSourceOutput](t)(partner.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(customerAccount)}))
	_, err := customer.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "")
}

func TestAccountsSeeOnlyTheirOwnSourcesAndBuses(t *testing.T) {
	ts := startServer(t)
	partner, customer, other := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s"), ts.client(otherAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)

	_, err := other.DescribeEventSource(ctx, &eventbridge.DescribeEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "")
	_, err = other.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "")
	_, err = customer.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "")
	list := must[*eventbridge.ListEventSourcesOutput](t)(other.ListEventSources(ctx, &eventbridge.ListEventSourcesInput{}))
	if len(list.EventSources) != 0 {
		t.Fatalf("another account lists %d sources", len(list.EventSources))
	}
	buses := must[*eventbridge.ListEventBusesOutput](t)(other.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{}))
	if len(buses.EventBuses) != 1 || aws.ToString(buses.EventBuses[0].Name) != "default" {
		t.Fatalf("another account's buses: %+v", buses.EventBuses)
	}
	// The other account cannot create the customer's partner bus, nor
	// publish to the partner's source.
	_, err = other.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(sourceName), EventSourceName: aws.String(sourceName)})
	apiError(t, err, "ResourceNotFoundException", "Event source "+sourceName+" does not exist.")
	put := putOne(t, other, sourceName)
	if aws.ToString(put.Entries[0].ErrorCode) != "NotAuthorizedForSourceException" {
		t.Fatalf("another account put to the partner's source: %+v", put.Entries[0])
	}
}

// TestConcurrentCreateHasExactlyOneWinner races many partners creating the
// same source name: the name is unique per region.
func TestConcurrentCreateHasExactlyOneWinner(t *testing.T) {
	ts := startServer(t)
	const racers = 20
	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ts.client(fmt.Sprintf("1111111111%02d", i), "s")
			_, errs[i] = c.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{
				Name: aws.String(sourceName), Account: aws.String(customerAccount)})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		apiError(t, err, "ResourceAlreadyExistsException", "")
	}
	if wins != 1 {
		t.Fatalf("%d concurrent creates succeeded, want exactly 1", wins)
	}
}

func TestListingsPaginateWithOpaqueTokens(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	var names []string
	for i := range 5 {
		name := fmt.Sprintf("aws.partner/acme.com/tenant/t%d", i)
		names = append(names, name)
		must[*eventbridge.CreatePartnerEventSourceOutput](t)(partner.CreatePartnerEventSource(ctx,
			&eventbridge.CreatePartnerEventSourceInput{Name: aws.String(name), Account: aws.String(customerAccount)}))
	}
	var got []string
	var token *string
	pages := 0
	for {
		page := must[*eventbridge.ListPartnerEventSourcesOutput](t)(partner.ListPartnerEventSources(ctx, &eventbridge.ListPartnerEventSourcesInput{
			NamePrefix: aws.String("aws.partner/acme.com/"), Limit: aws.Int32(2), NextToken: token}))
		pages++
		for _, s := range page.PartnerEventSources {
			got = append(got, aws.ToString(s.Name))
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	if strings.Join(got, ",") != strings.Join(names, ",") || pages != 3 {
		t.Fatalf("paged listing over %d pages: %v", pages, got)
	}
	customerPage := must[*eventbridge.ListEventSourcesOutput](t)(customer.ListEventSources(ctx, &eventbridge.ListEventSourcesInput{
		NamePrefix: aws.String("aws.partner/acme.com/tenant/t3")}))
	if len(customerPage.EventSources) != 1 || customerPage.NextToken != nil {
		t.Fatalf("prefix listing: %+v", customerPage)
	}
	// A token from one listing is refused by another.
	first := must[*eventbridge.ListPartnerEventSourcesOutput](t)(partner.ListPartnerEventSources(ctx, &eventbridge.ListPartnerEventSourcesInput{
		NamePrefix: aws.String("aws.partner/acme.com/"), Limit: aws.Int32(1)}))
	_, err := customer.ListEventSources(ctx, &eventbridge.ListEventSourcesInput{NextToken: first.NextToken})
	apiError(t, err, "ValidationException", "Invalid NextToken.")
}

func offerAndAccept(t testing.TB, partner, customer *eventbridge.Client, name string) {
	t.Helper()
	must[*eventbridge.CreatePartnerEventSourceOutput](t)(partner.CreatePartnerEventSource(ctx,
		&eventbridge.CreatePartnerEventSourceInput{Name: aws.String(name), Account: aws.String(customerAccount)}))
	must[*eventbridge.CreateEventBusOutput](t)(customer.CreateEventBus(ctx,
		&eventbridge.CreateEventBusInput{Name: aws.String(name), EventSourceName: aws.String(name)}))
}

func putOne(t testing.TB, c *eventbridge.Client, source string) *eventbridge.PutPartnerEventsOutput {
	t.Helper()
	return must[*eventbridge.PutPartnerEventsOutput](t)(c.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{
		Entries: []types.PutPartnerEventsRequestEntry{{Source: aws.String(source), DetailType: aws.String("t"), Detail: aws.String(`{}`)}}}))
}
