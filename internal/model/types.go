package model

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// wholeNumber returns v as an int64 when it is a JSON integer literal that
// fits in bits. A fraction or an exponent (1.0, 1e2) is refused even when the
// value is whole: Jackson reads those as floating-point tokens, which AWS
// does not accept for integer members.
func wholeNumber(v any, bits int) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok || strings.ContainsAny(string(n), ".eE") {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, bits)
	return i, err == nil
}

// Epoch seconds of 0001-01-01T00:00:00Z and of the second after
// 9999-12-31T23:59:59Z: the span an RFC 3339 timestamp can write. Numbers
// outside it are no point in time a client could mean.
const (
	minEpochSeconds = -62135596800
	endEpochSeconds = 253402300800
)

// isTimestamp reports whether v is a timestamp as awsJson1_1 carries it:
// epoch seconds as a JSON number, integer or fractional (botocore sends
// either, the Go SDK a float). An RFC 3339 string is accepted too, as some
// hand-written clients send one.
func isTimestamp(v any) bool {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		return err == nil && f >= minEpochSeconds && f < endEpochSeconds
	case string:
		_, err := time.Parse(time.RFC3339Nano, t)
		return err == nil
	}
	return false
}

// expected describes what a shape accepts, for SerializationException
// messages.
func (s *shape) expected() string {
	switch s.kind {
	case kindString:
		return "a string"
	case kindInteger:
		return "an integer (a JSON number without fraction or exponent, within 32 bits)"
	case kindLong:
		return "an integer (a JSON number without fraction or exponent, within 64 bits)"
	case kindBoolean:
		return "true or false"
	case kindTimestamp:
		return "a timestamp (epoch seconds as a JSON number, or an RFC 3339 string)"
	case kindStructure, kindMap:
		return "an object"
	case kindList:
		return "an array"
	}
	return "a value of type " + s.name
}

// got describes a value that failed its type check. Numbers are quoted when
// the shape is not sensitive, because "the number 1.5" explains an integer
// mismatch better than "a number"; strings are never quoted.
func (s *shape) got(v any) string {
	switch t := v.(type) {
	case json.Number:
		if !s.sensitive {
			return "the number " + string(t)
		}
	case string:
		if s.kind == kindTimestamp {
			return "a string that is not an RFC 3339 timestamp"
		}
	}
	return jsonTypeOf(v)
}
