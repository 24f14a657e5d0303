package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) kinesisClient(region string) *kinesis.Client {
	return cachedClient(s, "kinesis", region, kinesis.NewFromConfig)
}

// sendKinesis puts the payload as one record. The partition key is the
// target's KinesisParameters.PartitionKeyPath resolved against the event,
// or the event id when none was set, which is AWS's default and spreads
// events evenly over the shards.
func (s *Sender) sendKinesis(ctx context.Context, t target, job *delivery.Job) error {
	key := job.Target.PartitionKey
	if key == "" {
		key = job.EventID
	}
	_, err := s.kinesisClient(t.region).PutRecord(ctx, &kinesis.PutRecordInput{
		StreamName:   aws.String(t.name),
		PartitionKey: aws.String(key),
		Data:         job.Payload,
	})
	if err != nil {
		return classify(fmt.Sprintf("kinesis PutRecord to %s", t.arn), err)
	}
	return nil
}
