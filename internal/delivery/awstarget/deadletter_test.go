package awstarget

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func TestDeadLetterCarriesEveryAttributeAsAStringMessageAttribute(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	arn, url := createQueue(t, s, "dead-letters", nil)

	dl := delivery.DeadLetter{
		QueueArn: arn,
		Body:     []byte(`{"version":"0","id":"8d2f3c1e-0000-4000-8000-000000000003","detail":{}}`),
		Attributes: map[string]string{
			"RULE_ARN":                  "arn:aws:events:us-east-1:111122223333:rule/orders",
			"TARGET_ARN":                "arn:aws:lambda:us-east-1:111122223333:function:gone",
			"ERROR_CODE":                "RESOURCE_NOT_FOUND",
			"ERROR_MESSAGE":             "lambda Invoke: ResourceNotFoundException: Function not found",
			"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
			"RETRY_ATTEMPTS":            "3",
		},
	}
	if err := s.SendDeadLetter(ctx, dl); err != nil {
		t.Fatal(err)
	}
	msgs := receiveAll(ctx, t, s, url)
	if len(msgs) != 1 {
		t.Fatalf("dead-letter queue holds %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if aws.ToString(m.Body) != string(dl.Body) {
		t.Errorf("body = %s, want %s", aws.ToString(m.Body), dl.Body)
	}
	if len(m.MessageAttributes) != len(dl.Attributes) {
		t.Errorf("message has %d attributes, want %d", len(m.MessageAttributes), len(dl.Attributes))
	}
	for name, want := range dl.Attributes {
		got, ok := m.MessageAttributes[name]
		if !ok {
			t.Errorf("attribute %s missing", name)
			continue
		}
		if aws.ToString(got.DataType) != "String" || aws.ToString(got.StringValue) != want {
			t.Errorf("attribute %s = %s %q, want String %q", name, aws.ToString(got.DataType), aws.ToString(got.StringValue), want)
		}
	}
}

func TestDeadLetterLeavesOutEmptyAttributes(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	arn, url := createQueue(t, s, "dead-letters-empty", nil)

	dl := delivery.DeadLetter{
		QueueArn:   arn,
		Body:       []byte(`{}`),
		Attributes: map[string]string{"ERROR_CODE": "SDK_CLIENT_ERROR", "ERROR_MESSAGE": ""},
	}
	if err := s.SendDeadLetter(ctx, dl); err != nil {
		t.Fatal(err)
	}
	msgs := receiveAll(ctx, t, s, url)
	if len(msgs) != 1 {
		t.Fatalf("dead-letter queue holds %d messages, want 1", len(msgs))
	}
	if _, ok := msgs[0].MessageAttributes["ERROR_MESSAGE"]; ok {
		t.Error("empty ERROR_MESSAGE was sent; SQS rejects empty attribute values")
	}
	if got := aws.ToString(msgs[0].MessageAttributes["ERROR_CODE"].StringValue); got != "SDK_CLIENT_ERROR" {
		t.Errorf("ERROR_CODE = %q", got)
	}
}

func TestDeadLetterToSomethingOtherThanAQueueIsPermanent(t *testing.T) {
	s := newTestSender("http://127.0.0.1:1")
	err := s.SendDeadLetter(context.Background(), delivery.DeadLetter{
		QueueArn: "arn:aws:sns:us-east-1:123456789012:topic",
		Body:     []byte(`{}`),
	})
	wantPermanent(t, err, codeClientError)
}

func TestDeadLetterToAMissingQueueIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	err := s.SendDeadLetter(testContext(t), delivery.DeadLetter{
		QueueArn: "arn:aws:sqs:us-east-1:123456789012:no-such-dlq",
		Body:     []byte(`{}`),
	})
	wantPermanent(t, err, codeNotFound)
}
