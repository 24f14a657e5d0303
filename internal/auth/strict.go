package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// maxPresignExpires is the longest X-Amz-Expires SigV4 allows: seven days.
const maxPresignExpires = 7 * 24 * 60 * 60

// verify checks r's signature against the configured keys. The checks run
// from the outside in (structure, scope, date, key, clock, signature), so
// that a broken request gets the most specific error that applies to it.
func (v *Verifier) verify(r *http.Request, body []byte) (Principal, *awserr.Error) {
	a, err := requestAuthorization(r)
	if err != nil {
		return Principal{}, err
	}
	sigv4a := a.algorithm == algorithmV4A
	scope, ok := splitCredential(a.credential, sigv4a)
	if !ok {
		shape := "exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term"
		if sigv4a {
			shape = "exactly 4 slash-delimited elements, e.g. keyid/date/service/term"
		}
		return Principal{}, awserr.New(awserr.IncompleteSignature, "Credential must have %s, got '%s'", shape, a.credential)
	}
	if scope.terminator != scopeTerminator {
		return Principal{}, errInvalidSignature("Credential should be scoped with a valid terminator: '%s', not '%s'.", scopeTerminator, scope.terminator)
	}
	if scope.service != signingService {
		return Principal{}, errInvalidSignature("Credential should be scoped to correct service: '%s'. This server speaks the EventBridge API; the request was signed for '%s'.", signingService, scope.service)
	}
	if !sigv4a && !regionPattern.MatchString(scope.region) {
		return Principal{}, errInvalidSignature("Credential should be scoped to a valid region, not '%s'.", scope.region)
	}

	amzDate, signedAt, err := signingTime(r, a)
	if err != nil {
		return Principal{}, err
	}
	if scope.date != amzDate[:8] {
		return Principal{}, errInvalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", scope.date, amzDate[:8], amzDate)
	}

	id, known := v.identities[scope.accessKeyID]
	if !known {
		return Principal{}, errUnrecognizedClient()
	}
	if err := checkClock(v.now(), signedAt, amzDate, a); err != nil {
		return Principal{}, err
	}
	if !signsHeader(a.signedHeaders, "host") {
		return Principal{}, errInvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	region := scope.region
	if sigv4a {
		// The scope names no region; the region set says where the
		// signature may be used, and this server serves its default region.
		set := r.Header.Get("X-Amz-Region-Set")
		if a.presigned {
			set = r.URL.Query().Get("X-Amz-Region-Set")
		}
		if set == "" {
			return Principal{}, awserr.New(awserr.IncompleteSignature, "A SigV4a signature requires the X-Amz-Region-Set header.")
		}
		if !regionSetCovers(set, v.defaultRegion) {
			return Principal{}, errInvalidSignature("The request is signed for the regions '%s', which do not include this server's region '%s'.", set, v.defaultRegion)
		}
		region = v.defaultRegion
	}

	bodyHash, err := payloadHash(r, a.signedHeaders, body)
	if err != nil {
		return Principal{}, err
	}
	crHash := canonicalRequestHash(r, a.signedHeaders, bodyHash, a.presigned)
	sts := make([]byte, 0, 200)
	sts = append(sts, a.algorithm...)
	sts = append(sts, '\n')
	sts = append(sts, amzDate...)
	sts = append(sts, '\n')
	sts = append(sts, scope.scope...)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, crHash[:])

	if sigv4a {
		pub, derr := id.v4aKey()
		if derr != nil || !verifyV4A(pub, sts, a.signature) {
			return Principal{}, errSignatureMismatch()
		}
	} else if !verifyV4(v.signingKeys.get(id.key.SecretAccessKey, scope.date, scope.region), sts, a.signature) {
		return Principal{}, errSignatureMismatch()
	}
	return Principal{
		Account:     id.account,
		Region:      region,
		AccessKeyID: id.key.AccessKeyID,
		PartnerName: id.partnerName,
		Strict:      true,
	}, nil
}

// requestAuthorization finds the request's signature: the Authorization
// header, or else a presigned query string. Without either, the request
// carries no credentials, which AWS answers with a 403.
func requestAuthorization(r *http.Request) (authorization, *awserr.Error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		if hasPresignedQuery(r.URL.RawQuery) {
			return presignedAuthorization(r.URL.Query())
		}
		return authorization{}, errMissingToken()
	}
	a := parseAuthorization(header)
	if a.algorithm != algorithmV4 && a.algorithm != algorithmV4A {
		return a, errIncomplete([]string{"Unsupported signing algorithm '" + a.algorithm +
			"': sign requests with AWS Signature Version 4 (" + algorithmV4 + ")."}, header)
	}
	hasDate := r.Header.Get("X-Amz-Date") != "" || r.Header.Get("Date") != ""
	if missing := a.missingParameters(hasDate); len(missing) > 0 {
		return a, errIncomplete(missing, header)
	}
	return a, nil
}

