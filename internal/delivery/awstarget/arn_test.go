package awstarget

import (
	"strings"
	"testing"
)

func TestSupportsAcceptsTheTargetKindsItDeliversTo(t *testing.T) {
	s := New(Config{AWS: testAWS()})
	accepted := []string{
		"arn:aws:sqs:us-east-1:123456789012:orders",
		"arn:aws:sqs:eu-west-1:123456789012:orders.fifo",
		"arn:aws:sns:us-east-1:123456789012:orders",
		"arn:aws:sns:us-east-1:123456789012:orders.fifo",
		"arn:aws:lambda:us-east-1:123456789012:function:on-order",
		"arn:aws:lambda:us-east-1:123456789012:function:on-order:$LATEST",
		"arn:aws:lambda:us-east-1:123456789012:function:on-order:live",
		"arn:aws:lambda:us-east-1:123456789012:function:on-order:7",
		"arn:aws:kinesis:us-east-1:123456789012:stream/orders",
		"arn:aws:firehose:us-east-1:123456789012:deliverystream/orders",
		"arn:aws:states:us-east-1:123456789012:stateMachine:orders",
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders",
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/orders:*",
		"arn:aws-cn:sqs:cn-north-1:123456789012:orders",
		"arn:aws-us-gov:sns:us-gov-west-1:123456789012:orders",
	}
	for _, arn := range accepted {
		t.Run(arn, func(t *testing.T) {
			if err := s.Supports(arn); err != nil {
				t.Errorf("Supports = %v, want nil", err)
			}
		})
	}
}

func TestSupportsRejectsWhatItCannotDeliverToAndSaysWhatItCan(t *testing.T) {
	s := New(Config{AWS: testAWS()})
	tests := []struct {
		name string
		arn  string
		says string // part of the message that explains the rejection
	}{
		{"not an ARN", "orders", "is not an ARN"},
		{"empty", "", "is not an ARN"},
		{"missing account", "arn:aws:sqs:us-east-1::orders", "is not an ARN"},
		{"missing region", "arn:aws:sqs::123456789012:orders", "is not an ARN"},
		{"unsupported service", "arn:aws:ecs:us-east-1:123456789012:cluster/main", `service "ecs" is not a supported target`},
		{"event bus, delivered elsewhere", "arn:aws:events:us-east-1:123456789012:event-bus/default", `service "events" is not a supported target`},
		{"SQS queue with a path", "arn:aws:sqs:us-east-1:123456789012:a/b", "not a valid sqs resource ARN"},
		{"SNS subscription", "arn:aws:sns:us-east-1:123456789012:orders:6f1d2a", "not a valid sns resource ARN"},
		{"Lambda layer", "arn:aws:lambda:us-east-1:123456789012:layer:deps:1", "not a valid lambda resource ARN"},
		{"Kinesis consumer", "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/c:1", "not a valid kinesis resource ARN"},
		{"Step Functions activity", "arn:aws:states:us-east-1:123456789012:activity:approve", "not a valid states resource ARN"},
		{"log stream", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", "not a valid logs resource ARN"},
		{"queue name too long", "arn:aws:sqs:us-east-1:123456789012:" + strings.Repeat("q", 81), "not a valid sqs resource ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Supports(tt.arn)
			if err == nil {
				t.Fatal("Supports = nil, want a rejection")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.says) {
				t.Errorf("message %q does not say %q", msg, tt.says)
			}
			for _, kind := range []string{"SQS queue", "SNS topic", "Lambda function", "Kinesis stream", "Firehose delivery stream", "Step Functions state machine", "CloudWatch Logs log group"} {
				if !strings.Contains(msg, kind) {
					t.Errorf("message %q does not list %s among the accepted kinds", msg, kind)
				}
			}
		})
	}
}

func TestSendToAnUnsupportedARNIsPermanent(t *testing.T) {
	s := newTestSender("http://127.0.0.1:1")
	wantPermanent(t, s.Send(t.Context(), testJob("arn:aws:ecs:us-east-1:123456789012:cluster/main", "e1", "t1")), codeClientError)
}
