package events

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestampMarshalsEpochSeconds(t *testing.T) {
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Unix(1700000000, 0), "1700000000"},
		{time.Unix(1700000000, 123e6), "1700000000.123"},
		{time.Unix(1700000000, 100e6), "1700000000.1"},
		{time.Unix(1700000000, 999999), "1700000000"},
	}
	for _, c := range cases {
		b, err := json.Marshal(At(c.t))
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.t, b, err, c.want)
		}
	}
}

func TestTimestampUnmarshalAcceptsNumbersAndRFC3339(t *testing.T) {
	cases := map[string]time.Time{
		`1700000000`:                  time.Unix(1700000000, 0),
		`1700000000.5`:                time.Unix(1700000000, 500e6),
		`"2023-11-14T22:13:20Z"`:      time.Unix(1700000000, 0),
		`"2023-11-14T23:13:20+01:00"`: time.Unix(1700000000, 0),
	}
	for in, want := range cases {
		var ts Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err != nil || !ts.Equal(want) {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", in, ts.Time, err, want)
		}
	}
	for _, bad := range []string{`"yesterday"`, `1e300`, `true`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("Unmarshal(%s) accepted %v", bad, ts.Time)
		}
	}
}
