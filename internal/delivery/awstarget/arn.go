package awstarget

import (
	"fmt"
	"regexp"
	"strings"
)

// target is a parsed target ARN: where to send (region, account) and what
// the resource is called in the API of its service.
type target struct {
	arn       string
	partition string
	service   string
	region    string
	account   string
	// name is the resource name the service's API takes: the queue, topic,
	// stream, delivery stream, log group or state machine name, or the
	// function name for Lambda.
	name string
}

// The resource part of each supported ARN, as the services document their
// names. Checking the shape when a target is put means a typo is rejected
// by PutTargets instead of failing every delivery afterwards.
var (
	arnShape        = regexp.MustCompile(`^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]+):([0-9]{12}):(.+)$`)
	sqsResource     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$|^[A-Za-z0-9_-]{1,75}\.fifo$`)
	snsResource     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$|^[A-Za-z0-9_-]{1,251}\.fifo$`)
	lambdaResource  = regexp.MustCompile(`^function:([A-Za-z0-9_-]{1,64})(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$`)
	kinesisResource = regexp.MustCompile(`^stream/([A-Za-z0-9_.-]{1,128})$`)
	fhResource      = regexp.MustCompile(`^deliverystream/([A-Za-z0-9_.-]{1,64})$`)
	statesResource  = regexp.MustCompile(`^stateMachine:([A-Za-z0-9_.-]{1,80})(:[A-Za-z0-9_.$-]{1,80})?$`)
	logsResource    = regexp.MustCompile(`^log-group:([A-Za-z0-9_./#-]{1,512})(:\*)?$`)
)

// supportedKinds is the sentence PutTargets shows when an ARN is rejected,
// so a user learns what would have been accepted.
const supportedKinds = "AWS targets must be an SQS queue (arn:aws:sqs:REGION:ACCOUNT:QUEUE), " +
	"an SNS topic (arn:aws:sns:REGION:ACCOUNT:TOPIC), " +
	"a Lambda function (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]), " +
	"a Kinesis stream (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME), " +
	"a Firehose delivery stream (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME), " +
	"a Step Functions state machine (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME) " +
	"or a CloudWatch Logs log group (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)"

// parseTarget splits a target ARN and checks that its resource has the
// shape its service uses.
func parseTarget(arn string) (target, error) {
	m := arnShape.FindStringSubmatch(arn)
	if m == nil {
		return target{}, fmt.Errorf("target %q is not an ARN of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; %s", arn, supportedKinds)
	}
	t := target{arn: arn, partition: m[1], service: m[2], region: m[3], account: m[4]}
	resource := m[5]
	var name []string
	switch t.service {
	case "sqs":
		name = sqsResource.FindStringSubmatch(resource)
	case "sns":
		name = snsResource.FindStringSubmatch(resource)
	case "lambda":
		if name = lambdaResource.FindStringSubmatch(resource); name != nil {
			name = name[:2]
		}
	case "kinesis":
		name = kinesisResource.FindStringSubmatch(resource)
	case "firehose":
		name = fhResource.FindStringSubmatch(resource)
	case "states":
		if name = statesResource.FindStringSubmatch(resource); name != nil {
			name = name[:2]
		}
	case "logs":
		if name = logsResource.FindStringSubmatch(resource); name != nil {
			name = name[:2]
		}
	default:
		return target{}, fmt.Errorf("target %q: service %q is not a supported target; %s", arn, t.service, supportedKinds)
	}
	if name == nil {
		return target{}, fmt.Errorf("target %q is not a valid %s resource ARN; %s", arn, t.service, supportedKinds)
	}
	// Patterns without a group name the whole resource (queues, topics).
	t.name = name[len(name)-1]
	return t, nil
}

// fifo reports whether the queue or topic is a FIFO one, which needs a
// message group and a deduplication id.
func (t target) fifo() bool { return strings.HasSuffix(t.name, ".fifo") }

// Supports reports whether this sender can deliver to arn. The error names
// the kinds of ARN it accepts, so PutTargets can reject a target with a
// message the user can act on instead of dropping its events later.
func (s *Sender) Supports(arn string) error {
	_, err := s.target(arn)
	return err
}
