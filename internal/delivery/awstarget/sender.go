package awstarget

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

// Config configures a Sender.
type Config struct {
	// Endpoint, if set, is the base URL every AWS service call goes to (an
	// AWS-compatible emulator such as moto's server); empty means the real
	// AWS endpoint of each service in the target's region.
	Endpoint string
	// AWS is the SDK configuration, credentials included; callers usually
	// load it with config.LoadDefaultConfig. Its Region is ignored: each
	// call goes to the region named in the target ARN.
	AWS aws.Config
	// HTTPClient, if set, replaces the SDK's HTTP client.
	HTTPClient *http.Client
}

// Sender delivers job payloads to AWS service targets and dead letters to
// SQS queues. It is safe for concurrent use.
type Sender struct {
	endpoint string
	aws      aws.Config

	mu      sync.Mutex
	clients map[clientKey]any
	parsed  map[string]parsedTarget // by ARN; guarded by mu
}

// parsedTarget is parseTarget's answer for one ARN.
type parsedTarget struct {
	t   target
	err error
}

// target parses arn once: the dispatcher asks whether it supports a target
// before every attempt, and Send and SendDeadLetter need its parts.
func (s *Sender) target(arn string) (target, error) {
	s.mu.Lock()
	p, ok := s.parsed[arn]
	s.mu.Unlock()
	if ok {
		return p.t, p.err
	}
	p.t, p.err = parseTarget(arn)
	s.mu.Lock()
	if s.parsed == nil || len(s.parsed) > 10_000 {
		s.parsed = map[string]parsedTarget{}
	}
	s.parsed[arn] = p
	s.mu.Unlock()
	return p.t, p.err
}

var (
	_ delivery.Sender           = (*Sender)(nil)
	_ delivery.DeadLetterSender = (*Sender)(nil)
)

// New returns a Sender. It makes no calls: service clients are created on
// first use, one per service and region.
func New(cfg Config) *Sender {
	base := cfg.AWS.Copy()
	if cfg.HTTPClient != nil {
		base.HTTPClient = cfg.HTTPClient
	}
	// One attempt per Send: the delivery layer retries under the target's
	// RetryPolicy, and SDK retries inside it would multiply the attempts and
	// hide them from the retry count a dead letter reports.
	base.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	base.RetryMaxAttempts = 0
	endpoint := strings.TrimRight(cfg.Endpoint, "/")
	if endpoint != "" {
		base.BaseEndpoint = aws.String(endpoint)
	}
	return &Sender{endpoint: endpoint, aws: base, clients: map[clientKey]any{}}
}

// Send delivers job.Payload to the AWS resource named by job.TargetArn. A
// failure that retrying cannot fix is a *delivery.PermanentError; any other
// error is worth retrying.
func (s *Sender) Send(ctx context.Context, job *delivery.Job) error {
	t, err := s.target(job.TargetArn)
	if err != nil {
		// PutTargets rejects such ARNs; one that got here anyway (stored by
		// an older version, say) can never be delivered.
		return delivery.Permanentf(codeClientError, "%v", err)
	}
	switch t.service {
	case "sqs":
		return s.sendSQS(ctx, t, job)
	case "sns":
		return s.sendSNS(ctx, t, job)
	case "lambda":
		return s.sendLambda(ctx, t, job)
	case "kinesis":
		return s.sendKinesis(ctx, t, job)
	case "firehose":
		return s.sendFirehose(ctx, t, job)
	case "states":
		return s.sendStates(ctx, t, job)
	case "logs":
		return s.sendLogs(ctx, t, job)
	}
	// parseTarget accepts only the services above.
	return delivery.Permanentf(codeClientError, "target %s: service %s has no sender", t.arn, t.service)
}
