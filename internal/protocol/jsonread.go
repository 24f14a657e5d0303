package protocol

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonReader reads the JSON of a request body for the one-pass decoders.
// It accepts only plain, well-formed JSON and says no to anything else (a
// lone surrogate, a duplicate key, a null): the caller then takes the
// general path, which knows how to answer it. It never needs to be right
// about why input is bad, only never wrong about input it accepts.
type jsonReader struct {
	text string // the whole body; unescaped strings are slices of it
	i    int
	buf  []byte // scratch for strings with escapes
}

func (r *jsonReader) space() {
	for r.i < len(r.text) {
		switch r.text[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// next skips space and consumes c if it comes next.
func (r *jsonReader) next(c byte) bool {
	r.space()
	if r.i < len(r.text) && r.text[r.i] == c {
		r.i++
		return true
	}
	return false
}

// end reports whether only space is left.
func (r *jsonReader) end() bool {
	r.space()
	return r.i == len(r.text)
}

// str reads a string. The body was checked to be valid UTF-8 beforehand.
func (r *jsonReader) str() (string, bool) {
	if !r.next('"') {
		return "", false
	}
	start := r.i
	for r.i < len(r.text) {
		c := r.text[r.i]
		switch {
		case c == '"':
			s := r.text[start:r.i]
			r.i++
			return s, true
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return "", false
		}
		r.i++
	}
	return "", false
}

// escaped finishes a string that has escapes, from its first backslash.
func (r *jsonReader) escaped(start int) (string, bool) {
	if cap(r.buf) == 0 {
		// Unescaped, no string from here on is longer than the rest of
		// the text: one allocation instead of growing by doubling, up to
		// a size beyond which doubling costs little.
		r.buf = make([]byte, 0, min(len(r.text)-start, 64<<10))
	}
	b := append(r.buf[:0], r.text[start:r.i]...)
	for r.i < len(r.text) {
		c := r.text[r.i]
		switch {
		case c == '"':
			r.i++
			r.buf = b
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			// Copy the run up to the next quote or backslash at once.
			j := strings.IndexAny(r.text[r.i:], "\"\\")
			if j < 0 {
				return "", false
			}
			run := r.text[r.i : r.i+j]
			for k := 0; k < len(run); k++ {
				if run[k] < 0x20 {
					return "", false
				}
			}
			b = append(b, run...)
			r.i += j
			continue
		}
		if r.i+1 >= len(r.text) {
			return "", false
		}
		e := r.text[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			rn, ok := r.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(rn) {
				// Only a high surrogate followed by an escaped low one is a
				// character; encoding/json turns anything else into U+FFFD,
				// which is left to the general path.
				if !strings.HasPrefix(r.text[r.i:], `\u`) {
					return "", false
				}
				r.i += 2
				lo, ok := r.hex4()
				if !ok {
					return "", false
				}
				if rn = utf16.DecodeRune(rn, lo); rn == utf8.RuneError {
					return "", false
				}
			}
			b = utf8.AppendRune(b, rn)
		default:
			return "", false
		}
	}
	return "", false
}

func (r *jsonReader) hex4() (rune, bool) {
	if r.i+4 > len(r.text) {
		return 0, false
	}
	var n rune
	for _, c := range []byte(r.text[r.i : r.i+4]) {
		switch {
		case '0' <= c && c <= '9':
			n = n<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			n = n<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			n = n<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	r.i += 4
	return n, true
}

// number reads the text of a number in JSON's grammar.
func (r *jsonReader) number() (string, bool) {
	r.space()
	start := r.i
	if r.i < len(r.text) && r.text[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.text) && r.text[r.i] == '0':
		r.i++
	case r.digits() == 0:
		return "", false
	}
	if r.i < len(r.text) && r.text[r.i] == '.' {
		r.i++
		if r.digits() == 0 {
			return "", false
		}
	}
	if r.i < len(r.text) && (r.text[r.i] == 'e' || r.text[r.i] == 'E') {
		r.i++
		if r.i < len(r.text) && (r.text[r.i] == '+' || r.text[r.i] == '-') {
			r.i++
		}
		if r.digits() == 0 {
			return "", false
		}
	}
	return r.text[start:r.i], true
}

func (r *jsonReader) digits() int {
	n := 0
	for r.i < len(r.text) && '0' <= r.text[r.i] && r.text[r.i] <= '9' {
		r.i++
		n++
	}
	return n
}

// object reads an object whose keys must be among keys (fewer than 64),
// each at most once, calling member with a key's index to read its value.
// It returns the set of keys seen, bit k for keys[k].
func (r *jsonReader) object(keys []string, member func(k int) bool) (seen uint64, ok bool) {
	if !r.next('{') {
		return 0, false
	}
	if r.next('}') {
		return 0, true
	}
	for {
		key, ok := r.str()
		if !ok || !r.next(':') {
			return 0, false
		}
		k := indexOf(keys, key)
		if k < 0 || seen&(1<<k) != 0 {
			return 0, false
		}
		seen |= 1 << k
		if !member(k) {
			return 0, false
		}
		if r.next('}') {
			return seen, true
		}
		if !r.next(',') {
			return 0, false
		}
	}
}

// array reads an array, calling elem to read each element.
func (r *jsonReader) array(elem func() bool) bool {
	if !r.next('[') {
		return false
	}
	if r.next(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if r.next(']') {
			return true
		}
		if !r.next(',') {
			return false
		}
	}
}

func indexOf(keys []string, key string) int {
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return -1
}
