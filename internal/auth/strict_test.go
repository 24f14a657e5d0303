package auth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

func TestStrictAcceptsEveryClientShape(t *testing.T) {
	v := newStrictAt(t, testNow)
	for _, shape := range clientShapes() {
		t.Run(shape.name, func(t *testing.T) {
			r, body := signAs(t, shape, []byte(listBody), partnerCreds(), testNow)
			if got := parseAuthorization(r.Header.Get("Authorization")).signedHeaders; got != shape.wantSigned {
				t.Fatalf("the signer signed %q; the client signs %q", got, shape.wantSigned)
			}
			p, err := v.Authenticate(r, body)
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			want := Principal{Account: partnerAccount, Region: testRegion, AccessKeyID: partnerKey, PartnerName: partnerName, Strict: true}
			if p != want {
				t.Fatalf("principal %+v, want %+v", p, want)
			}
		})
	}
}

func TestStrictAcceptsSessionTokenAsSignedHeader(t *testing.T) {
	creds := partnerCreds()
	creds.SessionToken = "FwoGZXIvYXdzEXAMPLE"
	r, body := signAs(t, clientShapes()[0], []byte(listBody), creds, testNow)
	if !strings.Contains(r.Header.Get("Authorization"), "x-amz-security-token") {
		t.Fatal("the token was not signed")
	}
	if _, err := newStrictAt(t, testNow).Authenticate(r, body); err != nil {
		t.Fatalf("rejected: %v", err)
	}
}

func TestStrictIdentifiesEachAccountByItsKey(t *testing.T) {
	v := newStrictAt(t, testNow)
	creds := aws.Credentials{AccessKeyID: customerKey, SecretAccessKey: customerSecret}
	r, body := signAs(t, clientShapes()[2], []byte(listBody), creds, testNow)
	p, err := v.Authenticate(r, body)
	if err != nil {
		t.Fatal(err)
	}
	if p.Account != customerAccount || p.PartnerName != "" || !p.Strict {
		t.Fatalf("principal %+v", p)
	}
}

func TestStrictRejectsTamperedRequests(t *testing.T) {
	goShape, jsShape := clientShapes()[0], clientShapes()[1]
	tests := []struct {
		name    string
		shape   clientShape
		creds   aws.Credentials
		tamper  func(r *http.Request, body []byte) []byte
		code    string
		status  int
		message string
	}{
		{
			name:    "changed body",
			tamper:  func(r *http.Request, body []byte) []byte { return []byte(`{"NamePrefix":"acmf"}`) },
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name: "changed signed header",
			tamper: func(r *http.Request, body []byte) []byte {
				r.Header.Set("X-Amz-Target", "AWSEvents.DeleteEventBus")
				return body
			},
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "signed header removed",
			tamper:  func(r *http.Request, body []byte) []byte { r.Header.Del("Amz-Sdk-Request"); return body },
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "date moved by a second",
			tamper:  func(r *http.Request, body []byte) []byte { r.Header.Set("X-Amz-Date", "20261123T190209Z"); return body },
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "sent to another host",
			tamper:  func(r *http.Request, body []byte) []byte { r.Host = "127.0.0.1:4011"; return body },
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "signed with the wrong secret",
			creds:   aws.Credentials{AccessKeyID: partnerKey, SecretAccessKey: customerSecret},
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "signed with another account's secret under its own key",
			creds:   aws.Credentials{AccessKeyID: customerKey, SecretAccessKey: partnerSecret},
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name:    "unknown access key",
			creds:   aws.Credentials{AccessKeyID: "AKIANOBODYEXAMPLE", SecretAccessKey: partnerSecret},
			code:    awserr.UnrecognizedClient,
			message: "The security token included in the request is invalid.",
		},
		{
			name:    "no Authorization header",
			tamper:  func(r *http.Request, body []byte) []byte { r.Header.Del("Authorization"); return body },
			code:    awserr.MissingAuthenticationToken,
			status:  http.StatusForbidden,
			message: "Missing Authentication Token",
		},
		{
			name: "signature cut short",
			tamper: func(r *http.Request, body []byte) []byte {
				h := r.Header.Get("Authorization")
				r.Header.Set("Authorization", h[:len(h)-2])
				return body
			},
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
		{
			name: "host left out of SignedHeaders",
			tamper: func(r *http.Request, body []byte) []byte {
				h := r.Header.Get("Authorization")
				r.Header.Set("Authorization", strings.Replace(h, "host;", "", 1))
				return body
			},
			code:    awserr.InvalidSignature,
			message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
		},
		{
			name:    "body changed under a signed content hash",
			shape:   jsShape,
			tamper:  func(r *http.Request, body []byte) []byte { return []byte(`{"NamePrefix":"acmf"}`) },
			code:    awserr.InvalidSignature,
			message: msgContentSHA256,
		},
		{
			name:  "content hash changed with the body",
			shape: jsShape,
			tamper: func(r *http.Request, body []byte) []byte {
				b := []byte(`{"NamePrefix":"acmf"}`)
				r.Header.Set("X-Amz-Content-Sha256", bodySHA256(b))
				return b
			},
			code:    awserr.InvalidSignature,
			message: msgSignatureMismatch,
		},
	}
	v := newStrictAt(t, testNow)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shape := tt.shape
			if shape.name == "" {
				shape = goShape
			}
			creds := tt.creds
			if creds.AccessKeyID == "" {
				creds = partnerCreds()
			}
			r, body := signAs(t, shape, []byte(listBody), creds, testNow)
			if tt.tamper != nil {
				body = tt.tamper(r, body)
			}
			status := tt.status
			if status == 0 {
				status = http.StatusBadRequest
			}
			_, err := v.Authenticate(r, body)
			wantError(t, err, tt.code, status, tt.message)
		})
	}
}

