package events

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Timestamp is a point in time as awsJson1_1 carries it: a JSON number of
// epoch seconds, with milliseconds as a fraction. The Go SDK rejects
// timestamps sent as strings, so output is always a number; input also
// accepts an RFC 3339 string, which some hand-written clients send.
type Timestamp struct{ time.Time }

// At wraps t (zero stays zero, so omitzero drops it).
func At(t time.Time) Timestamp { return Timestamp{t} }

// MarshalJSON writes epoch seconds with up to three decimals.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	b := strconv.AppendInt(nil, ms/1000, 10)
	if frac := ms % 1000; frac != 0 {
		if frac < 0 {
			frac = -frac
		}
		b = append(b, '.')
		b = append(b, byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
		b = bytes.TrimRight(b, "0")
	}
	return b, nil
}

// UnmarshalJSON accepts epoch seconds (integer or fractional) or RFC 3339.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return fmt.Errorf("timestamp: %w", err)
		}
		parsed, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("timestamp %q is neither epoch seconds nor RFC 3339", s)
		}
		t.Time = parsed.UTC()
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1e13 {
		return fmt.Errorf("timestamp %s is not a valid number of epoch seconds", b)
	}
	sec, frac := math.Modf(f)
	t.Time = time.Unix(int64(sec), int64(math.Round(frac*1000))*int64(time.Millisecond)).UTC()
	return nil
}
