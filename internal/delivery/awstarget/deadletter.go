package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

// SendDeadLetter sends a dead letter to its SQS queue: the event as the
// body and each attribute (RULE_ARN, TARGET_ARN, ERROR_CODE, ...) as a
// String message attribute, as AWS EventBridge does. Attributes with an
// empty value are left out because SQS rejects empty attribute values.
// Errors are classified as Send's are.
func (s *Sender) SendDeadLetter(ctx context.Context, dl delivery.DeadLetter) error {
	t, err := s.target(dl.QueueArn)
	if err != nil {
		return delivery.Permanentf(codeClientError, "dead-letter queue: %v", err)
	}
	if t.service != "sqs" {
		return delivery.Permanentf(codeClientError, "dead-letter queue %s is not an SQS queue ARN", dl.QueueArn)
	}
	attrs := make(map[string]types.MessageAttributeValue, len(dl.Attributes))
	for name, v := range dl.Attributes {
		if v != "" {
			attrs[name] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
		}
	}
	in := &sqs.SendMessageInput{
		QueueUrl:          aws.String(s.queueURL(t)),
		MessageBody:       aws.String(string(dl.Body)),
		MessageAttributes: attrs,
	}
	if _, err := s.sqsClient(t.region).SendMessage(ctx, in); err != nil {
		return classify(fmt.Sprintf("sqs SendMessage dead letter to %s", t.arn), err)
	}
	return nil
}
