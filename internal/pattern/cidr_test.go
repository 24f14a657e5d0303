package pattern

import (
	"errors"
	"testing"
)

func TestParseCIDR(t *testing.T) {
	cases := []struct {
		in, want, reason string
	}{
		{"10.0.0.0/24", "10.0.0.0/24", ""},
		{"10.0.0.77/24", "10.0.0.0/24", ""},
		{"0.0.0.0/0", "0.0.0.0/0", ""},
		{"2001:db8::/32", "2001:db8::/32", ""},
		{"2001:DB8:0:0::1/128", "2001:db8::1/128", ""},
		{"10.0.0.1", "", "Malformed CIDR, one '/' required"},
		{"10.0.0.0/8/8", "", "Malformed CIDR, one '/' required"},
		{"10.0.0.0/", "", "Malformed CIDR, mask bits must be an integer"},
		{"10.0.0.0/+8", "", "Malformed CIDR, mask bits must be an integer"},
		{"10.0.0.0/-1", "", "Malformed CIDR, mask bits must be an integer"},
		{"10.0.0.0/33", "", "Malformed CIDR, mask bits must be between 0 and 32"},
		{"::/129", "", "Malformed CIDR, mask bits must be between 0 and 128"},
		{"10.0.0/8", "", "Invalid IP address: 10.0.0"},
		{"010.0.0.0/8", "", "Invalid IP address: 010.0.0.0"},
		{"fe80::1%eth0/64", "", "Invalid IP address: fe80::1%eth0"},
	}
	for _, c := range cases {
		p, err := parseCIDR(c.in)
		if c.reason != "" {
			var pe *Error
			if !errors.As(err, &pe) || pe.Reason != c.reason {
				t.Errorf("parseCIDR(%q) = %v, want %q", c.in, err, c.reason)
			}
			continue
		}
		if err != nil || p.String() != c.want {
			t.Errorf("parseCIDR(%q) = %v, %v; want %s", c.in, p, err, c.want)
		}
	}
}
