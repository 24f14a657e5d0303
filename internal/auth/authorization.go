package auth

import (
	"strings"
)

// The signing algorithms, as they open an Authorization header.
const (
	algorithmV4  = "AWS4-HMAC-SHA256"
	algorithmV4A = "AWS4-ECDSA-P256-SHA256"
)

// authorization is a request's signature in its parts, taken from the
// Authorization header or from a presigned query string.
type authorization struct {
	algorithm     string
	credential    string // AKID/yyyymmdd/region/service/aws4_request (no region for SigV4a)
	signedHeaders string // lowercase names joined by ';', as the client listed them
	signature     string // hex
	presigned     bool
	// date and expires come from the query string of a presigned request;
	// a header-signed request carries its date in X-Amz-Date or Date.
	date    string
	expires string
}

// parseAuthorization splits an Authorization header such as
//
//	AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>
//
// into its parts. It never fails: a part that is absent stays empty, which
// strict mode reports (missingParameters) and open mode tolerates. Clients
// differ in the separator (botocore and the SDKs write ", ", some write ","),
// so both are accepted; the first occurrence of a parameter wins.
func parseAuthorization(header string) authorization {
	var a authorization
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	a.algorithm = algorithm
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch name {
		case "Credential":
			if a.credential == "" {
				a.credential = value
			}
		case "SignedHeaders":
			if a.signedHeaders == "" {
				a.signedHeaders = value
			}
		case "Signature":
			if a.signature == "" {
				a.signature = value
			}
		}
	}
	return a
}

// missingParameters lists, in AWS's words, what a header-signed request
// lacks; AWS reports them all in one IncompleteSignatureException.
func (a authorization) missingParameters(hasDate bool) []string {
	var missing []string
	if a.credential == "" {
		missing = append(missing, "Authorization header requires 'Credential' parameter.")
	}
	if a.signature == "" {
		missing = append(missing, "Authorization header requires 'Signature' parameter.")
	}
	if a.signedHeaders == "" {
		missing = append(missing, "Authorization header requires 'SignedHeaders' parameter.")
	}
	if !hasDate {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	return missing
}

// credentialScope is the Credential parameter in its parts.
type credentialScope struct {
	accessKeyID string
	date        string // yyyymmdd
	region      string // empty for SigV4a, whose scope has no region
	service     string
	terminator  string
	// scope is everything after the access key ID, exactly as the client
	// wrote it: it goes into the string to sign unchanged.
	scope string
}

// splitCredential cuts a Credential value at its slashes. SigV4 scopes have
// five elements (keyid/date/region/service/term), SigV4a scopes four
// (keyid/date/service/term). ok is false when the count is wrong. An access
// key ID never contains '/', so the first element is always the key.
func splitCredential(credential string, sigv4a bool) (s credentialScope, ok bool) {
	want := 5
	if sigv4a {
		want = 4
	}
	if strings.Count(credential, "/") != want-1 {
		return credentialScope{}, false
	}
	s.accessKeyID, s.scope, _ = strings.Cut(credential, "/")
	rest := s.scope
	s.date, rest, _ = strings.Cut(rest, "/")
	if !sigv4a {
		s.region, rest, _ = strings.Cut(rest, "/")
	}
	s.service, s.terminator, _ = strings.Cut(rest, "/")
	return s, true
}
