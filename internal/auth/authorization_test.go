package auth

import (
	"net/http"
	"strings"
	"testing"
)

func TestParseAuthorizationAcceptsEitherSeparator(t *testing.T) {
	want := authorization{
		algorithm:     algorithmV4,
		credential:    "AKID/20261123/us-east-1/events/aws4_request",
		signedHeaders: "host;x-amz-date",
		signature:     "abcd",
	}
	for _, header := range []string{
		"AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd",
		"AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/events/aws4_request,SignedHeaders=host;x-amz-date,Signature=abcd",
		"  AWS4-HMAC-SHA256 Signature=abcd ,  SignedHeaders=host;x-amz-date,Credential=AKID/20261123/us-east-1/events/aws4_request  ",
	} {
		if got := parseAuthorization(header); got != want {
			t.Errorf("parseAuthorization(%q)\n got %+v\nwant %+v", header, got, want)
		}
	}
}

func TestSplitCredentialKeepsTheScopeAsSigned(t *testing.T) {
	s, ok := splitCredential("AKID/20261123/us-east-1/events/aws4_request", false)
	want := credentialScope{accessKeyID: "AKID", date: "20261123", region: "us-east-1", service: "events",
		terminator: "aws4_request", scope: "20261123/us-east-1/events/aws4_request"}
	if !ok || s != want {
		t.Fatalf("SigV4: got %+v, %v", s, ok)
	}
	s, ok = splitCredential("AKID/20261123/events/aws4_request", true)
	want = credentialScope{accessKeyID: "AKID", date: "20261123", service: "events",
		terminator: "aws4_request", scope: "20261123/events/aws4_request"}
	if !ok || s != want {
		t.Fatalf("SigV4a: got %+v, %v", s, ok)
	}
}

// FuzzParseAuthorization feeds arbitrary Authorization headers to the
// parser and to the whole strict verification behind it: neither may
// panic, and nothing made up may be accepted.
func FuzzParseAuthorization(f *testing.F) {
	for _, seed := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/us-east-1/events/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"AWS4-ECDSA-P256-SHA256 Credential=AKIAPARTNEREXAMPLE/20261123/events/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045022100",
		"AWS4-HMAC-SHA256 Credential=,SignedHeaders=;;;,Signature=",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f, SignedHeaders=expect;Host;X-Weird Name, Signature=zz",
		"Basic dXNlcjpwYXNz",
		"",
		"=,=,=",
	} {
		f.Add(seed)
	}
	v := newStrictAt(f, testNow)
	f.Fuzz(func(t *testing.T, header string) {
		a := parseAuthorization(header)
		_ = a.missingParameters(false)
		if s, ok := splitCredential(a.credential, a.algorithm == algorithmV4A); ok && s.accessKeyID+"/"+s.scope != a.credential {
			t.Fatalf("splitCredential(%q) lost characters: %+v", a.credential, s)
		}
		r, err := http.NewRequest(http.MethodPost, testEndpoint, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		r.Header["Authorization"] = []string{header}
		r.Header.Set("X-Amz-Date", "20261123T190208Z")
		if _, aerr := v.Authenticate(r, []byte("{}")); aerr == nil && header != "" {
			t.Fatalf("strict mode accepted a made-up header %q", header)
		}
		if _, aerr := NewOpen("000000000000", testRegion).Authenticate(r, nil); aerr != nil {
			t.Fatalf("open mode rejected %q: %v", header, aerr)
		}
	})
}
