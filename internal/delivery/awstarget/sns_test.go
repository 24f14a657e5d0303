package awstarget

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

func TestSNSTopicPublishesThePayloadToItsSubscribers(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	client := s.snsClient(testRegion)
	topic, err := client.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	queueArn, queueURL := createQueue(t, s, "orders-subscriber", nil)
	// Raw delivery, so that the queue holds the payload itself rather than
	// SNS's notification envelope around it.
	if _, err := client.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn:   topic.TopicArn,
		Protocol:   aws.String("sqs"),
		Endpoint:   aws.String(queueArn),
		Attributes: map[string]string{"RawMessageDelivery": "true"},
	}); err != nil {
		t.Fatal(err)
	}

	job := testJob(aws.ToString(topic.TopicArn), "8d2f3c1e-0000-4000-8000-000000000004", "topic")
	if err := s.Send(ctx, job); err != nil {
		t.Fatal(err)
	}
	msgs := receiveAll(ctx, t, s, queueURL)
	if len(msgs) != 1 || aws.ToString(msgs[0].Body) != string(job.Payload) {
		t.Fatalf("subscriber queue holds %d messages %v, want the payload once", len(msgs), msgs)
	}
}

func TestSNSMissingTopicIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:sns:us-east-1:123456789012:no-such-topic", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}
