package postgres

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		end    string
		ok     bool
	}{
		{"ASCII advances the last byte", "aws.partner/acme", "aws.partner/acmf", true},
		{"underscore is a plain character", "a_", "a`", true},
		{"percent is a plain character", "a%", "a&", true},
		{"last character multibyte", "café", "cafê", true},
		{"next character is longer in UTF-8", "a\u007f", "a\u0080", true},
		{"skips the surrogates", "a\ud7ff", "a\ue000", true},
		{"drops a trailing maximum character", "ab\U0010FFFF", "ac", true},
		{"only maximum characters has no end", "\U0010FFFF\U0010FFFF", "", false},
		{"invalid UTF-8 has no end", "a\xff", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			end, ok := prefixEnd(tc.prefix)
			if end != tc.end || ok != tc.ok {
				t.Fatalf("prefixEnd(%q) = %q, %v; want %q, %v", tc.prefix, end, ok, tc.end, tc.ok)
			}
			if !ok {
				return
			}
			if !utf8.ValidString(end) || end <= tc.prefix {
				t.Errorf("end %q is not valid UTF-8 greater than the prefix", end)
			}
			// Strings with the prefix sort below end; the prefix's next
			// sibling does not.
			for _, s := range []string{tc.prefix, tc.prefix + "\x00", tc.prefix + "\U0010FFFF\U0010FFFF"} {
				if !strings.HasPrefix(s, tc.prefix) || s >= end {
					t.Errorf("%q starts with the prefix but is not below end %q", s, end)
				}
			}
		})
	}
}