func TestStrictIgnoresUnsignedHeaders(t *testing.T) {
	r, body := signAs(t, clientShapes()[0], []byte(listBody), partnerCreds(), testNow)
	r.Header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
	r.Header.Set("User-Agent", "something else")
	if _, err := newStrictAt(t, testNow).Authenticate(r, body); err != nil {
		t.Fatalf("rejected: %v", err)
	}
}

func TestStrictClockSkewBoundaries(t *testing.T) {
	tests := []struct {
		name     string
		signedAt time.Time
		message  string // "" = accepted
	}{
		{name: "exactly now", signedAt: testNow},
		{name: "15 minutes old", signedAt: testNow.Add(-15 * time.Minute)},
		{name: "15 minutes ahead", signedAt: testNow.Add(15 * time.Minute)},
		{
			name:     "15 minutes and a second old",
			signedAt: testNow.Add(-15*time.Minute - time.Second),
			message:  "Signature expired: 20261123T184707Z is now earlier than 20261123T184708Z (20261123T190208Z - 15 min.)",
		},
		{
			name:     "15 minutes and a second ahead",
			signedAt: testNow.Add(15*time.Minute + time.Second),
			message:  "Signature not yet current: 20261123T191709Z is still later than 20261123T191708Z (20261123T190208Z + 15 min.)",
		},
	}
	v := newStrictAt(t, testNow)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := signAs(t, clientShapes()[0], []byte(listBody), partnerCreds(), tt.signedAt)
			_, err := v.Authenticate(r, body)
			if tt.message == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantError(t, err, awserr.InvalidSignature, http.StatusBadRequest, tt.message)
		})
	}
}

func TestStrictMalformedAuthorization(t *testing.T) {
	const scope = "AKIAPARTNEREXAMPLE/20261123/us-east-1/events/aws4_request"
	const rest = ", SignedHeaders=host;x-amz-date, Signature=" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	tests := []struct {
		name          string
		authorization string
		amzDate       string // "-" = none
		code          string
		message       string
	}{
		{
			name:          "no Credential",
			authorization: "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abcd",
			code:          awserr.IncompleteSignature,
			message:       "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abcd",
		},
		{
			name:          "algorithm only",
			authorization: "AWS4-HMAC-SHA256",
			code:          awserr.IncompleteSignature,
			message:       "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
		},
		{
			name:          "no date header",
			authorization: "AWS4-HMAC-SHA256 Credential=" + scope + rest,
			amzDate:       "-",
			code:          awserr.IncompleteSignature,
			message:       "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=" + scope + rest,
		},
		{
			name:          "not SigV4",
			authorization: "Basic dXNlcjpwYXNz",
			code:          awserr.IncompleteSignature,
			message:       "Unsupported signing algorithm 'Basic': sign requests with AWS Signature Version 4 (AWS4-HMAC-SHA256). Authorization=Basic dXNlcjpwYXNz",
		},
		{
			name:          "scope without region",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/events/aws4_request" + rest,
			code:          awserr.IncompleteSignature,
			message:       "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAPARTNEREXAMPLE/20261123/events/aws4_request'",
		},
		{
			name:          "another service",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/us-east-1/sqs/aws4_request" + rest,
			code:          awserr.InvalidSignature,
			message:       "Credential should be scoped to correct service: 'events'. This server speaks the EventBridge API; the request was signed for 'sqs'.",
		},
		{
			name:          "wrong terminator",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/us-east-1/events/aws5_request" + rest,
			code:          awserr.InvalidSignature,
			message:       "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
		},
		{
			name:          "not a region",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/local/events/aws4_request" + rest,
			code:          awserr.InvalidSignature,
			message:       "Credential should be scoped to a valid region, not 'local'.",
		},
		{
			name:          "scope date differs from X-Amz-Date",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261122/us-east-1/events/aws4_request" + rest,
			code:          awserr.InvalidSignature,
			message:       "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261122' != '20261123', from '20261123T190208Z'.",
		},
		{
			name:          "X-Amz-Date not in basic format",
			authorization: "AWS4-HMAC-SHA256 Credential=" + scope + rest,
			amzDate:       "2026-11-23T19:02:08Z",
			code:          awserr.IncompleteSignature,
			message:       "Date must be in ISO-8601 'basic format'. Got '2026-11-23T19:02:08Z'. See http://en.wikipedia.org/wiki/ISO_8601",
		},
		{
			name:          "SigV4a scope with a region",
			authorization: "AWS4-ECDSA-P256-SHA256 Credential=" + scope + rest,
			code:          awserr.IncompleteSignature,
			message:       "Credential must have exactly 4 slash-delimited elements, e.g. keyid/date/service/term, got '" + scope + "'",
		},
	}
	v := newStrictAt(t, testNow)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := http.NewRequest(http.MethodPost, testEndpoint, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Authorization", tt.authorization)
			switch tt.amzDate {
			case "":
				r.Header.Set("X-Amz-Date", "20261123T190208Z")
			case "-":
			default:
				r.Header.Set("X-Amz-Date", tt.amzDate)
			}
			_, aerr := v.Authenticate(r, []byte("{}"))
			wantError(t, aerr, tt.code, http.StatusBadRequest, tt.message)
		})
	}
}

