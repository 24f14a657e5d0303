package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

// queueURL derives an SQS queue URL from its ARN. SQS addresses queues by
// URL, and the URL is the account and the name under the service endpoint;
// deriving it saves a GetQueueUrl call per delivery and works across
// accounts, where GetQueueUrl would need the owner's account id anyway.
func (s *Sender) queueURL(t target) string {
	if s.endpoint != "" {
		return s.endpoint + "/" + t.account + "/" + t.name
	}
	return "https://sqs." + t.region + "." + dnsSuffix(t.partition) + "/" + t.account + "/" + t.name
}

// dnsSuffix is the domain of a partition's service endpoints.
func dnsSuffix(partition string) string {
	switch partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	case "aws-iso":
		return "c2s.ic.gov"
	case "aws-iso-b":
		return "sc2s.sgov.gov"
	}
	return "amazonaws.com"
}

func (s *Sender) sqsClient(region string) *sqs.Client {
	return cachedClient(s, "sqs", region, sqs.NewFromConfig)
}

// sendSQS sends the payload as one message. FIFO queues get the target's
// message group and a deduplication id made of the event and target ids,
// so that a retry after a lost response is dropped by SQS (within its
// five-minute deduplication window) instead of delivered twice.
func (s *Sender) sendSQS(ctx context.Context, t target, job *delivery.Job) error {
	in := &sqs.SendMessageInput{
		QueueUrl:    aws.String(s.queueURL(t)),
		MessageBody: aws.String(string(job.Payload)),
	}
	if t.fifo() {
		if job.Target.MessageGroupID == "" {
			return delivery.Permanentf(codeClientError, "sqs SendMessage to %s: a FIFO queue needs SqsParameters.MessageGroupId", t.arn)
		}
		in.MessageGroupId = aws.String(job.Target.MessageGroupID)
		in.MessageDeduplicationId = aws.String(idempotencyKey(job.EventID, job.TargetID, maxDeduplicationID))
	}
	if _, err := s.sqsClient(t.region).SendMessage(ctx, in); err != nil {
		return classify(fmt.Sprintf("sqs SendMessage to %s", t.arn), err)
	}
	return nil
}
