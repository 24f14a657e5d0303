package pattern

import (
	"fmt"
	"maps"
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

type wildTarget struct {
	wc *wildcard
	n  *node
}

// wildIndex files wildcards by the literal text before their first '*'
// (head), and within a head by the literal text after their last '*'
// (tail). A value checks in full only the wildcards whose head is a prefix
// of it and whose tail is a suffix of the rest: rules like "ord-*42",
// "ord-*142", ... cost a lookup each, not a check each.
type wildIndex struct {
	heads map[string]*affixIndex[wildTarget]
	lens  []lenCount // head lengths in use
}

func (w wildIndex) clone() wildIndex { return wildIndex{maps.Clone(w.heads), w.lens} }

func (w *wildIndex) add(t wildTarget) {
	head := t.wc.head()
	var tails affixIndex[wildTarget]
	if old := w.heads[head]; old != nil {
		tails = old.clone()
	} else {
		w.lens = addLen(w.lens, len(head))
	}
	tails.add(t.wc.tail(), t)
	if w.heads == nil {
		w.heads = map[string]*affixIndex[wildTarget]{}
	}
	w.heads[head] = &tails
}

func (w *wildIndex) remove(t wildTarget) {
	head := t.wc.head()
	old := w.heads[head]
	if old == nil {
		return
	}
	tails := old.clone()
	tails.remove(t.wc.tail(), t)
	if tails.m == nil {
		delete(w.heads, head)
		w.lens = removeLen(w.lens, len(head))
		return
	}
	w.heads[head] = &tails
}

func (w *wildIndex) lookup(s []byte, sc *scratch) {
	for _, l := range w.lens {
		if l.n > len(s) {
			return
		}
		if tails := w.heads[string(s[:l.n])]; tails != nil {
			tails.suffixes(s[l.n:], func(targets []wildTarget) {
				for _, t := range targets {
					if t.wc.match(s) {
						sc.push(t.n)
					}
				}
			})
		}
	}
}