func TestStrictEchoesOnlyTheStartOfALongHeader(t *testing.T) {
	r, _ := http.NewRequest(http.MethodPost, testEndpoint, nil)
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 "+strings.Repeat("x", 10000))
	_, err := newStrictAt(t, testNow).Authenticate(r, nil)
	if err == nil || err.Code != awserr.IncompleteSignature || len(err.Message) > 1000 {
		t.Fatalf("got %v", err)
	}
}

func TestStrictRejectsAnUnknownKeyBeforeLookingAtTheClock(t *testing.T) {
	creds := aws.Credentials{AccessKeyID: "AKIANOBODYEXAMPLE", SecretAccessKey: "x"}
	r, body := signAs(t, clientShapes()[0], []byte(listBody), creds, testNow.Add(-time.Hour))
	_, err := newStrictAt(t, testNow).Authenticate(r, body)
	wantError(t, err, awserr.UnrecognizedClient, http.StatusBadRequest, msgUnrecognizedClient)
}

func TestStrictCanonicalizesPathAndQueryLikeTheSDK(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:4010/a%20b/c~d/e%2Ff?z=1&a=2&a=1&sp=x+y&t=%E2%9C%93&empty=", strings.NewReader(listBody))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSEvents.ListEventBuses")
	if err := v4.NewSigner().SignHTTP(context.Background(), partnerCreds(), req, bodySHA256([]byte(listBody)), "events", testRegion, testNow); err != nil {
		t.Fatal(err)
	}
	r, body := onTheWire(t, req)
	if _, aerr := newStrictAt(t, testNow).Authenticate(r, body); aerr != nil {
		t.Fatalf("rejected: %v", aerr)
	}
	r.URL.RawQuery += "&extra=1"
	_, aerr := newStrictAt(t, testNow).Authenticate(r, body)
	wantError(t, aerr, awserr.InvalidSignature, http.StatusBadRequest, msgSignatureMismatch)
}

// TestStrictAcceptsDateHeaderInsteadOfXAmzDate checks the one path no SDK
// at hand exercises (they all send X-Amz-Date) against a SigV4 computation
// written out independently here.
func TestStrictAcceptsDateHeaderInsteadOfXAmzDate(t *testing.T) {
	const date = "Mon, 23 Nov 2026 19:02:08 GMT"
	body := []byte("{}")
	canonical := "POST\n/\n\n" +
		"content-type:application/x-amz-json-1.1\ndate:" + date + "\nhost:127.0.0.1:4010\n\n" +
		"content-type;date;host\n" + bodySHA256(body)
	crHash := sha256.Sum256([]byte(canonical))
	stringToSign := "AWS4-HMAC-SHA256\n20261123T190208Z\n20261123/us-east-1/events/aws4_request\n" + hex.EncodeToString(crHash[:])
	mac := func(key []byte, data string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(data))
		return m.Sum(nil)
	}
	key := mac(mac(mac(mac([]byte("AWS4"+partnerSecret), "20261123"), "us-east-1"), "events"), "aws4_request")
	signature := hex.EncodeToString(mac(key, stringToSign))

	req, err := http.NewRequest(http.MethodPost, testEndpoint, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Date", date)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+partnerKey+"/20261123/us-east-1/events/aws4_request, SignedHeaders=content-type;date;host, Signature="+signature)
	r, got := onTheWire(t, req)
	if _, aerr := newStrictAt(t, testNow).Authenticate(r, got); aerr != nil {
		t.Fatalf("rejected: %v", aerr)
	}
	r.Header.Set("Date", "Mon, 23 Nov 2026 19:02:09 GMT")
	_, aerr := newStrictAt(t, testNow).Authenticate(r, got)
	wantError(t, aerr, awserr.InvalidSignature, http.StatusBadRequest, msgSignatureMismatch)
}
