package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) snsClient(region string) *sns.Client {
	return cachedClient(s, "sns", region, sns.NewFromConfig)
}

// sendSNS publishes the payload to the topic. A FIFO topic needs a message
// group and a deduplication id; it gets them as a FIFO queue does, the
// group from the target's SqsParameters.
func (s *Sender) sendSNS(ctx context.Context, t target, job *delivery.Job) error {
	in := &sns.PublishInput{
		TopicArn: aws.String(t.arn),
		Message:  aws.String(string(job.Payload)),
	}
	if t.fifo() {
		if job.Target.MessageGroupID == "" {
			return delivery.Permanentf(codeClientError, "sns Publish to %s: a FIFO topic needs a message group id", t.arn)
		}
		in.MessageGroupId = aws.String(job.Target.MessageGroupID)
		in.MessageDeduplicationId = aws.String(idempotencyKey(job.EventID, job.TargetID, maxDeduplicationID))
	}
	if _, err := s.snsClient(t.region).Publish(ctx, in); err != nil {
		return classify(fmt.Sprintf("sns Publish to %s", t.arn), err)
	}
	return nil
}
