package events

import "testing"

func TestParseBusARN(t *testing.T) {
	tests := []struct {
		arn  string
		want busARN
		ok   bool
	}{
		{"arn:aws:events:us-east-1:111111111111:event-bus/default", busARN{"aws", "us-east-1", "111111111111", "default"}, true},
		{"arn:aws:events:us-east-1:111111111111:event-bus/aws.partner/acme/orders", busARN{"aws", "us-east-1", "111111111111", "aws.partner/acme/orders"}, true},
		{"arn:aws-cn:events:cn-north-1:1:2:event-bus/b", busARN{"aws-cn", "cn-north-1", "1:2", "b"}, true},
		{"arn:aws:events:us-east-1:event-bus/b", busARN{name: "b"}, false},
		{"arn:aws:events:us-east-1:111111111111:rule/r", busARN{}, false},
		{"default", busARN{}, false},
	}
	for _, tt := range tests {
		got, ok := parseBusARN(tt.arn)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseBusARN(%q) = %+v, %v; want %+v, %v", tt.arn, got, ok, tt.want, tt.ok)
		}
	}
}

func TestARNService(t *testing.T) {
	tests := []struct{ arn, want string }{
		{"arn:aws:sqs:us-east-1:111111111111:q", "sqs"},
		{"arn:aws:events:us-east-1:111111111111:event-bus/default", "events"},
		{"arn:aws:lambda", "lambda"},
		{"arn:aws", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := arnService(tt.arn); got != tt.want {
			t.Errorf("arnService(%q) = %q, want %q", tt.arn, got, tt.want)
		}
	}
}
