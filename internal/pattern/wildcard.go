package pattern

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// wildcard is a compiled "wildcard" operand: literal pieces separated by
// '*', each '*' standing for any run of characters, the empty run included.
// In the pattern text `\*` is a literal star and `\\` a literal backslash.
type wildcard struct {
	src    string   // the operand as written, for signatures
	pieces []string // literal text between the stars
	// leading and trailing say whether the operand starts or ends with a
	// star; with n pieces there are n-1 stars between them.
	leading, trailing bool
}

// parseWildcard compiles a wildcard operand. Like event-ruler it refuses
// two stars in a row, which would only make matching slower, and any escape
// other than `\*` and `\\`. Positions in the messages count the opening
// quote event-ruler puts around the value, in UTF-16 units as Java does.
func parseWildcard(s string) (*wildcard, error) {
	w := &wildcard{src: s}
	var cur strings.Builder
	prevStar := false
	pos := 1 // the opening quote is position 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			if i+1 >= len(s) || (s[i+1] != '*' && s[i+1] != '\\') {
				return nil, &Error{Reason: fmt.Sprintf("Invalid escape character at pos %d", pos)}
			}
			cur.WriteByte(s[i+1])
			i += 2
			pos += 2
			prevStar = false
			continue
		case r == '*':
			if prevStar {
				return nil, &Error{Reason: fmt.Sprintf("Consecutive wildcard characters at pos %d", pos)}
			}
			if i == 0 {
				w.leading = true
			} else {
				w.pieces = append(w.pieces, cur.String())
				cur.Reset()
			}
			prevStar = true
		default:
			cur.WriteString(s[i : i+size])
			prevStar = false
		}
		i += size
		pos += utf16.RuneLen(r)
	}
	w.trailing = prevStar
	if !w.trailing || cur.Len() > 0 || len(w.pieces) == 0 {
		w.pieces = append(w.pieces, cur.String())
	}
	return w, nil
}

// match reports whether s matches. Taking each piece at its leftmost
// occurrence is enough for patterns whose only metacharacter is '*': if any
// placement of the pieces works, the leftmost one does too.
func (w *wildcard) match(s []byte) bool {
	pieces := w.pieces
	if !w.leading {
		first := pieces[0]
		if len(s) < len(first) || string(s[:len(first)]) != first {
			return false
		}
		s = s[len(first):]
		pieces = pieces[1:]
		if len(pieces) == 0 {
			return w.trailing || len(s) == 0
		}
	}
	if !w.trailing {
		last := pieces[len(pieces)-1]
		if len(s) < len(last) || string(s[len(s)-len(last):]) != last {
			return false
		}
		s = s[:len(s)-len(last)]
		pieces = pieces[:len(pieces)-1]
	}
	for _, p := range pieces {
		k := strings.Index(string(s), p)
		if k < 0 {
			return false
		}
		s = s[k+len(p):]
	}
	return true
}

// head is the literal text every match starts with, and tail the literal
// text every match ends with after the head; the matcher indexes wildcards
// by them.
func (w *wildcard) head() string {
	if w.leading {
		return ""
	}
	return w.pieces[0]
}

// tail is empty when the operand has no star: its one piece is the head,
// and head and tail must not overlap in the value.
func (w *wildcard) tail() string {
	if w.trailing || (!w.leading && len(w.pieces) == 1) {
		return ""
	}
	return w.pieces[len(w.pieces)-1]
}
