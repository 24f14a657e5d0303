package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// rawCall posts body to the API with the given target and no signature
// (open mode), returning status, headers and the decoded JSON body.
func rawCall(t testing.TB, ts *testServer, target, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	// An Authorization header with an unverified scope gives the account in open mode.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+partnerAccount+"/20261123/us-east-1/events/aws4_request, SignedHeaders=host, Signature=00")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response body is not a JSON object: %q", raw)
	}
	return resp.StatusCode, resp.Header, out
}

func TestWireErrors(t *testing.T) {
	ts := startServer(t)
	cases := []struct {
		name, target, body string
		status             int
		code, message      string // message: substring
	}{
		{"missing target names the header", "", `{}`, 400, "UnknownOperationException", "Missing header X-Amz-Target"},
		{"unknown operation", "AWSEvents.MakeCoffee", `{}`, 400, "UnknownOperationException", "MakeCoffee"},
		{"wrong prefix", "AmazonSQS.ListQueues", `{}`, 400, "UnknownOperationException", "AmazonSQS.ListQueues"},
		{"malformed JSON", "AWSEvents.ListEventBuses", `{"Limit":`, 400, "SerializationException", ""},
		{"wrong JSON type", "AWSEvents.ListEventBuses", `{"Limit":"5"}`, 400, "SerializationException", ""},
		{"top level not an object", "AWSEvents.ListEventBuses", `[1]`, 400, "SerializationException", ""},
		{"limit out of range", "AWSEvents.ListEventBuses", `{"Limit":0}`, 400, "ValidationException",
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"all violations counted", "AWSEvents.CreatePartnerEventSource", `{"Name":"bad name","Account":"12"}`, 400, "ValidationException",
			"3 validation errors detected: "},
		{"missing required member", "AWSEvents.CreatePartnerEventSource", `{"Account":"123456789012"}`, 400, "ValidationException",
			"Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{"nested member path", "AWSEvents.PutPartnerEvents", `{"Entries":[{"Source":"aws.partner/a/b"},{"Source":"nope"}]}`, 400, "ValidationException",
			"at 'entries.2.member.source' failed to satisfy constraint: Member must satisfy regular expression pattern: aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}"},
		{"operation not built yet", "AWSEvents.ListArchives", `{}`, 400, "UnsupportedOperationException", "ListArchives"},
		{"delete default bus", "AWSEvents.DeleteEventBus", `{"Name":"default"}`, 400, "ValidationException", "Cannot delete event bus default."},
		{"custom bus named aws.", "AWSEvents.CreateEventBus", `{"Name":"aws.mine"}`, 400, "ValidationException", "EventBus name starting with 'aws.' is not valid."},
		{"partner bus name mismatch", "AWSEvents.CreateEventBus", `{"Name":"aws.partner/a/b","EventSourceName":"aws.partner/a/c"}`, 400, "ValidationException", "Event bus name must match the event source name."},
		{"bus not found", "AWSEvents.DescribeEventBus", `{"Name":"nope"}`, 400, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"foreign bus ARN is not found", "AWSEvents.DescribeEventBus", `{"Name":"arn:aws:events:us-east-1:999999999999:event-bus/default"}`, 400, "ResourceNotFoundException", ""},
		{"partner prefix must name a partner", "AWSEvents.ListPartnerEventSources", `{"NamePrefix":"aws.partner/x"}`, 400, "ValidationException", "namePrefix"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := rawCall(t, ts, tc.target, tc.body)
			if status != tc.status || body["__type"] != tc.code {
				t.Fatalf("got %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if h.Get("X-Amzn-ErrorType") != tc.code {
				t.Fatalf("X-Amzn-ErrorType = %q, want %q", h.Get("X-Amzn-ErrorType"), tc.code)
			}
			msg, _ := body["message"].(string)
			if msg == "" || !strings.Contains(msg, tc.message) {
				t.Fatalf("message %q does not contain %q", msg, tc.message)
			}
			if h.Get("Content-Type") != "application/x-amz-json-1.1" || h.Get("X-Amzn-Requestid") == "" {
				t.Fatalf("headers: %v", h)
			}
		})
	}
}

