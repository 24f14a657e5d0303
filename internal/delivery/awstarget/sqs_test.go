package awstarget

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestQueueURLIsDerivedFromTheARN(t *testing.T) {
	tests := []struct {
		name     string
		endpoint string
		arn      string
		want     string
	}{
		{"custom endpoint", "http://127.0.0.1:5000", "arn:aws:sqs:eu-west-1:111122223333:orders", "http://127.0.0.1:5000/111122223333/orders"},
		{"custom endpoint with trailing slash", "http://127.0.0.1:5000/", "arn:aws:sqs:eu-west-1:111122223333:orders", "http://127.0.0.1:5000/111122223333/orders"},
		{"real AWS", "", "arn:aws:sqs:eu-west-1:111122223333:orders.fifo", "https://sqs.eu-west-1.amazonaws.com/111122223333/orders.fifo"},
		{"China partition", "", "arn:aws-cn:sqs:cn-north-1:111122223333:orders", "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/orders"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Config{Endpoint: tt.endpoint, AWS: testAWS()})
			tg, err := parseTarget(tt.arn)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.queueURL(tg); got != tt.want {
				t.Errorf("queueURL = %s, want %s", got, tt.want)
			}
		})
	}
}

// createQueue makes a queue on the emulator and returns its ARN and URL.
func createQueue(t *testing.T, s *Sender, name string, attrs map[string]string) (arn, url string) {
	t.Helper()
	ctx := testContext(t)
	client := s.sqsClient(testRegion)
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	got, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       out.QueueUrl,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		t.Fatalf("queue %s ARN: %v", name, err)
	}
	return got.Attributes[string(types.QueueAttributeNameQueueArn)], aws.ToString(out.QueueUrl)
}

// receiveAll drains what the queue holds now.
func receiveAll(ctx context.Context, t *testing.T, s *Sender, url string) []types.Message {
	t.Helper()
	var msgs []types.Message
	for {
		out, err := s.sqsClient(testRegion).ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(url),
			MaxNumberOfMessages:         10,
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		})
		if err != nil {
			t.Fatalf("receive from %s: %v", url, err)
		}
		if len(out.Messages) == 0 {
			return msgs
		}
		msgs = append(msgs, out.Messages...)
	}
}

func TestSQSQueueReceivesThePayload(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	arn, url := createQueue(t, s, "payload-standard", nil)

	job := testJob(arn, "8d2f3c1e-0000-4000-8000-000000000001", "queue")
	job.Payload = []byte(`{"order":"42","note":"ünïcode"}`)
	if err := s.Send(ctx, job); err != nil {
		t.Fatal(err)
	}
	msgs := receiveAll(ctx, t, s, url)
	if len(msgs) != 1 || aws.ToString(msgs[0].Body) != string(job.Payload) {
		t.Fatalf("queue holds %d messages %v, want the payload once", len(msgs), msgs)
	}
}

func TestSQSFIFOQueueGetsTheMessageGroupAndDropsRetriedDuplicates(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	arn, url := createQueue(t, s, "payload.fifo", map[string]string{"FifoQueue": "true"})

	job := testJob(arn, "8d2f3c1e-0000-4000-8000-000000000002", "fifo-target")
	job.Target.MessageGroupID = "orders-eu"
	for attempt := 0; attempt < 2; attempt++ {
		if err := s.Send(ctx, job); err != nil {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
	}
	msgs := receiveAll(ctx, t, s, url)
	if len(msgs) != 1 {
		t.Fatalf("queue holds %d messages, want 1: the retry must be deduplicated", len(msgs))
	}
	m := msgs[0]
	if aws.ToString(m.Body) != string(job.Payload) {
		t.Errorf("body = %s, want the payload", aws.ToString(m.Body))
	}
	if got := m.Attributes[string(types.MessageSystemAttributeNameMessageGroupId)]; got != "orders-eu" {
		t.Errorf("MessageGroupId = %q, want orders-eu", got)
	}
	wantDedup := "8d2f3c1e-0000-4000-8000-000000000002_fifo-target"
	if got := m.Attributes[string(types.MessageSystemAttributeNameMessageDeduplicationId)]; got != wantDedup {
		t.Errorf("MessageDeduplicationId = %q, want %q", got, wantDedup)
	}
}

func TestSQSFIFOQueueWithoutMessageGroupIsPermanent(t *testing.T) {
	// No call is made, so no emulator is needed.
	s := newTestSender("http://127.0.0.1:1")
	job := testJob("arn:aws:sqs:us-east-1:123456789012:orders.fifo", "e1", "t1")
	wantPermanent(t, s.Send(context.Background(), job), codeClientError)
}

func TestSQSMissingQueueIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:sqs:us-east-1:123456789012:no-such-queue", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}
