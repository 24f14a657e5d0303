package awstarget

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// oneOfEachTarget is a target of every supported kind, for behaviour that
// must not depend on the kind.
var oneOfEachTarget = []string{
	"arn:aws:sqs:us-east-1:123456789012:orders",
	"arn:aws:sqs:us-east-1:123456789012:orders.fifo",
	"arn:aws:sns:us-east-1:123456789012:orders",
	"arn:aws:lambda:us-east-1:123456789012:function:on-order",
	"arn:aws:kinesis:us-east-1:123456789012:stream/orders",
	"arn:aws:firehose:us-east-1:123456789012:deliverystream/orders",
	"arn:aws:states:us-east-1:123456789012:stateMachine:orders",
	"arn:aws:logs:us-east-1:123456789012:log-group:/orders:*",
}

func TestServerErrorIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal failure", http.StatusInternalServerError)
	}))
	defer srv.Close()
	s := newTestSender(srv.URL)
	for _, arn := range oneOfEachTarget {
		t.Run(arn, func(t *testing.T) {
			job := testJob(arn, "e1", "t1")
			job.Target.MessageGroupID = "g"
			err := s.Send(testContext(t), job)
			wantRetryable(t, err)
			if httpStatus(err) != http.StatusInternalServerError {
				t.Errorf("error %v does not carry the 500", err)
			}
		})
	}
}

func TestConnectionRefusedIsRetryable(t *testing.T) {
	// A port that was free a moment ago and that nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	l.Close()
	s := newTestSender(endpoint)
	for _, arn := range oneOfEachTarget {
		t.Run(arn, func(t *testing.T) {
			job := testJob(arn, "e1", "t1")
			job.Target.MessageGroupID = "g"
			wantRetryable(t, s.Send(testContext(t), job))
		})
	}
}

func TestTimeoutIsRetryable(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	s := newTestSender(srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	wantRetryable(t, s.Send(ctx, testJob("arn:aws:sqs:us-east-1:123456789012:orders", "e1", "t1")))
}

// apiError is an SDK error as a call returns it: the service's code inside
// the HTTP response error inside the operation error.
func apiError(status int, code string, fault smithy.ErrorFault) error {
	return &smithy.OperationError{
		ServiceID:     "SQS",
		OperationName: "SendMessage",
		Err: &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      &smithy.GenericAPIError{Code: code, Message: "the service said so", Fault: fault},
		}},
	}
}

func TestErrorClassification(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string // the permanent code, "" for retryable
	}{
		{"missing SQS queue (JSON protocol)", apiError(400, "QueueDoesNotExist", smithy.FaultClient), codeNotFound},
		{"missing SQS queue (query protocol)", apiError(400, "AWS.SimpleQueueService.NonExistentQueue", smithy.FaultClient), codeNotFound},
		{"missing SNS topic", apiError(404, "NotFound", smithy.FaultClient), codeNotFound},
		{"missing function, stream or log group", apiError(404, "ResourceNotFoundException", smithy.FaultClient), codeNotFound},
		{"missing state machine", apiError(400, "StateMachineDoesNotExist", smithy.FaultClient), codeNotFound},
		{"access denied", apiError(403, "AccessDeniedException", smithy.FaultClient), codeNoPermissions},
		{"SNS authorization error", apiError(403, "AuthorizationError", smithy.FaultClient), codeNoPermissions},
		{"unknown access key", apiError(400, "UnrecognizedClientException", smithy.FaultClient), codeNoPermissions},
		{"validation", apiError(400, "ValidationException", smithy.FaultClient), codeClientError},
		{"invalid parameter", apiError(400, "InvalidParameterValue", smithy.FaultClient), codeClientError},
		{"payload too large", apiError(413, "RequestTooLargeException", smithy.FaultClient), codeClientError},
		{"unknown 4xx code", apiError(400, "SomethingNew", smithy.FaultUnknown), codeClientError},
		{"throttling", apiError(400, "ThrottlingException", smithy.FaultClient), ""},
		{"SNS throttling", apiError(400, "Throttled", smithy.FaultClient), ""},
		{"kinesis throughput exceeded", apiError(400, "ProvisionedThroughputExceededException", smithy.FaultClient), ""},
		{"too many requests", apiError(429, "TooManyRequestsException", smithy.FaultClient), ""},
		{"expired session credentials", apiError(400, "ExpiredTokenException", smithy.FaultClient), ""},
		{"function being updated", apiError(409, "ResourceConflictException", smithy.FaultClient), ""},
		{"too many running executions", apiError(400, "ExecutionLimitExceeded", smithy.FaultClient), ""},
		{"internal error", apiError(500, "InternalFailure", smithy.FaultServer), ""},
		{"service unavailable", apiError(503, "ServiceUnavailableException", smithy.FaultServer), ""},
		{"server fault without a status", &smithy.GenericAPIError{Code: "Oops", Fault: smithy.FaultServer}, ""},
		{"parameters rejected before sending", &smithy.OperationError{Err: smithy.InvalidParamsError{Context: "SendMessageInput"}}, codeClientError},
		{"no answer at all", &smithy.OperationError{Err: errors.New("dial tcp: connection refused")}, ""},
		{"cancelled", &smithy.OperationError{Err: context.Canceled}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classify("sqs SendMessage to q", tt.err)
			if tt.want == "" {
				wantRetryable(t, err)
				if !errors.Is(err, tt.err) {
					t.Errorf("retryable error %v does not wrap the SDK error", err)
				}
				return
			}
			wantPermanent(t, err, tt.want)
		})
	}
}
