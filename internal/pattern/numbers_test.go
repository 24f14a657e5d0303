package pattern

import "testing"

func TestParseMicros(t *testing.T) {
	cases := []struct {
		text string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"5", 5_000_000, true},
		{"5.0", 5_000_000, true},
		{"5e0", 5_000_000, true},
		{"0.5E1", 5_000_000, true},
		{"50e-1", 5_000_000, true},
		{"0.1", 100_000, true},
		{"3.018e2", 301_800_000, true},
		{"0.000001", 1, true},
		{"0.0000019", 1, true},   // digits past the sixth place are dropped
		{"-0.0000001", -1, true}, // towards negative infinity
		{"-1.0000001", -1_000_001, true},
		{"-1.000000", -1_000_000, true},
		{"1e-7", 0, true},
		{"1e-300", 0, true},
		{"-1e-300", -1, true},
		{"5000000000", 5_000_000_000_000_000, true},
		{"-5e9", -5_000_000_000_000_000, true},
		{"4999999999.999999", 4_999_999_999_999_999, true},
		{"5000000000.0000001", 0, false}, // just above the range
		{"5000000000.000001", 0, false},
		{"-5000000000.0000001", 0, false},
		{"1e10", 0, false},
		{"1e400", 0, false},
		{"123456789012345678901234567890", 0, false},
		{"0.00000000000000000000000000001e30", 10_000_000, true},
		{"", 0, false},
		{"-", 0, false},
		{"1.", 0, false},
		{"1e", 0, false},
		{"abc", 0, false},
	}
	for _, c := range cases {
		got, ok := parseMicros([]byte(c.text))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseMicros(%q) = %d, %v; want %d, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}
