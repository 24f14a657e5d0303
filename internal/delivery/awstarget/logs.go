package awstarget

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) logsClient(region string) *cloudwatchlogs.Client {
	return cachedClient(s, "logs", region, cloudwatchlogs.NewFromConfig)
}

// sendLogs writes the payload as one log event to a log stream named after
// the event id, creating the stream first. This is what AWS EventBridge
// does (a stream per event, named by its id): it needs no coordination
// between senders, and a user finds an event's log by its id. Two targets
// of the same event on one log group share the stream.
func (s *Sender) sendLogs(ctx context.Context, t target, job *delivery.Job) error {
	client := s.logsClient(t.region)
	stream := logStreamName(job)
	what := fmt.Sprintf("logs PutLogEvents to %s stream %s", t.arn, stream)

	_, err := client.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{
		LogGroupName:  aws.String(t.name),
		LogStreamName: aws.String(stream),
	})
	// The stream exists when an earlier attempt, or another target of the
	// same event, created it.
	if err != nil && apiErrorCode(err) != "ResourceAlreadyExistsException" {
		return classify(fmt.Sprintf("logs CreateLogStream %s in %s", stream, t.arn), err)
	}

	ts, msg := logEvent(job)
	out, err := client.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
		LogGroupName:  aws.String(t.name),
		LogStreamName: aws.String(stream),
		LogEvents:     []types.InputLogEvent{{Timestamp: aws.Int64(ts.UnixMilli()), Message: aws.String(msg)}},
	})
	if err != nil {
		return classify(what, err)
	}
	// CloudWatch Logs accepts the call but drops events older than 14 days
	// or more than 2 hours ahead; the event time decides, so no retry helps.
	if r := out.RejectedLogEventsInfo; r != nil && (r.TooOldLogEventEndIndex != nil || r.TooNewLogEventStartIndex != nil || r.ExpiredLogEventEndIndex != nil) {
		return delivery.Permanentf(codeClientError, "%s: log event with timestamp %s was rejected as too old, too new or expired", what, ts.UTC().Format(time.RFC3339))
	}
	return nil
}

// logStreamName is the event id, unless the id holds characters a stream
// name may not (':' and '*'), which Bridgeport's own ids never do.
func logStreamName(job *delivery.Job) string {
	if job.EventID != "" && len(job.EventID) <= 512 && !strings.ContainsAny(job.EventID, ":*") {
		return job.EventID
	}
	return idempotencyKey(job.EventID, job.TargetID, 512)
}

// logEvent is the timestamp and message of the log event for a job.
//
// A payload of exactly {"timestamp": ..., "message": ...} is the form AWS
// requires of an InputTransformer aimed at a log group: its timestamp
// (milliseconds since the epoch, or an RFC 3339 time) and message (a string,
// or any JSON value written as JSON) become the log event's. Any other
// payload is the message as it is, stamped with the event's time, as AWS
// does.
func logEvent(job *delivery.Job) (time.Time, string) {
	var shaped map[string]json.RawMessage
	if json.Unmarshal(job.Payload, &shaped) == nil && len(shaped) == 2 {
		rawTS, okTS := shaped["timestamp"]
		rawMsg, okMsg := shaped["message"]
		if okTS && okMsg {
			if ts, ok := parseLogTimestamp(rawTS); ok {
				var msg string
				if json.Unmarshal(rawMsg, &msg) != nil {
					msg = string(rawMsg)
				}
				return ts, msg
			}
		}
	}
	return eventTime(job), string(job.Payload)
}

func parseLogTimestamp(raw json.RawMessage) (time.Time, bool) {
	var ms int64
	if json.Unmarshal(raw, &ms) == nil {
		return time.UnixMilli(ms), true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if ts, err := time.Parse(time.RFC3339, s); err == nil {
			return ts, true
		}
	}
	return time.Time{}, false
}

// eventTime is the envelope's "time", falling back to when the event was
// put and then to now, so that a log event always has a timestamp.
func eventTime(job *delivery.Job) time.Time {
	var env struct {
		Time string `json:"time"`
	}
	if json.Unmarshal(job.Event, &env) == nil {
		if ts, err := time.Parse(time.RFC3339, env.Time); err == nil {
			return ts
		}
	}
	if !job.FirstPut.IsZero() {
		return job.FirstPut
	}
	return time.Now()
}
