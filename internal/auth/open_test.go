package auth

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestOpenModeResolvesAccountAndRegion(t *testing.T) {
	const sig = ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef"
	tests := []struct {
		name          string
		authorization string
		query         string
		want          Principal
	}{
		{
			name:          "12-digit access key is the account",
			authorization: "AWS4-HMAC-SHA256 Credential=123456789012/20261123/us-east-1/events/aws4_request" + sig,
			want:          Principal{Account: "123456789012", Region: "us-east-1", AccessKeyID: "123456789012"},
		},
		{
			name:          "other access key gets the default account",
			authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-east-1/events/aws4_request" + sig,
			want:          Principal{Account: "000000000000", Region: "us-east-1", AccessKeyID: "AKIAIOSFODNN7EXAMPLE"},
		},
		{
			name:          "13 digits are not an account",
			authorization: "AWS4-HMAC-SHA256 Credential=1234567890123/20261123/us-east-1/events/aws4_request" + sig,
			want:          Principal{Account: "000000000000", Region: "us-east-1", AccessKeyID: "1234567890123"},
		},
		{
			name:          "region comes from the scope",
			authorization: "AWS4-HMAC-SHA256 Credential=210987654321/20261123/eu-west-1/events/aws4_request" + sig,
			want:          Principal{Account: "210987654321", Region: "eu-west-1", AccessKeyID: "210987654321"},
		},
		{
			name:          "a scope region that is no region name gets the default",
			authorization: "AWS4-HMAC-SHA256 Credential=210987654321/20261123/local/events/aws4_request" + sig,
			want:          Principal{Account: "210987654321", Region: "us-east-1", AccessKeyID: "210987654321"},
		},
		{
			name: "no Authorization header gets the defaults",
			want: Principal{Account: "000000000000", Region: "us-east-1"},
		},
		{
			name:          "SigV4a scope has no region: default region",
			authorization: "AWS4-ECDSA-P256-SHA256 Credential=123456789012/20261123/events/aws4_request" + sig,
			want:          Principal{Account: "123456789012", Region: "us-east-1", AccessKeyID: "123456789012"},
		},
		{
			name:          "signature is not checked",
			authorization: "AWS4-HMAC-SHA256 Credential=123456789012/20261123/ap-southeast-2/events/aws4_request, SignedHeaders=host, Signature=nonsense",
			want:          Principal{Account: "123456789012", Region: "ap-southeast-2", AccessKeyID: "123456789012"},
		},
		{
			name:          "an Authorization header of another kind gets the defaults",
			authorization: "Basic dXNlcjpwYXNz",
			want:          Principal{Account: "000000000000", Region: "us-east-1"},
		},
		{
			name:  "presigned query string",
			query: "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=123456789012%2F20261123%2Fus-west-2%2Fevents%2Faws4_request&X-Amz-Date=20261123T190208Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00",
			want:  Principal{Account: "123456789012", Region: "us-west-2", AccessKeyID: "123456789012"},
		},
	}
	v := NewOpen("000000000000", "us-east-1")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := testEndpoint
			if tt.query != "" {
				u += "?" + tt.query
			}
			r, err := http.NewRequest(http.MethodPost, u, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.authorization != "" {
				r.Header.Set("Authorization", tt.authorization)
			}
			p, aerr := v.Authenticate(r, nil)
			if aerr != nil {
				t.Fatalf("open mode rejected a request: %v", aerr)
			}
			if p != tt.want {
				t.Fatalf("principal %+v, want %+v", p, tt.want)
			}
		})
	}
}

func TestOpenModeAcceptsRealSignaturesWithoutSecrets(t *testing.T) {
	// An SDK configured with the key 111111111111 and any secret.
	r, body := signAs(t, clientShapes()[0], []byte(listBody),
		partnerCredsWithKey("111111111111"), testNow)
	p, err := NewOpen("000000000000", "eu-central-1").Authenticate(r, body)
	if err != nil {
		t.Fatal(err)
	}
	if p.Account != "111111111111" || p.Region != testRegion || p.Strict || p.PartnerName != "" {
		t.Fatalf("principal %+v", p)
	}
}

func partnerCredsWithKey(key string) (c aws.Credentials) {
	c = partnerCreds()
	c.AccessKeyID = key
	return c
}
