package auth

import (
	"crypto/ecdsa"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

const (
	signingService  = "events"
	scopeTerminator = "aws4_request"
	amzDateFormat   = "20060102T150405Z"
	// maxClockSkew is AWS's tolerance between the signing time and the
	// server clock, in either direction.
	maxClockSkew = 15 * time.Minute
)

// regionPattern is the region part of EventBridge's own ARN patterns: a
// region outside it would give ARNs that the API's input validation rejects.
var regionPattern = regexp.MustCompile(`^[a-z]+-[a-z]+-[\w-]+$`)

// Verifier authenticates API requests, in open or strict mode (see the
// package documentation). It is safe for concurrent use.
type Verifier struct {
	defaultAccount string
	defaultRegion  string
	// identities maps each configured access key ID to its account; nil in
	// open mode.
	identities  map[string]*identity
	now         func() time.Time
	signingKeys *signingKeyCache
}

// identity is one access key of strict mode with the account owning it.
type identity struct {
	key         Key
	account     string
	partnerName string
	// v4aKey derives the key's SigV4a public key on first use: most keys
	// never sign with SigV4a, and the derivation costs a scalar
	// multiplication.
	v4aKey func() (*ecdsa.PublicKey, error)
}

// NewOpen returns a verifier that checks no signatures and takes the
// account and region from the credential scope, falling back to
// defaultAccount and defaultRegion.
func NewOpen(defaultAccount, defaultRegion string) *Verifier {
	return &Verifier{defaultAccount: defaultAccount, defaultRegion: defaultRegion}
}

// NewStrict returns a verifier that accepts only requests signed with one
// of the accounts' keys. defaultRegion is the region of SigV4a requests,
// whose credential scope names none; now is the clock the signing time is
// checked against (time.Now when nil).
func NewStrict(accounts []Account, defaultRegion string, now func() time.Time) (*Verifier, error) {
	if err := validateAccounts(accounts); err != nil {
		return nil, err
	}
	if !regionPattern.MatchString(defaultRegion) {
		return nil, fmt.Errorf("default region %q is not a region name such as us-east-1", defaultRegion)
	}
	if now == nil {
		now = time.Now
	}
	v := &Verifier{
		defaultRegion: defaultRegion,
		identities:    make(map[string]*identity),
		now:           now,
		signingKeys:   newSigningKeyCache(defaultSigningKeyCacheSize),
	}
	for _, a := range accounts {
		for _, k := range a.Keys {
			v.identities[k.AccessKeyID] = &identity{
				key:         k,
				account:     a.ID,
				partnerName: a.PartnerName,
				v4aKey: sync.OnceValues(func() (*ecdsa.PublicKey, error) {
					return deriveV4AKey(k.AccessKeyID, k.SecretAccessKey)
				}),
			}
		}
	}
	return v, nil
}

// Authenticate returns who sent r, whose body has already been read into
// body. In strict mode a request without a valid signature gets the
// error AWS answers with; open mode never fails.
func (v *Verifier) Authenticate(r *http.Request, body []byte) (Principal, *awserr.Error) {
	if v.identities == nil {
		return v.resolveOpen(r), nil
	}
	return v.verify(r, body)
}

// resolveOpen reads the caller's account and region from the credential
// scope without checking anything: in open mode there is no secret to check
// against, and a request that names no credential at all (curl without
// --aws-sigv4) is welcome too.
func (v *Verifier) resolveOpen(r *http.Request) Principal {
	p := Principal{Account: v.defaultAccount, Region: v.defaultRegion}
	var algorithm, credential string
	if h := r.Header.Get("Authorization"); h != "" {
		a := parseAuthorization(h)
		algorithm, credential = a.algorithm, a.credential
	} else if hasPresignedQuery(r.URL.RawQuery) {
		q := r.URL.Query()
		algorithm, credential = q.Get("X-Amz-Algorithm"), q.Get("X-Amz-Credential")
	}
	key, scope, _ := strings.Cut(credential, "/")
	p.AccessKeyID = key
	if isAccountID(key) {
		p.Account = key
	}
	if algorithm == algorithmV4A {
		// A SigV4a scope is date/service/aws4_request: no region.
		return p
	}
	_, rest, _ := strings.Cut(scope, "/")
	if region, _, ok := strings.Cut(rest, "/"); ok && regionPattern.MatchString(region) {
		p.Region = region
	}
	return p
}

// hasPresignedQuery reports whether a query string carries a presigned
// signature, without parsing it: most requests have no query at all.
func hasPresignedQuery(rawQuery string) bool {
	return rawQuery != "" && (strings.Contains(rawQuery, "X-Amz-Credential=") || strings.Contains(rawQuery, "X-Amz-Signature="))
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
