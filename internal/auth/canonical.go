package auth

import (
	"crypto/sha256"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// canonicalRequestHash is the SHA-256 of the SigV4 canonical request:
//
//	METHOD \n URI \n QUERY \n name:value \n ... \n \n signed;headers \n payload-hash
//
// rebuilt from what the server received. The headers are the ones the
// client listed in SignedHeaders, in its order; the client chose them and
// signed their values, so the server must not add or drop any. SigV4 and
// SigV4a share this canonical request; SigV4a simply signs X-Amz-Region-Set
// as one more header.
func canonicalRequestHash(r *http.Request, signedHeaders, payloadHash string, presigned bool) [sha256.Size]byte {
	buf := make([]byte, 0, 1024)
	buf = append(buf, r.Method...)
	buf = append(buf, '\n')
	buf = appendCanonicalURI(buf, r)
	buf = append(buf, '\n')
	buf = appendCanonicalQuery(buf, r.URL.RawQuery, presigned)
	buf = append(buf, '\n')
	for name := range strings.SplitSeq(signedHeaders, ";") {
		buf = append(buf, name...)
		buf = append(buf, ':')
		buf = appendHeaderValue(buf, r, name)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	buf = append(buf, signedHeaders...)
	buf = append(buf, '\n')
	buf = append(buf, payloadHash...)
	return sha256.Sum256(buf)
}

// appendCanonicalURI appends the path as the client sent it, escaped once
// more: every SDK signs non-S3 services with the already-escaped path
// escaped again (botocore quotes it, the Go SDK runs EscapePath on it).
func appendCanonicalURI(buf []byte, r *http.Request) []byte {
	path := r.URL.EscapedPath()
	if path == "" {
		return append(buf, '/')
	}
	return appendEscaped(buf, path, true)
}

// appendCanonicalQuery appends the query parameters decoded, re-escaped
// with SigV4's strict rules and sorted by name, then value. A presigned
// request's own X-Amz-Signature is not part of what it signed.
func appendCanonicalQuery(buf []byte, rawQuery string, presigned bool) []byte {
	if rawQuery == "" {
		return buf
	}
	type param struct{ name, value string }
	var params []param
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		name, value = unescapeQuery(name), unescapeQuery(value)
		if presigned && name == "X-Amz-Signature" {
			continue
		}
		params = append(params, param{name, value})
	}
	slices.SortFunc(params, func(a, b param) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	for i, p := range params {
		if i > 0 {
			buf = append(buf, '&')
		}
		buf = appendEscaped(buf, p.name, false)
		buf = append(buf, '=')
		buf = appendEscaped(buf, p.value, false)
	}
	return buf
}

// appendHeaderValue appends the canonical value of one signed header:
// every value the client sent, trimmed, runs of spaces collapsed, joined by
// commas. A signed header that was not sent counts as empty: libcurl signs
// "expect:" for the "Expect:" header it is told to suppress, then sends no
// such header.
func appendHeaderValue(buf []byte, r *http.Request, name string) []byte {
	if name == "host" {
		host := r.Host
		if host == "" {
			host = r.URL.Host
		}
		return appendTrimmed(buf, host)
	}
	var values []string
	var keyBuf [64]byte
	if key, ok := canonicalHeaderKey(keyBuf[:0], name); ok {
		values = r.Header[string(key)]
	} else {
		values = r.Header[name]
	}
	if len(values) == 0 && name == "content-length" && r.ContentLength > 0 {
		// A request built in-process (not read off the wire) keeps its
		// length in ContentLength only.
		return strconv.AppendInt(buf, r.ContentLength, 10)
	}
	for i, v := range values {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendTrimmed(buf, v)
	}
	return buf
}

// canonicalHeaderKey is textproto.CanonicalMIMEHeaderKey written into buf,
// so that looking up each signed header does not allocate (the compiler
// does not copy string(bytes) used directly as a map index). ok is false
// for a name with characters outside the token set, which textproto leaves
// as it is.
func canonicalHeaderKey(buf []byte, name string) (key []byte, ok bool) {
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isTokenChar(c) {
			return nil, false
		}
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf = append(buf, c)
		upper = c == '-'
	}
	return buf, true
}

func isTokenChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// appendTrimmed appends v without leading or trailing spaces and with each
// run of inner spaces reduced to one, as SigV4 canonical headers require.
func appendTrimmed(buf []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		buf = append(buf, c)
	}
	return buf
}

// appendEscaped percent-encodes every byte except the unreserved ones
// (A-Z a-z 0-9 - _ . ~), and '/' too when keepSlash is set, with uppercase
// hex digits, as SigV4 requires.
func appendEscaped(buf []byte, s string, keepSlash bool) []byte {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || keepSlash && c == '/' {
			buf = append(buf, c)
			continue
		}
		buf = append(buf, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return buf
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// unescapeQuery decodes one query-string component as url.ParseQuery does
// ('+' is a space), keeping it as it is when it is not valid escaping: the
// client signed something, and a mismatch is the right answer, not a crash.
func unescapeQuery(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