// presignedAuthorization reads a signature from the query string, as
// Signer.PresignHTTP writes it.
func presignedAuthorization(q url.Values) (authorization, *awserr.Error) {
	a := authorization{
		algorithm:     q.Get("X-Amz-Algorithm"),
		credential:    q.Get("X-Amz-Credential"),
		signedHeaders: q.Get("X-Amz-SignedHeaders"),
		signature:     q.Get("X-Amz-Signature"),
		date:          q.Get("X-Amz-Date"),
		expires:       q.Get("X-Amz-Expires"),
		presigned:     true,
	}
	if a.algorithm == "" || a.credential == "" || a.signedHeaders == "" || a.signature == "" || a.date == "" {
		return a, awserr.New(awserr.IncompleteSignature, "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string parameters.")
	}
	if a.algorithm != algorithmV4 && a.algorithm != algorithmV4A {
		return a, awserr.New(awserr.IncompleteSignature, "Unsupported signing algorithm '%s' in X-Amz-Algorithm: sign requests with AWS Signature Version 4 (%s).", a.algorithm, algorithmV4)
	}
	return a, nil
}

// signingTime is the time the request was signed, both as the string that
// went into the string to sign and parsed. X-Amz-Date wins over Date, as in
// AWS; clients that sign only Date (RFC 1123) sign its ISO 8601 form.
func signingTime(r *http.Request, a authorization) (string, time.Time, *awserr.Error) {
	raw := a.date
	if !a.presigned {
		raw = r.Header.Get("X-Amz-Date")
	}
	if raw != "" {
		t, err := time.Parse(amzDateFormat, raw)
		if err != nil {
			return "", time.Time{}, awserr.New(awserr.IncompleteSignature, "Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", raw)
		}
		return raw, t, nil
	}
	date := r.Header.Get("Date")
	t, err := http.ParseTime(date)
	if err != nil {
		return "", time.Time{}, awserr.New(awserr.IncompleteSignature, "Date header '%s' is not an HTTP date (RFC 1123); send X-Amz-Date in ISO-8601 basic format instead.", date)
	}
	t = t.UTC()
	return t.Format(amzDateFormat), t, nil
}

// checkClock rejects a signature made more than 15 minutes before or after
// now, with AWS's messages. A presigned request may instead be valid for the
// X-Amz-Expires seconds it states.
func checkClock(now, signedAt time.Time, amzDate string, a authorization) *awserr.Error {
	now = now.UTC()
	if signedAt.After(now.Add(maxClockSkew)) {
		return errInvalidSignature("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			amzDate, now.Add(maxClockSkew).Format(amzDateFormat), now.Format(amzDateFormat))
	}
	if a.presigned && a.expires != "" {
		secs, err := strconv.Atoi(a.expires)
		if err != nil || secs < 1 || secs > maxPresignExpires {
			return awserr.New(awserr.IncompleteSignature, "X-Amz-Expires must be a whole number of seconds from 1 to %d, not '%s'.", maxPresignExpires, a.expires)
		}
		if now.After(signedAt.Add(time.Duration(secs) * time.Second)) {
			return errInvalidSignature("Signature expired: %s is now earlier than %s (%s - %d sec.)",
				amzDate, now.Add(-time.Duration(secs)*time.Second).Format(amzDateFormat), now.Format(amzDateFormat), secs)
		}
		return nil
	}
	if signedAt.Before(now.Add(-maxClockSkew)) {
		return errInvalidSignature("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			amzDate, now.Add(-maxClockSkew).Format(amzDateFormat), now.Format(amzDateFormat))
	}
	return nil
}

// payloadHash is the hex SHA-256 of the body. A client that signs
// X-Amz-Content-Sha256 (the JavaScript SDK does) signs that header's value
// in its place, so the header must match the body the server received.
func payloadHash(r *http.Request, signedHeaders string, body []byte) (string, *awserr.Error) {
	sum := sha256.Sum256(body)
	computed := hex.EncodeToString(sum[:])
	if !signsHeader(signedHeaders, "x-amz-content-sha256") {
		return computed, nil
	}
	claimed := r.Header.Get("X-Amz-Content-Sha256")
	if claimed == "" {
		return computed, nil
	}
	if !strings.EqualFold(claimed, computed) {
		return "", errInvalidSignature(msgContentSHA256)
	}
	return claimed, nil
}

// verifyV4 compares, in constant time, the client's hex signature with the
// HMAC of the string to sign under the signing key.
func verifyV4(signingKey [sha256.Size]byte, stringToSign []byte, signatureHex string) bool {
	var got [sha256.Size]byte
	if len(signatureHex) != hex.EncodedLen(len(got)) {
		return false
	}
	if _, err := hex.Decode(got[:], []byte(signatureHex)); err != nil {
		return false
	}
	mac := hmac.New(sha256.New, signingKey[:])
	mac.Write(stringToSign)
	var want [sha256.Size]byte
	return hmac.Equal(mac.Sum(want[:0]), got[:])
}

// signsHeader reports whether name is in the ';'-separated SignedHeaders.
func signsHeader(signedHeaders, name string) bool {
	for h := range strings.SplitSeq(signedHeaders, ";") {
		if h == name {
			return true
		}
	}
	return false
}
