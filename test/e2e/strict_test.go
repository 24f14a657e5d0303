package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// identityFile is written as JSON on purpose: JSON is valid YAML and the
// identity file must accept both.
const identityFile = `{"accounts": [
  {"id": "111111111111", "partner_name": "acme.com", "keys": [{"access_key_id": "AKIAPARTNER", "secret_access_key": "partner-secret"}]},
  {"id": "222222222222", "keys": [{"access_key_id": "AKIACUSTOMER", "secret_access_key": "customer-secret"}]},
  {"id": "333333333333", "partner_name": "other.io", "keys": [{"access_key_id": "AKIAOTHER", "secret_access_key": "other-secret"}]}
]}`

const identityYAML = `accounts:
  - id: "111111111111"
    partner_name: acme.com
    keys:
      - access_key_id: AKIAPARTNER
        secret_access_key: partner-secret
  - id: "222222222222"
    keys:
      - access_key_id: AKIACUSTOMER
        secret_access_key: customer-secret
`

func TestStrictModeRunsTheFlowWithSignedRequests(t *testing.T) {
	for _, format := range []struct{ name, content string }{{"json", identityFile}, {"yaml", identityYAML}} {
		t.Run(format.name, func(t *testing.T) {
			ts := startServer(t, withIdentities(writeFile(t, "identities", format.content)))
			partner := ts.client("AKIAPARTNER", "partner-secret")
			customer := ts.client("AKIACUSTOMER", "customer-secret")
			offerAndAccept(t, partner, customer, sourceName)
			rcv := tap(t, customer, sourceName)
			put := putOne(t, partner, sourceName)
			if put.FailedEntryCount != 0 {
				t.Fatalf("put: %+v", put.Entries)
			}
			waitFor(t, "the event on the customer's bus", func() bool { return rcv.ids()[aws.ToString(put.Entries[0].EventId)] })
		})
	}
}

func TestStrictModeRejectsBadCredentials(t *testing.T) {
	ts := startServer(t, withIdentities(writeFile(t, "identities.json", identityFile)))
	list := func(c *eventbridge.Client) error {
		_, err := c.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
		return err
	}
	apiError(t, list(ts.client("AKIAPARTNER", "wrong-secret")), "InvalidSignatureException", "")
	apiError(t, list(ts.client("AKIANOBODY", "x")), "UnrecognizedClientException", "The security token included in the request is invalid.")

	// No Authorization header at all: 403 MissingAuthenticationToken, and nothing stored.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(`{"Name":"aws.partner/acme.com/x/y","Account":"222222222222"}`))
	req.Header.Set("X-Amz-Target", "AWSEvents.CreatePartnerEventSource")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Fatalf("unsigned request: %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
	partner := ts.client("AKIAPARTNER", "partner-secret")
	_, err = partner.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String("aws.partner/acme.com/x/y")})
	apiError(t, err, "ResourceNotFoundException", "")
}

func TestStrictModePartnersActOnlyOnTheirOwnNames(t *testing.T) {
	ts := startServer(t, withIdentities(writeFile(t, "identities.json", identityFile)))
	partner := ts.client("AKIAPARTNER", "partner-secret")
	other := ts.client("AKIAOTHER", "other-secret")
	customer := ts.client("AKIACUSTOMER", "customer-secret")

	_, err := partner.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{
		Name: aws.String("aws.partner/other.io/x"), Account: aws.String(customerAccount)})
	apiError(t, err, "AccessDeniedException", "")
	_, err = customer.CreatePartnerEventSource(ctx, &eventbridge.CreatePartnerEventSourceInput{
		Name: aws.String(sourceName), Account: aws.String(customerAccount)})
	apiError(t, err, "AccessDeniedException", "")

	offerAndAccept(t, partner, customer, sourceName)
	rcv := tap(t, customer, sourceName)
	for name, call := range map[string]func() error{
		"describe": func() error {
			_, err := other.DescribePartnerEventSource(ctx, &eventbridge.DescribePartnerEventSourceInput{Name: aws.String(sourceName)})
			return err
		},
		"list": func() error {
			_, err := other.ListPartnerEventSources(ctx, &eventbridge.ListPartnerEventSourcesInput{NamePrefix: aws.String("aws.partner/acme.com/")})
			return err
		},
		"accounts": func() error {
			_, err := other.ListPartnerEventSourceAccounts(ctx, &eventbridge.ListPartnerEventSourceAccountsInput{EventSourceName: aws.String(sourceName)})
			return err
		},
		"delete": func() error {
			_, err := other.DeletePartnerEventSource(ctx, &eventbridge.DeletePartnerEventSourceInput{Name: aws.String(sourceName), Account: aws.String(customerAccount)})
			return err
		},
		"put": func() error {
			_, err := other.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{Entries: []types.PutPartnerEventsRequestEntry{
				{Source: aws.String(sourceName), DetailType: aws.String("t"), Detail: aws.String("{}")}}})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) { apiError(t, call(), "AccessDeniedException", "") })
	}
	// The customer is not a partner at all.
	_, err = customer.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{Entries: []types.PutPartnerEventsRequestEntry{
		{Source: aws.String(sourceName), DetailType: aws.String("t"), Detail: aws.String("{}")}}})
	apiError(t, err, "AccessDeniedException", "")
	marker := putOne(t, partner, sourceName)
	waitFor(t, "the partner's own event", func() bool { return rcv.ids()[aws.ToString(marker.Entries[0].EventId)] })
	if n := len(rcv.received()); n != 1 {
		t.Fatalf("%d events delivered, want only the partner's own: refused requests must store nothing", n)
	}
}
