package auth

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// presign signs a request in the query string with aws-sdk-go-v2's
// PresignHTTP, headers kept as headers (no hoisting into the query, so that
// X-Amz-Target stays where the API reads it), and returns it as the server
// reads it.
func presign(t *testing.T, body []byte, at time.Time, expires string) (*http.Request, []byte) {
	t.Helper()
	u := testEndpoint
	if expires != "" {
		u += "?X-Amz-Expires=" + expires
	}
	req, err := http.NewRequest(http.MethodPost, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSEvents.ListEventBuses")
	signedURL, signedHeaders, err := v4.NewSigner().PresignHTTP(context.Background(), partnerCreds(), req,
		bodySHA256(body), "events", testRegion, at, func(o *v4.SignerOptions) { o.DisableHeaderHoisting = true })
	if err != nil {
		t.Fatal(err)
	}
	out, err := http.NewRequest(http.MethodPost, signedURL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for name, values := range signedHeaders {
		if name != "Host" {
			out.Header[name] = values
		}
	}
	return onTheWire(t, out)
}

func TestStrictAcceptsPresignedQuery(t *testing.T) {
	r, body := presign(t, []byte(listBody), testNow, "")
	if r.Header.Get("Authorization") != "" || r.URL.Query().Get("X-Amz-Signature") == "" {
		t.Fatalf("not presigned: %s", r.URL)
	}
	p, err := newStrictAt(t, testNow).Authenticate(r, body)
	if err != nil {
		t.Fatalf("rejected: %v", err)
	}
	if p.Account != partnerAccount || p.Region != testRegion {
		t.Fatalf("principal %+v", p)
	}
}

func TestStrictPresignedQueryChecks(t *testing.T) {
	tests := []struct {
		name    string
		expires string
		now     time.Time
		tamper  func(q url.Values)
		body    string
		code    string
		message string
	}{
		{name: "within X-Amz-Expires", expires: "3600", now: testNow.Add(59 * time.Minute)},
		{
			name: "after X-Amz-Expires", expires: "60", now: testNow.Add(61 * time.Second),
			code:    awserr.InvalidSignature,
			message: "Signature expired: 20261123T190208Z is now earlier than 20261123T190209Z (20261123T190309Z - 60 sec.)",
		},
		{
			name: "X-Amz-Expires beyond seven days", expires: "604801", now: testNow,
			code:    awserr.IncompleteSignature,
			message: "X-Amz-Expires must be a whole number of seconds from 1 to 604800, not '604801'.",
		},
		{
			name: "changed body", now: testNow, body: `{"NamePrefix":"x"}`,
			code: awserr.InvalidSignature, message: msgSignatureMismatch,
		},
		{
			name: "changed query parameter", now: testNow,
			tamper: func(q url.Values) { q.Set("X-Amz-Date", "20261123T190207Z") },
			code:   awserr.InvalidSignature,
		},
		{
			name: "no signature parameter", now: testNow,
			tamper: func(q url.Values) { q.Del("X-Amz-SignedHeaders") },
			code:   awserr.IncompleteSignature,
			message: "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', " +
				"'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string parameters.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := presign(t, []byte(listBody), testNow, tt.expires)
			if tt.tamper != nil {
				q := r.URL.Query()
				tt.tamper(q)
				r.URL.RawQuery = q.Encode()
			}
			if tt.body != "" {
				body = []byte(tt.body)
			}
			_, err := newStrictAt(t, tt.now).Authenticate(r, body)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantError(t, err, tt.code, http.StatusBadRequest, tt.message)
		})
	}
}
