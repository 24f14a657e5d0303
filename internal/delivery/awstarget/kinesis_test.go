package awstarget

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestKinesisStreamGetsOneRecordPerEventKeyedByPartitionKeyOrEventID(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	client := s.kinesisClient(testRegion)
	if _, err := client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	desc, err := client.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	streamArn := aws.ToString(desc.StreamDescription.StreamARN)

	keyed := testJob(streamArn, "8d2f3c1e-0000-4000-8000-000000000005", "stream")
	keyed.Target.PartitionKey = "customer-7"
	unkeyed := testJob(streamArn, "8d2f3c1e-0000-4000-8000-000000000006", "stream")
	if err := s.Send(ctx, keyed); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, unkeyed); err != nil {
		t.Fatal(err)
	}

	it, err := client.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        aws.String("orders"),
		ShardId:           desc.StreamDescription.Shards[0].ShardId,
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ key, data string }{
		{"customer-7", string(keyed.Payload)},
		{unkeyed.EventID, string(unkeyed.Payload)},
	}
	if len(recs.Records) != len(want) {
		t.Fatalf("stream holds %d records, want %d", len(recs.Records), len(want))
	}
	for i, w := range want {
		r := recs.Records[i]
		if aws.ToString(r.PartitionKey) != w.key || string(r.Data) != w.data {
			t.Errorf("record %d = key %q data %s, want key %q data %s", i, aws.ToString(r.PartitionKey), r.Data, w.key, w.data)
		}
	}
}

func TestKinesisMissingStreamIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:kinesis:us-east-1:123456789012:stream/no-such-stream", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}
