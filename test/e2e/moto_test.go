package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/bridgeport/bridgeport/internal/config"
)

// motoURL starts one moto server for the test run (an AWS-compatible SQS
// and SNS endpoint), or skips the test when moto is not installed.
var motoURL = sync.OnceValues(func() (string, error) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return "", fmt.Errorf("moto_server is not on PATH")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	motoPGID = cmd.Process.Pid
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	for range 300 {
		if resp, err := http.Get(url + "/moto-api/"); err == nil {
			resp.Body.Close()
			return url, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "", fmt.Errorf("moto_server did not start on %s", url)
})

var motoPGID int

func TestMain(m *testing.M) {
	// Fake credentials for the AWS service targets: moto accepts any.
	os.Setenv("AWS_ACCESS_KEY_ID", "test")
	os.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	os.Setenv("AWS_REGION", "us-east-1")
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	code := m.Run()
	if motoPGID != 0 {
		_ = syscall.Kill(-motoPGID, syscall.SIGKILL)
	}
	os.Exit(code)
}

func needMoto(t *testing.T) string {
	t.Helper()
	url, err := motoURL()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	return url
}

func withAWSEndpoint(url string) serverOption { return func(c *config.Config) { c.AWSEndpoint = url } }

func sqsClient(url string) *sqs.Client {
	return sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
}

// createQueue makes a queue in the customer's account and returns its ARN and URL.
func createQueue(t *testing.T, c *sqs.Client, name string) (arn, url string) {
	t.Helper()
	out, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	if err != nil {
		t.Fatal(err)
	}
	return attrs.Attributes["QueueArn"], aws.ToString(out.QueueUrl)
}

// receive waits until n messages arrived on a queue.
func receive(t *testing.T, c *sqs.Client, url string, n int) []sqsMessage {
	t.Helper()
	var got []sqsMessage
	deadline := time.Now().Add(20 * time.Second)
	for len(got) < n && time.Now().Before(deadline) {
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
			WaitTimeSeconds: 1, MessageAttributeNames: []string{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			attrs := map[string]string{}
			for k, v := range m.MessageAttributes {
				attrs[k] = aws.ToString(v.StringValue)
			}
			got = append(got, sqsMessage{Body: aws.ToString(m.Body), Attributes: attrs})
		}
	}
	if len(got) < n {
		t.Fatalf("%d messages arrived on %s, want %d", len(got), url, n)
	}
	return got
}

type sqsMessage struct {
	Body       string
	Attributes map[string]string
}
