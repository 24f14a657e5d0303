package awstarget

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func createLogGroup(t *testing.T, s *Sender, name string) string {
	t.Helper()
	ctx := testContext(t)
	client := s.logsClient(testRegion)
	if _, err := client.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
	out, err := client.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	if err != nil || len(out.LogGroups) == 0 {
		t.Fatalf("describe log group %s: %v", name, err)
	}
	// DescribeLogGroups answers the ARN with its ":*" suffix, the form the
	// console shows and users paste into targets.
	return aws.ToString(out.LogGroups[0].Arn)
}

func TestLogGroupGetsTheEventInAStreamNamedAfterItsID(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	group := createLogGroup(t, s, "/aws/events/orders")
	if !strings.HasSuffix(group, ":*") {
		t.Fatalf("premise: DescribeLogGroups answered %s, want an ARN ending in :*", group)
	}
	tests := []struct {
		name    string
		arn     string
		eventID string
	}{
		{"ARN with :* suffix", group, "8d2f3c1e-0000-4000-8000-00000000000b"},
		{"ARN without suffix", strings.TrimSuffix(group, ":*"), "8d2f3c1e-0000-4000-8000-00000000000c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testContext(t)
			job := testJob(tt.arn, tt.eventID, "log")
			if err := s.Send(ctx, job); err != nil {
				t.Fatal(err)
			}
			// A retry finds the stream already there and still succeeds.
			if err := s.Send(ctx, job); err != nil {
				t.Fatalf("retry: %v", err)
			}
			checkLogEvent(ctx, t, s, "/aws/events/orders", job)
		})
	}
}

func checkLogEvent(ctx context.Context, t *testing.T, s *Sender, group string, job *delivery.Job) {
	t.Helper()
	out, err := s.logsClient(testRegion).GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
		LogGroupName:  aws.String(group),
		LogStreamName: aws.String(job.EventID),
		StartFromHead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Events) == 0 {
		t.Fatal("no log events in the event's stream")
	}
	e := out.Events[0]
	if aws.ToString(e.Message) != string(job.Payload) {
		t.Errorf("message = %s, want %s", aws.ToString(e.Message), job.Payload)
	}
	if want := eventTime(job).UnixMilli(); aws.ToInt64(e.Timestamp) != want {
		t.Errorf("timestamp = %d, want the event time %d", aws.ToInt64(e.Timestamp), want)
	}
}

func TestLogGroupMissingIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:logs:us-east-1:123456789012:log-group:/no/such/group:*", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}

func TestLogEventTakesTimestampAndMessageFromATransformedPayload(t *testing.T) {
	eventAt := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	envelope := []byte(`{"version":"0","id":"e1","time":"2024-01-02T03:04:05Z","detail":{}}`)
	tests := []struct {
		name    string
		payload string
		wantTS  time.Time
		wantMsg string
	}{
		{"envelope is the message at the event time", string(envelope), eventAt, string(envelope)},
		{"timestamp in milliseconds and string message", `{"timestamp":1704164645123,"message":"order 42 placed"}`, time.UnixMilli(1704164645123), "order 42 placed"},
		{"RFC 3339 timestamp", `{"timestamp":"2024-02-03T04:05:06Z","message":"m"}`, time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC), "m"},
		{"object message is written as JSON", `{"timestamp":1704164645000,"message":{"order":42}}`, time.UnixMilli(1704164645000), `{"order":42}`},
		{"unparseable timestamp keeps the whole payload", `{"timestamp":"soon","message":"m"}`, eventAt, `{"timestamp":"soon","message":"m"}`},
		{"extra keys keep the whole payload", `{"timestamp":1,"message":"m","x":1}`, eventAt, `{"timestamp":1,"message":"m","x":1}`},
		{"string payload", `"Order placed"`, eventAt, `"Order placed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, msg := logEvent(&delivery.Job{Event: envelope, Payload: []byte(tt.payload)})
			if !ts.Equal(tt.wantTS) || msg != tt.wantMsg {
				t.Errorf("logEvent = %s %q, want %s %q", ts, msg, tt.wantTS, tt.wantMsg)
			}
		})
	}
}
