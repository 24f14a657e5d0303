package awstarget

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

func (s *Sender) firehoseClient(region string) *firehose.Client {
	return cachedClient(s, "firehose", region, firehose.NewFromConfig)
}

// sendFirehose puts the payload as one record, byte for byte. AWS
// EventBridge adds no newline between records either, so consumers that
// split a Firehose object into events see the same bytes here as there.
func (s *Sender) sendFirehose(ctx context.Context, t target, job *delivery.Job) error {
	_, err := s.firehoseClient(t.region).PutRecord(ctx, &firehose.PutRecordInput{
		DeliveryStreamName: aws.String(t.name),
		Record:             &types.Record{Data: job.Payload},
	})
	if err != nil {
		return classify(fmt.Sprintf("firehose PutRecord to %s", t.arn), err)
	}
	return nil
}
