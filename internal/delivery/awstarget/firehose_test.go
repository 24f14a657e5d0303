package awstarget

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
)

func TestFirehoseDeliveryStreamGetsThePayloadUnchanged(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)

	// moto forwards records of a delivery stream with an HTTP endpoint
	// destination as it receives them, which lets the test see them
	// without reading S3.
	received := make(chan []byte, 4)
	dest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Records []struct{ Data string } `json:"records"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("destination: %v", err)
		}
		for _, rec := range body.Records {
			data, err := base64.StdEncoding.DecodeString(rec.Data)
			if err != nil {
				t.Errorf("destination: record data: %v", err)
			}
			received <- data
		}
	}))
	defer dest.Close()

	out, err := s.firehoseClient(testRegion).CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: aws.String("orders-archive"),
		HttpEndpointDestinationConfiguration: &types.HttpEndpointDestinationConfiguration{
			EndpointConfiguration: &types.HttpEndpointConfiguration{Url: aws.String(dest.URL)},
			S3Configuration: &types.S3DestinationConfiguration{
				BucketARN: aws.String("arn:aws:s3:::orders-backup"),
				RoleARN:   aws.String("arn:aws:iam::123456789012:role/firehose"),
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	job := testJob(aws.ToString(out.DeliveryStreamARN), "8d2f3c1e-0000-4000-8000-000000000007", "archive")
	if err := s.Send(ctx, job); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-received:
		if string(got) != string(job.Payload) {
			t.Errorf("record = %s, want %s", got, job.Payload)
		}
	case <-ctx.Done():
		t.Fatal("no record reached the delivery stream's destination")
	}
}

func TestFirehoseMissingDeliveryStreamIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:firehose:us-east-1:123456789012:deliverystream/no-such-stream", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}
