package transform

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting the way encoding/json does, so that a hostile
// event cannot exhaust the stack and the two agree on what is valid.
const maxDepth = 10000

// span is a value's byte range in the event; end == 0 means "not found"
// (every JSON value is at least one byte long).
type span struct{ start, end int }

func (s span) found() bool { return s.end > 0 }

// SyntaxError reports an event (or template) that is not valid JSON.
type SyntaxError struct {
	Offset int // byte offset of the problem
	msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.msg, e.Offset) }

// scanner validates one JSON text in a single pass and, while it goes,
// records the spans of the values a trie of paths asks for. Nothing is
// decoded: values the trie does not want are only stepped over, so looking
// up any number of paths costs one walk of the bytes and no allocations.
type scanner struct {
	data  []byte
	pos   int
	depth int

	// root is the span of the top-level value (the text without the
	// surrounding whitespace).
	root span

	// keyHook, when set, sees the offset of every object key. Template
	// validation uses it to find placeholders standing where a key is.
	keyHook func(offset int) error

	// wantDetail asks for the position of the top-level "detail" member,
	// which <aws.events.event> leaves out.
	wantDetail bool
	detail     memberSpan
}

// memberSpan locates a member of the top-level object so it can be cut out
// together with one neighbouring comma.
type memberSpan struct {
	keyStart  int // offset of the key's opening quote; -1 if absent
	valueEnd  int // offset just past the value
	prevEnd   int // end of the previous member's value, or -1 if first
	nextStart int // key offset of the following member, or -1 if last
}

func (s *scanner) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: s.pos, msg: fmt.Sprintf(format, args...)}
}

// document walks the whole text: one value with optional whitespace around.
// out must have a slot for every path in the trie rooted at n.
func (s *scanner) document(n *node, out []span) error {
	s.detail = memberSpan{keyStart: -1, prevEnd: -1, nextStart: -1}
	s.skipSpace()
	start := s.pos
	if err := s.value(n, out); err != nil {
		return err
	}
	s.root = span{start, s.pos}
	s.skipSpace()
	if s.pos != len(s.data) {
		return s.errorf("invalid character %q after top-level value", s.data[s.pos])
	}
	return nil
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value steps over one value, recording its span when n is the end of a
// path and descending with n's children when it has some.
func (s *scanner) value(n *node, out []span) error {
	if s.pos >= len(s.data) {
		return s.errorf("unexpected end of JSON input")
	}
	start := s.pos
	var err error
	switch c := s.data[s.pos]; {
	case c == '{':
		err = s.object(n, out)
	case c == '[':
		err = s.array(n, out)
	case c == '"':
		_, err = s.str()
	case c == '-' || ('0' <= c && c <= '9'):
		err = s.number()
	case c == 't':
		err = s.literal("true")
	case c == 'f':
		err = s.literal("false")
	case c == 'n':
		err = s.literal("null")
	default:
		err = s.errorf("invalid character %q looking for beginning of value", c)
	}
	if err != nil {
		return err
	}
	if n != nil && n.slot >= 0 {
		out[n.slot] = span{start, s.pos}
	}
	return nil
}

func (s *scanner) object(n *node, out []span) error {
	s.pos++ // '{'
	if s.depth++; s.depth > maxDepth {
		return s.errorf("exceeded max depth")
	}
	top := s.depth == 1 && s.wantDetail
	prevEnd, pendingNext := -1, false
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of JSON input")
		}
		if s.data[s.pos] != '"' {
			return s.errorf("invalid character %q looking for beginning of object key string", s.data[s.pos])
		}
		keyStart := s.pos
		if s.keyHook != nil {
			if err := s.keyHook(keyStart); err != nil {
				return err
			}
		}
		escaped, err := s.str()
		if err != nil {
			return err
		}
		key := s.data[keyStart+1 : s.pos-1]
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of JSON input")
		}
		if s.data[s.pos] != ':' {
			return s.errorf("invalid character %q after object key", s.data[s.pos])
		}
		s.pos++
		s.skipSpace()

		var child *node
		if n != nil {
			child = n.member(key, escaped)
			if child != nil {
				// A repeated key replaces the earlier value, as in
				// encoding/json and Jackson: forget what the earlier
				// value gave this subtree.
				clear(out[child.lo:child.hi])
			}
		}
		if err := s.value(child, out); err != nil {
			return err
		}

		if top {
			if pendingNext {
				s.detail.nextStart = keyStart
				pendingNext = false
			}
			if keyEquals(key, escaped, "detail") {
				s.detail = memberSpan{keyStart: keyStart, valueEnd: s.pos, prevEnd: prevEnd, nextStart: -1}
				pendingNext = true
			}
			prevEnd = s.pos
		}

		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of JSON input")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.skipSpace()
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.errorf("invalid character %q after object key:value pair", s.data[s.pos])
		}
	}
}

