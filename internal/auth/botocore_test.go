package auth

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// botocoreSigned is what testdata/sign_botocore.py prints.
type botocoreSigned struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// botocoreSigner returns a function that has botocore (the signer of boto3
// and the AWS CLI) sign a request, or skips the test where python3 or
// botocore is missing.
func botocoreSigner(t *testing.T) func(key, secret, body string) (*http.Request, []byte) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: botocore signatures are not checked")
	}
	if out, err := exec.Command(python, "-c", "import botocore").CombinedOutput(); err != nil {
		t.Skipf("botocore is not importable (%v: %s): botocore signatures are not checked", err, strings.TrimSpace(string(out)))
	}
	return func(key, secret, body string) (*http.Request, []byte) {
		out, err := exec.Command(python, "testdata/sign_botocore.py", testEndpoint, key, secret, "AWSEvents.ListEventBuses", body).Output()
		if err != nil {
			t.Fatalf("sign_botocore.py: %v", err)
		}
		var signed botocoreSigned
		if err := json.Unmarshal(out, &signed); err != nil {
			t.Fatalf("sign_botocore.py printed %s: %v", out, err)
		}
		req, err := http.NewRequest(signed.Method, signed.URL, strings.NewReader(signed.Body))
		if err != nil {
			t.Fatal(err)
		}
		for name, value := range signed.Headers {
			req.Header.Set(name, value)
		}
		return onTheWire(t, req)
	}
}

func TestStrictVerifiesBotocoreSignatures(t *testing.T) {
	sign := botocoreSigner(t)
	v, err := NewStrict(testAccounts(), testRegion, time.Now)
	if err != nil {
		t.Fatal(err)
	}

	r, body := sign(partnerKey, partnerSecret, `{"NamePrefix": "acme"}`)
	if got := parseAuthorization(r.Header.Get("Authorization")).signedHeaders; got != "content-type;host;x-amz-date;x-amz-target" {
		t.Errorf("botocore signed %q", got)
	}
	p, aerr := v.Authenticate(r, body)
	if aerr != nil {
		t.Fatalf("rejected: %v", aerr)
	}
	if p.Account != partnerAccount || p.Region != testRegion {
		t.Fatalf("principal %+v", p)
	}
	if _, aerr := v.Authenticate(r, []byte(`{"NamePrefix": "acmf"}`)); aerr == nil || aerr.Message != msgSignatureMismatch {
		t.Fatalf("a changed body was not caught: %v", aerr)
	}

	r, body = sign(partnerKey, "not-the-secret", `{}`)
	if _, aerr := v.Authenticate(r, body); aerr == nil || aerr.Message != msgSignatureMismatch {
		t.Fatalf("a wrong secret was not caught: %v", aerr)
	}
}
