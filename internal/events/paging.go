package events

import (
	"encoding/base64"
	"hash/fnv"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// defaultPageSize applies when a List call has no Limit; AWS documents 100
// as the page maximum.
const defaultPageSize = 100

// pageToken is an opaque NextToken: the last name returned plus a hash of
// the call's filter, so a token cannot be replayed against another listing.
// It is stateless, so any node of a cluster can continue any listing.
func pageToken(scope, lastName string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(scopeHash(scope) + "|" + lastName))
}

// afterToken decodes a NextToken for the same scope; empty means the start.
func afterToken(scope, token string) (string, error) {
	if token == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	hash, last, ok := strings.Cut(string(raw), "|")
	if err != nil || !ok || hash != scopeHash(scope) {
		return "", awserr.Validationf("Invalid NextToken.")
	}
	return last, nil
}

func scopeHash(scope string) string {
	h := fnv.New64a()
	h.Write([]byte(scope))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

func pageSize(limit int) int {
	if limit <= 0 {
		return defaultPageSize
	}
	return limit
}