func TestWireSuccessShapes(t *testing.T) {
	ts := startServer(t)
	// An empty body is {}; lists are [] not null; absent members are omitted.
	status, _, body := rawCall(t, ts, "AWSEvents.ListEventSources", "")
	if status != 200 {
		t.Fatalf("status %d: %v", status, body)
	}
	if list, ok := body["EventSources"].([]any); !ok || len(list) != 0 {
		t.Fatalf("EventSources = %#v, want []", body["EventSources"])
	}
	if _, has := body["NextToken"]; has {
		t.Fatal("NextToken present on the last page")
	}
	// Timestamps are epoch-second numbers.
	_, _, bus := rawCall(t, ts, "AWSEvents.DescribeEventBus", `{}`)
	if _, ok := bus["CreationTime"].(float64); !ok {
		t.Fatalf("CreationTime = %#v, want a number", bus["CreationTime"])
	}
	if bus["Name"] != "default" || bus["Arn"] != "arn:aws:events:us-east-1:"+partnerAccount+":event-bus/default" {
		t.Fatalf("default bus: %v", bus)
	}
	for k, v := range bus {
		if v == nil {
			t.Fatalf("member %s is null", k)
		}
	}
	// An operation without output answers {}.
	_, _, created := rawCall(t, ts, "AWSEvents.CreatePartnerEventSource", `{"Name":"aws.partner/p/x","Account":"222222222222"}`)
	if created["EventSourceArn"] != "arn:aws:events:us-east-1::event-source/aws.partner/p/x" {
		t.Fatalf("create: %v", created)
	}
	status, _, deleted := rawCall(t, ts, "AWSEvents.DeletePartnerEventSource", `{"Name":"aws.partner/p/x","Account":"222222222222"}`)
	if status != 200 || len(deleted) != 0 {
		t.Fatalf("delete: %d %v", status, deleted)
	}
}

func TestHealthAndNonPostRequests(t *testing.T) {
	ts := startServer(t)
	resp, err := http.Get(ts.URL + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/health = %d", resp.StatusCode)
	}
	resp, err = http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(raw), "X-Amz-Target") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, raw)
	}
	for range 2 {
		if status, _, _ := rawCall(t, ts, "AWSEvents.ListEventBuses", `{}`); status != 200 {
			t.Fatalf("ListEventBuses = %d", status)
		}
	}
	resp, err = http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`bridgeport_api_requests_total{operation="ListEventBuses",status="200"} 2`,
		`bridgeport_api_requests_total{operation="unknown",status="400"} 1`,
		`bridgeport_api_request_duration_seconds_count{operation="ListEventBuses"} 2`,
		`bridgeport_store_commits_total`,
	} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestMembersDifferingOnlyInCaseAreIgnored: AWS ignores unknown members, so
// a lowercase "name" must neither replace nor smuggle past the validated "Name".
func TestMembersDifferingOnlyInCaseAreIgnored(t *testing.T) {
	ts := startServer(t)
	status, _, body := rawCall(t, ts, "AWSEvents.CreatePartnerEventSource",
		`{"Name":"aws.partner/p/ok","name":"not a valid name!","Account":"222222222222","account":"x"}`)
	if status != 200 || body["EventSourceArn"] != "arn:aws:events:us-east-1::event-source/aws.partner/p/ok" {
		t.Fatalf("got %d %v", status, body)
	}
	status, _, body = rawCall(t, ts, "AWSEvents.DescribeEventBus", `{"name":"nope"}`)
	if status != 200 || body["Name"] != "default" {
		t.Fatalf("lowercase name was not ignored: %d %v", status, body)
	}
}
