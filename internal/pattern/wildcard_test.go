package pattern

import (
	"errors"
	"testing"
)

func TestWildcardMatching(t *testing.T) {
	cases := []struct {
		pattern, value string
		want           bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"", "", true},
		{"", "x", false},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"a*", "a", true},
		{"a*", "ba", false},
		{"*a", "ba", true},
		{"*a", "ab", false},
		{"a*c", "abbbc", true},
		{"a*c", "ac", true},
		{"a*c", "acb", false},
		{"ab*ba", "aba", false},
		{"ab*ba", "abba", true},
		{"*a*b*", "xaxbx", true},
		{"*a*b*", "xbxax", false},
		{"a*b*c", "abbbbbbbc", true},
		{"a*b*c", "acccb", false},
		{`a\*b`, "a*b", true},
		{`a\*b`, "axb", false},
		{`a\\b`, `a\b`, true},
		{`\\*`, `\anything`, true},
		{"é*ü", "éaü", true},
	}
	for _, c := range cases {
		w, err := parseWildcard(c.pattern)
		if err != nil {
			t.Fatalf("parseWildcard(%q): %v", c.pattern, err)
		}
		if got := w.match([]byte(c.value)); got != c.want {
			t.Errorf("wildcard %q on %q = %v, want %v", c.pattern, c.value, got, c.want)
		}
	}
}

func TestWildcardRejectsWhatAWSRejects(t *testing.T) {
	cases := []struct{ pattern, reason string }{
		{"**", "Consecutive wildcard characters at pos 2"},
		{"a**", "Consecutive wildcard characters at pos 3"},
		{"é**", "Consecutive wildcard characters at pos 3"},
		{`a\b`, "Invalid escape character at pos 2"},
		{`a\`, "Invalid escape character at pos 2"},
	}
	for _, c := range cases {
		_, err := parseWildcard(c.pattern)
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != c.reason {
			t.Errorf("parseWildcard(%q) = %v, want %q", c.pattern, err, c.reason)
		}
	}
}

func TestWildcardHeadAndTailDoNotOverlap(t *testing.T) {
	cases := []struct{ pattern, head, tail string }{
		{"abc", "abc", ""},
		{"a*c", "a", "c"},
		{"*c", "", "c"},
		{"a*", "a", ""},
		{"*", "", ""},
		{"*b*", "", ""},
	}
	for _, c := range cases {
		w, _ := parseWildcard(c.pattern)
		if w.head() != c.head || w.tail() != c.tail {
			t.Errorf("%q: head %q tail %q, want %q %q", c.pattern, w.head(), w.tail(), c.head, c.tail)
		}
	}
}
