package auth

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestStrictVerifiesCurlWithSuppressedExpect runs the real curl with
// --aws-sigv4 and an "Expect:" header told to stay off the wire: libcurl
// (curl, R's curl package) signs such a header as empty.
func TestStrictVerifiesCurlWithSuppressedExpect(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed: libcurl signatures are not checked")
	}
	if out, _ := exec.Command(curl, "--help", "all").Output(); !strings.Contains(string(out), "--aws-sigv4") {
		t.Skip("this curl has no --aws-sigv4: libcurl signatures are not checked")
	}
	v, err := NewStrict(testAccounts(), testRegion, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := newAuthServer(t, v)
	for _, secret := range []string{partnerSecret, "wrong"} {
		out, err := exec.Command(curl, "-sS", "--aws-sigv4", "aws:amz:us-east-1:events",
			"--user", partnerKey+":"+secret,
			"-H", "Content-Type: application/x-amz-json-1.1",
			"-H", "X-Amz-Target: AWSEvents.ListEventBuses",
			"-H", "Expect:",
			"-d", listBody, srv.URL+"/").CombinedOutput()
		if err != nil {
			t.Fatalf("curl: %v: %s", err, out)
		}
		_, authz := srv.last()
		signed := parseAuthorization(authz).signedHeaders
		t.Logf("curl signed %q and got %s", signed, out)
		if !strings.Contains(";"+signed+";", ";expect;") {
			t.Logf("this curl does not sign the suppressed Expect header")
		}
		want := "{}"
		if secret == "wrong" {
			want = `{"__type":"InvalidSignatureException","message":"` + msgSignatureMismatch + `"}` + "\n"
		}
		if string(out) != want {
			t.Fatalf("with secret %q curl got %s; want %s", secret, out, want)
		}
	}
}