func (s *scanner) array(n *node, out []span) error {
	s.pos++ // '['
	if s.depth++; s.depth > maxDepth {
		return s.errorf("exceeded max depth")
	}
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		var child *node
		if n != nil {
			child = n.element(i)
			if child != nil {
				clear(out[child.lo:child.hi])
			}
		}
		if err := s.value(child, out); err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of JSON input")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.skipSpace()
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.errorf("invalid character %q after array element", s.data[s.pos])
		}
	}
}

// str steps over a string starting at its opening quote and reports whether
// it contained escapes (so keys without any can be compared as bytes).
// Strings are most of an event's bytes, so plain bytes get a tight loop
// with the position in a local. (Skipping eight bytes at a time with SWAR
// tests was measured on the benchmark event and was slower: event strings
// are short.)
func (s *scanner) str() (escaped bool, err error) {
	data := s.data
	i := s.pos + 1 // past the opening quote
	for {
		for i < len(data) && data[i] >= 0x20 && data[i] != '"' && data[i] != '\\' {
			i++
		}
		if i >= len(data) {
			s.pos = i
			return false, s.errorf("unexpected end of JSON input")
		}
		switch c := data[i]; {
		case c == '"':
			s.pos = i + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(data) {
				s.pos = i + 1
				return false, s.errorf("unexpected end of JSON input")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				i += 2
				for k := 0; k < 4; k++ {
					if i >= len(data) {
						s.pos = i
						return false, s.errorf("unexpected end of JSON input")
					}
					if !isHex(data[i]) {
						s.pos = i
						return false, s.errorf("invalid character %q in \\u hexadecimal character escape", data[i])
					}
					i++
				}
			default:
				s.pos = i + 1
				return false, s.errorf("invalid character %q in string escape code", data[i+1])
			}
		default: // c < 0x20
			s.pos = i
			return false, s.errorf("invalid character %q in string literal", c)
		}
	}
}

// number steps over -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() error {
	if s.data[s.pos] == '-' {
		s.pos++
	}
	if s.pos >= len(s.data) {
		return s.errorf("unexpected end of JSON input")
	}
	switch c := s.data[s.pos]; {
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return s.errorf("invalid character %q in numeric literal", c)
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return s.numberEnd()
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return s.numberEnd()
		}
	}
	return nil
}

// numberEnd reports a number cut short where a digit was required.
func (s *scanner) numberEnd() error {
	if s.pos >= len(s.data) {
		return s.errorf("unexpected end of JSON input")
	}
	return s.errorf("invalid character %q in numeric literal", s.data[s.pos])
}

func (s *scanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && '0' <= s.data[s.pos] && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

func (s *scanner) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of JSON input")
		}
		if s.data[s.pos] != word[i] {
			return s.errorf("invalid character %q in literal %s (expecting %q)", s.data[s.pos], word, word[i])
		}
		s.pos++
	}
	return nil
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// keyEquals compares a raw JSON key (the bytes between its quotes) with a
// decoded name. Keys without escapes, nearly all of them, compare as bytes;
// the rest are decoded on the fly so that "instance\u002did" still matches
// instance-id, without allocating.
func keyEquals(raw []byte, escaped bool, name string) bool {
	if !escaped {
		return string(raw) == name
	}
	var buf [utf8.UTFMax]byte
	j := 0 // position in name
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			if j >= len(name) || name[j] != c {
				return false
			}
			i++
			j++
			continue
		}
		var r rune
		r, i = decodeEscape(raw, i)
		n := utf8.EncodeRune(buf[:], r)
		if j+n > len(name) || string(buf[:n]) != name[j:j+n] {
			return false
		}
		j += n
	}
	return j == len(name)
}

// decodeEscape decodes the escape at raw[i] (a backslash) of a string the
// scanner has validated, returning the rune and the offset after it. Lone
// surrogates become U+FFFD, as in encoding/json.
func decodeEscape(raw []byte, i int) (rune, int) {
	switch c := raw[i+1]; c {
	case 'b':
		return '\b', i + 2
	case 'f':
		return '\f', i + 2
	case 'n':
		return '\n', i + 2
	case 'r':
		return '\r', i + 2
	case 't':
		return '\t', i + 2
	case 'u':
		r := hex4(raw[i+2 : i+6])
		i += 6
		if utf16.IsSurrogate(r) {
			if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
				if pair := utf16.DecodeRune(r, hex4(raw[i+2:i+6])); pair != utf8.RuneError {
					return pair, i + 6
				}
			}
			return utf8.RuneError, i
		}
		return r, i
	default: // '"', '\\', '/'
		return rune(c), i + 2
	}
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
