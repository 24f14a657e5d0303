package auth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// The identities the tests run with: a partner and a customer, as in the
// partner event source flow.
const (
	partnerAccount  = "111111111111"
	partnerName     = "acme.com"
	partnerKey      = "AKIAPARTNEREXAMPLE"
	partnerSecret   = "partner/Secret+Key0"
	customerAccount = "222222222222"
	customerKey     = "AKIACUSTOMEREXAMPLE"
	customerSecret  = "customer-secret"
	testRegion      = "us-east-1"
	testEndpoint    = "http://127.0.0.1:4010/"
)

// testNow is the server clock of the tests that sign with a fixed time.
var testNow = time.Date(2026, 11, 23, 19, 2, 8, 0, time.UTC)

func testAccounts() []Account {
	return []Account{
		{ID: partnerAccount, PartnerName: partnerName, Keys: []Key{{partnerKey, partnerSecret}}},
		{ID: customerAccount, Keys: []Key{{customerKey, customerSecret}}},
	}
}

func partnerCreds() aws.Credentials {
	return aws.Credentials{AccessKeyID: partnerKey, SecretAccessKey: partnerSecret}
}

func newStrictAt(t testing.TB, now time.Time) *Verifier {
	t.Helper()
	v, err := NewStrict(testAccounts(), testRegion, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clientShape is how one real client frames and signs a request: the
// headers it sends and signs, and the exact SignedHeaders list that results.
type clientShape struct {
	name    string
	headers map[string]string // sent and signed, names as the client writes them
	// signContentLength is false for clients that send Content-Length
	// without signing it (botocore, curl).
	signContentLength bool
	// signedButAbsent are signed with an empty value and never sent, like
	// the "Expect:" header libcurl is told to suppress.
	signedButAbsent []string
	wantSigned      string
}

const listBody = `{"NamePrefix":"acme"}`

func bodySHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func clientShapes() []clientShape {
	json := "application/x-amz-json-1.1"
	target := "AWSEvents.ListEventBuses"
	return []clientShape{
		{
			name: "aws-sdk-go-v2",
			headers: map[string]string{"Amz-Sdk-Invocation-Id": "7d1c2a52-5b8e-4bb0-9f36-0c8b1c6d2f10",
				"Amz-Sdk-Request": "attempt=1; max=3", "Content-Type": json, "X-Amz-Target": target,
				"User-Agent": "aws-sdk-go-v2/1.47.8 ua/2.1 os/linux lang/go#1.26.8"},
			signContentLength: true,
			wantSigned:        "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target",
		},
		{
			// JS writes lowercase names on the wire and signs the body hash.
			name: "aws-sdk-js-v3",
			headers: map[string]string{"amz-sdk-invocation-id": "0f5e9a11-3c7d-4f4e-8a55-3f1f3b6e9d21",
				"amz-sdk-request": "attempt=1; max=3", "content-type": json, "x-amz-target": target,
				"x-amz-content-sha256": bodySHA256([]byte(listBody)), "x-amz-user-agent": "aws-sdk-js/3.1168.0",
				"User-Agent": "aws-sdk-js/3.1168.0 ua/2.1 os/linux lang/js"},
			signContentLength: true,
			wantSigned:        "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent",
		},
		{
			name:       "aws-cli and boto3",
			headers:    map[string]string{"Content-Type": json, "X-Amz-Target": target, "User-Agent": "aws-cli/1.45.11 md/Botocore#1.43.11"},
			wantSigned: "content-type;host;x-amz-date;x-amz-target",
		},
		{
			name:       "curl --aws-sigv4",
			headers:    map[string]string{"Content-Type": json, "X-Amz-Target": target, "User-Agent": "curl/7.88.1"},
			wantSigned: "content-type;host;x-amz-date;x-amz-target",
		},
		{
			name:            "R libcurl signs expect without sending it",
			headers:         map[string]string{"Content-Type": json, "X-Amz-Target": target},
			signedButAbsent: []string{"expect"},
			wantSigned:      "content-type;expect;host;x-amz-date;x-amz-target",
		},
		{
			name:              "paws",
			headers:           map[string]string{"Content-Type": json, "X-Amz-Target": target, "User-Agent": "paws/0.7.7"},
			signContentLength: true,
			wantSigned:        "content-length;content-type;host;x-amz-date;x-amz-target",
		},
		{
			name: "header values with runs of spaces",
			headers: map[string]string{"Content-Type": json, "X-Amz-Target": target,
				"X-Custom": "  several   spaces  inside "},
			wantSigned: "content-type;host;x-amz-date;x-amz-target;x-custom",
		},
	}
}

// signAs builds POST / as shape sends it, signs it with aws-sdk-go-v2's
// SigV4 signer and returns the request as a server reads it off the wire.
func signAs(t testing.TB, shape clientShape, body []byte, creds aws.Credentials, at time.Time) (*http.Request, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, testEndpoint, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range shape.headers {
		req.Header[name] = []string{value}
	}
	// The signer skips "Expect" by its canonical name only; a lowercase key
	// makes it sign the header the way libcurl does.
	for _, name := range shape.signedButAbsent {
		req.Header[name] = []string{""}
	}
	length := req.ContentLength
	if !shape.signContentLength {
		req.ContentLength = 0 // the Go signer signs Content-Length whenever it is set
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, bodySHA256(body), "events", testRegion, at); err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	for _, name := range shape.signedButAbsent {
		delete(req.Header, name)
	}
	return onTheWire(t, req)
}

// onTheWire writes req as a client would and reads it back as net/http's
// server does: Host moves to r.Host, header names are canonicalised,
// values trimmed.
func onTheWire(t testing.TB, req *http.Request) (*http.Request, []byte) {
	t.Helper()
	var wire bytes.Buffer
	if err := req.Write(&wire); err != nil {
		t.Fatal(err)
	}
	got, err := http.ReadRequest(bufio.NewReader(&wire))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(got.Body)
	if err != nil {
		t.Fatal(err)
	}
	return got, body
}

// wantError checks that err is the API error AWS would answer with.
func wantError(t *testing.T, err *awserr.Error, code string, status int, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want %s", code)
	}
	if err.Code != code || err.Status != status {
		t.Fatalf("got %s (%d) %q; want %s (%d)", err.Code, err.Status, err.Message, code, status)
	}
	if message != "" && err.Message != message {
		t.Fatalf("message\n got %q\nwant %q", err.Message, message)
	}
}
