package awstarget

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Invoking a function in moto runs it in a container unless moto is told
// not to; without containers moto answers an invocation with the payload it
// received, which is what this test looks at.
func TestLambdaFunctionIsInvokedAsynchronouslyWithThePayload(t *testing.T) {
	endpoint := motoEndpoint(t)
	ctx := testContext(t)
	setMotoLambdaContainers(ctx, t, endpoint, false)
	t.Cleanup(func() { setMotoLambdaContainers(context.Background(), t, endpoint, true) })

	rec := &invocationRecorder{next: http.DefaultTransport}
	s := New(Config{Endpoint: endpoint, AWS: testAWS(), HTTPClient: &http.Client{Transport: rec}})
	role := createRole(ctx, t, endpoint, "lambda-runner")
	fn, err := s.lambdaClient(testRegion).CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("on-order"),
		Runtime:      types.RuntimePython312,
		Role:         aws.String(role),
		Handler:      aws.String("index.handler"),
		Code:         &types.FunctionCode{ZipFile: handlerZip(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(fn.FunctionArn)

	tests := []struct {
		name string
		arn  string
	}{
		{"function ARN", arn},
		{"qualified function ARN", arn + ":$LATEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := testJob(tt.arn, "8d2f3c1e-0000-4000-8000-00000000000d", "fn")
			if err := s.Send(ctx, job); err != nil {
				t.Fatal(err)
			}
			inv, ok := rec.last()
			if !ok {
				t.Fatal("no invocation was made")
			}
			if inv.invocationType != "Event" {
				t.Errorf("invocation type = %q, want Event", inv.invocationType)
			}
			if inv.status != http.StatusAccepted {
				t.Errorf("status = %d, want 202", inv.status)
			}
			if string(inv.echo) != string(job.Payload) {
				t.Errorf("function received %s, want %s", inv.echo, job.Payload)
			}
		})
	}
}

// moto's container-less Lambda answers every invocation, of any function,
// so this test needs its regular Lambda, which looks the function up before
// it would start a container.
func TestLambdaMissingFunctionIsPermanentNotFound(t *testing.T) {
	endpoint := motoEndpoint(t)
	ctx := testContext(t)
	setMotoLambdaContainers(ctx, t, endpoint, true)
	s := newTestSender(endpoint)
	job := testJob("arn:aws:lambda:us-east-1:123456789012:function:no-such-function", "e1", "t1")
	wantPermanent(t, s.Send(ctx, job), codeNotFound)
}

// setMotoLambdaContainers switches moto between its Lambda that runs
// functions in containers and its container-less one.
func setMotoLambdaContainers(ctx context.Context, t *testing.T, endpoint string, on bool) {
	t.Helper()
	body := fmt.Sprintf(`{"lambda":{"use_docker":%t}}`, on)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/moto-api/config", strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("configure moto: %s", resp.Status)
	}
}

// createRole creates an IAM role for the function, which moto requires to
// exist. The SDK's IAM client is not a dependency of Bridgeport, so this is
// a signed request of the IAM query protocol by hand.
func createRole(ctx context.Context, t *testing.T, endpoint, name string) string {
	t.Helper()
	body := url.Values{
		"Action":                   {"CreateRole"},
		"Version":                  {"2010-05-08"},
		"RoleName":                 {name},
		"AssumeRolePolicyDocument": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
	}.Encode()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	creds, err := testAWS().Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "iam", testRegion, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`<Arn>([^<]+)</Arn>`).FindSubmatch(out)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("create role: %s %s", resp.Status, out)
	}
	return string(m[1])
}

func handlerZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create("index.py")
	if err == nil {
		_, err = f.Write([]byte("def handler(event, context):\n    return event\n"))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// invocationRecorder keeps what Lambda answered to each Invoke.
type invocationRecorder struct {
	next http.RoundTripper

	mu          sync.Mutex
	invocations []invocation
}

type invocation struct {
	invocationType string
	status         int
	echo           []byte
}

func (r *invocationRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/invocations") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	defer r.mu.Unlock()
	r.invocations = append(r.invocations, invocation{
		invocationType: req.Header.Get("X-Amz-Invocation-Type"),
		status:         resp.StatusCode,
		echo:           body,
	})
	return resp, nil
}

func (r *invocationRecorder) last() (invocation, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.invocations) == 0 {
		return invocation{}, false
	}
	return r.invocations[len(r.invocations)-1], true
}
