package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) lambdaClient(region string) *lambda.Client {
	return cachedClient(s, "lambda", region, lambda.NewFromConfig)
}

// sendLambda invokes the function asynchronously, as EventBridge does: the
// delivery succeeds once Lambda has queued the event, and what the function
// then does is Lambda's to retry. The full ARN is passed so that a
// qualifier (version or alias) in it is honoured.
func (s *Sender) sendLambda(ctx context.Context, t target, job *delivery.Job) error {
	_, err := s.lambdaClient(t.region).Invoke(ctx, &lambda.InvokeInput{
		FunctionName:   aws.String(t.arn),
		InvocationType: types.InvocationTypeEvent,
		Payload:        job.Payload,
	})
	if err != nil {
		return classify(fmt.Sprintf("lambda Invoke %s", t.arn), err)
	}
	return nil
}
