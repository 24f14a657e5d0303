package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) sfnClient(region string) *sfn.Client {
	return cachedClient(s, "states", region, sfn.NewFromConfig)
}

// sendStates starts one execution of the state machine with the payload as
// its input. The execution name is derived from the event and target ids,
// the same for every attempt of the delivery: a retry after a
// start whose response was lost then meets the execution it already
// started, which Step Functions reports as ExecutionAlreadyExists (or, while
// it runs with the same input, as success), and the event is not processed
// twice. Standard workflows keep names unique for 90 days; Express
// workflows do not deduplicate on names, so there the guarantee is the
// usual at-least-once.
func (s *Sender) sendStates(ctx context.Context, t target, job *delivery.Job) error {
	_, err := s.sfnClient(t.region).StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(t.arn),
		Name:            aws.String(idempotencyKey(job.EventID, job.TargetID, maxExecutionName)),
		Input:           aws.String(string(job.Payload)),
	})
	if err != nil {
		if apiErrorCode(err) == "ExecutionAlreadyExists" {
			return nil
		}
		return classify(fmt.Sprintf("states StartExecution %s", t.arn), err)
	}
	return nil
}
