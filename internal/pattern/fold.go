package pattern

import (
	"unicode"
	"unicode/utf8"
)

// equals-ignore-case and the ignore-case forms of prefix and suffix compare
// strings under Unicode simple case folding, the relation strings.EqualFold
// uses. To look strings up in a map rather than compare them pairwise, each
// character is replaced by a fixed member of its folding orbit (the
// smallest), so two strings are equal ignoring case exactly when their
// folded forms are equal. Folding works character by character, so a folded
// prefix is the prefix of a folded string.

// appendFold appends the folded form of s to dst.
func appendFold(dst []byte, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			// The ASCII letters k and s share their orbits with the
			// Kelvin sign and the long s, whose smallest member is still
			// the ASCII capital.
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		// A byte that is not UTF-8 decodes as U+FFFD, as it does for
		// strings.EqualFold.
		dst = utf8.AppendRune(dst, foldRune(r))
		i += size
	}
	return dst
}

// foldString is appendFold for a string operand of a pattern.
func foldString(s string) string {
	return string(appendFold(nil, []byte(s)))
}

// foldRune returns the smallest character of r's simple folding orbit.
func foldRune(r rune) rune {
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}
