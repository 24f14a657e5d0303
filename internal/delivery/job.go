package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Job is one (event, target) pair to deliver. It carries everything a
// sender needs, so a delivery never depends on the rule or target still
// existing, or on which node put the event.
type Job struct {
	ID        int64
	Account   string // the account that owns the rule
	Region    string
	Bus       string
	RuleName  string
	RuleArn   string
	TargetID  string
	TargetArn string
	EventID   string
	// Event is the envelope as the rule matched it; Payload is what the
	// target receives (the envelope itself unless the target transforms it).
	Event    []byte
	Payload  []byte
	Target   TargetSpec
	Attempts int       // attempts made so far
	FirstPut time.Time // when the event was accepted; bounds the retry age
	DueAt    time.Time
}

// TargetSpec is the part of a target's configuration that delivery needs.
type TargetSpec struct {
	RoleArn       string       `json:"roleArn,omitempty"`
	RetryPolicy   *RetryPolicy `json:"retryPolicy,omitempty"`
	DeadLetterArn string       `json:"deadLetterArn,omitempty"`
	// MessageGroupID is SqsParameters.MessageGroupId, for FIFO queues.
	MessageGroupID string `json:"messageGroupId,omitempty"`
	// PartitionKey is KinesisParameters.PartitionKeyPath resolved against
	// the event when it was put.
	PartitionKey string          `json:"partitionKey,omitempty"`
	HTTP         *HTTPParameters `json:"http,omitempty"`
}

// HTTPParameters are a target's HttpParameters for API destinations.
type HTTPParameters struct {
	PathParameterValues   []string          `json:"PathParameterValues,omitempty"`
	HeaderParameters      map[string]string `json:"HeaderParameters,omitempty"`
	QueryStringParameters map[string]string `json:"QueryStringParameters,omitempty"`
}

// Policy is the job's retry policy, AWS's default when none was set.
func (j *Job) Policy() RetryPolicy {
	if j.Target.RetryPolicy != nil {
		return *j.Target.RetryPolicy
	}
	return DefaultRetryPolicy
}

// Sender delivers a job's payload to one kind of target. A returned error
// is retried under the job's policy unless it is a *PermanentError.
type Sender interface {
	Send(ctx context.Context, job *Job) error
}

// PermanentError is a failure that retrying cannot fix (a 400 from an API
// destination, a target that no longer exists): the job goes straight to
// its dead-letter queue.
type PermanentError struct {
	Code    string // the ERROR_CODE a dead letter carries, e.g. SDK_CLIENT_ERROR
	Message string
}

func (e *PermanentError) Error() string { return e.Code + ": " + e.Message }

// Permanentf returns a PermanentError.
func Permanentf(code, format string, args ...any) error {
	return &PermanentError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// IsPermanent reports whether err must not be retried.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// DeadLetter is what goes to a target's dead-letter queue when its retries
// run out: the event and the attributes AWS sets on the SQS message.
type DeadLetter struct {
	QueueArn   string
	Body       []byte
	Attributes map[string]string // RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS
}

// DeadLetterSender sends dead letters (SQS queues).
type DeadLetterSender interface {
	SendDeadLetter(ctx context.Context, dl DeadLetter) error
}
