package auth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
)

// authServer answers every request the way Bridgeport's protocol layer
// does once authentication is decided: {} on success, AWS's error shape
// otherwise. It records the last principal and Authorization header.
type authServer struct {
	*httptest.Server
	mu            sync.Mutex
	principal     Principal
	authorization string
}

func newAuthServer(t *testing.T, v *Verifier) *authServer {
	s := &authServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p, aerr := v.Authenticate(r, body)
		s.mu.Lock()
		s.principal, s.authorization = p, r.Header.Get("Authorization")
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if aerr != nil {
			w.Header().Set("X-Amzn-ErrorType", aerr.Code)
			w.WriteHeader(aerr.Status)
			json.NewEncoder(w).Encode(map[string]string{"__type": aerr.Code, "message": aerr.Message})
			return
		}
		io.WriteString(w, "{}")
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *authServer) last() (Principal, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.principal, s.authorization
}

func eventBridgeClient(endpoint, key, secret string) *eventbridge.Client {
	return eventbridge.New(eventbridge.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
	})
}

// putWithEndpointID is a PutEvents for a global endpoint, which the SDK
// signs with SigV4a.
func putWithEndpointID(ctx context.Context, c *eventbridge.Client) error {
	_, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{
		EndpointId: aws.String("abcde.veo"),
		Entries: []types.PutEventsRequestEntry{{
			Source: aws.String("com.example.orders"), DetailType: aws.String("OrderPlaced"), Detail: aws.String(`{"id":1}`),
		}},
	})
	return err
}

func listBuses(ctx context.Context, c *eventbridge.Client) error {
	_, err := c.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NamePrefix: aws.String("acme")})
	return err
}

func TestEventBridgeClientAgainstStrictMode(t *testing.T) {
	v, err := NewStrict(testAccounts(), testRegion, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := newAuthServer(t, v)
	tests := []struct {
		name        string
		call        func(context.Context, *eventbridge.Client) error
		key, secret string
		algorithm   string
		code        string // "" = success
		message     string
	}{
		{name: "SigV4 with the right key", call: listBuses, key: partnerKey, secret: partnerSecret, algorithm: algorithmV4},
		{
			name: "SigV4 with a wrong secret", call: listBuses, key: partnerKey, secret: "wrong", algorithm: algorithmV4,
			code: "InvalidSignatureException", message: msgSignatureMismatch,
		},
		{
			name: "SigV4 with an unknown key", call: listBuses, key: "AKIANOBODYEXAMPLE", secret: partnerSecret, algorithm: algorithmV4,
			code: "UnrecognizedClientException", message: msgUnrecognizedClient,
		},
		{name: "SigV4a with the right key", call: putWithEndpointID, key: partnerKey, secret: partnerSecret, algorithm: algorithmV4A},
		{
			name: "SigV4a with a wrong secret", call: putWithEndpointID, key: partnerKey, secret: customerSecret, algorithm: algorithmV4A,
			code: "InvalidSignatureException", message: msgSignatureMismatch,
		},
		{
			name: "SigV4a with an unknown key", call: putWithEndpointID, key: "AKIANOBODYEXAMPLE", secret: partnerSecret, algorithm: algorithmV4A,
			code: "UnrecognizedClientException", message: msgUnrecognizedClient,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background(), eventBridgeClient(srv.URL, tt.key, tt.secret))
			p, authz := srv.last()
			if !strings.HasPrefix(authz, tt.algorithm+" ") {
				t.Fatalf("the SDK signed with %q; want %s", authz, tt.algorithm)
			}
			if tt.code == "" {
				if err != nil {
					t.Fatalf("call failed: %v", err)
				}
				want := Principal{Account: partnerAccount, Region: testRegion, AccessKeyID: partnerKey, PartnerName: partnerName, Strict: true}
				if p != want {
					t.Fatalf("principal %+v, want %+v", p, want)
				}
				return
			}
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %v; want the API error %s", err, tt.code)
			}
			if apiErr.ErrorCode() != tt.code || apiErr.ErrorMessage() != tt.message {
				t.Fatalf("got %s %q; want %s %q", apiErr.ErrorCode(), apiErr.ErrorMessage(), tt.code, tt.message)
			}
		})
	}
}

func TestEventBridgeClientAgainstOpenMode(t *testing.T) {
	srv := newAuthServer(t, NewOpen("000000000000", "eu-west-1"))
	ctx := context.Background()
	if err := listBuses(ctx, eventBridgeClient(srv.URL, "123456789012", "anything")); err != nil {
		t.Fatal(err)
	}
	if p, _ := srv.last(); p.Account != "123456789012" || p.Region != testRegion {
		t.Fatalf("SigV4: principal %+v", p)
	}
	if err := putWithEndpointID(ctx, eventBridgeClient(srv.URL, "123456789012", "anything")); err != nil {
		t.Fatal(err)
	}
	if p, _ := srv.last(); p.Account != "123456789012" || p.Region != "eu-west-1" {
		t.Fatalf("SigV4a: principal %+v", p)
	}
}

func TestStrictSigV4aRegionSetMustCoverTheServerRegion(t *testing.T) {
	// The server serves eu-west-1; the SDK's global-endpoint signature is
	// for "*", which covers it. A narrower set is checked by regionSetCovers.
	v, err := NewStrict(testAccounts(), "eu-west-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := newAuthServer(t, v)
	if err := putWithEndpointID(context.Background(), eventBridgeClient(srv.URL, partnerKey, partnerSecret)); err != nil {
		t.Fatal(err)
	}
	if p, _ := srv.last(); p.Region != "eu-west-1" {
		t.Fatalf("principal %+v", p)
	}
	for set, want := range map[string]bool{"*": true, "eu-west-1": true, "eu-*": true, "us-east-1,eu-west-1": true, "us-east-1": false, "us-*": false} {
		if got := regionSetCovers(set, "eu-west-1"); got != want {
			t.Errorf("regionSetCovers(%q, eu-west-1) = %v", set, got)
		}
	}
}
