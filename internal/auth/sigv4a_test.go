package auth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// captureSigV4a returns a PutEvents with EndpointId exactly as the
// aws-sdk-go-v2 EventBridge client sent it, signed with SigV4a, and the
// time it was captured.
func captureSigV4a(t *testing.T) (*http.Request, []byte, time.Time) {
	t.Helper()
	var captured *http.Request
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		captured, body = r.Clone(context.Background()), b
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	if err := putWithEndpointID(context.Background(), eventBridgeClient(srv.URL, partnerKey, partnerSecret)); err != nil {
		t.Fatal(err)
	}
	if captured == nil {
		t.Fatal("nothing captured")
	}
	return captured, body, time.Now()
}

func TestStrictVerifiesCapturedSigV4a(t *testing.T) {
	r, body, at := captureSigV4a(t)
	tests := []struct {
		name    string
		tamper  func(r *http.Request, body []byte) []byte
		now     time.Duration // server clock relative to the capture
		code    string
		message string
	}{
		{name: "as sent"},
		{name: "14 minutes later", now: 14 * time.Minute},
		{
			name: "changed body",
			tamper: func(r *http.Request, body []byte) []byte {
				return bytes.Replace(body, []byte("OrderPlaced"), []byte("OrderPlacet"), 1)
			},
			code: awserr.InvalidSignature, message: msgSignatureMismatch,
		},
		{
			name: "changed signed header",
			tamper: func(r *http.Request, body []byte) []byte {
				r.Header.Set("X-Amz-Target", "AWSEvents.PutPartnerEvents")
				return body
			},
			code: awserr.InvalidSignature, message: msgSignatureMismatch,
		},
		{
			name:    "region set narrowed to another region",
			tamper:  func(r *http.Request, body []byte) []byte { r.Header.Set("X-Amz-Region-Set", "eu-west-1"); return body },
			code:    awserr.InvalidSignature,
			message: "The request is signed for the regions 'eu-west-1', which do not include this server's region 'us-east-1'.",
		},
		{
			name:   "region set removed",
			tamper: func(r *http.Request, body []byte) []byte { r.Header.Del("X-Amz-Region-Set"); return body },
			code:   awserr.IncompleteSignature, message: "A SigV4a signature requires the X-Amz-Region-Set header.",
		},
		{
			name: "replayed an hour later", now: time.Hour,
			code: awserr.InvalidSignature,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := r.Clone(context.Background())
			b := bytes.Clone(body)
			if tt.tamper != nil {
				b = tt.tamper(req, b)
			}
			p, err := newStrictAt(t, at.Add(tt.now)).Authenticate(req, b)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if p.Account != partnerAccount || p.Region != testRegion || p.PartnerName != partnerName {
					t.Fatalf("principal %+v", p)
				}
				return
			}
			wantError(t, err, tt.code, http.StatusBadRequest, tt.message)
		})
	}
}

func TestDeriveV4AKeyIsDeterministicPerKeyPair(t *testing.T) {
	a, err := deriveV4AKey(partnerKey, partnerSecret)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := deriveV4AKey(partnerKey, partnerSecret)
	c, _ := deriveV4AKey(customerKey, partnerSecret)
	if !a.Equal(b) {
		t.Error("the same key pair derived two keys")
	}
	if a.Equal(c) {
		t.Error("the access key ID does not enter the derivation")
	}
}
