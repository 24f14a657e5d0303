package pattern

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/netip"
	"unicode/utf16"
	"unicode/utf8"
)

// The flattener reads an event once, from left to right, and keeps only
// the leaf values whose path some pattern of the snapshot uses. Paths are
// followed through a tree of the used paths (fieldNode): a member whose key
// is not in the tree is skipped, still checked for well-formedness but
// without decoding or storing anything. A stored value refers to the event
// bytes where it can (strings without escapes, numbers), so a typical event
// is flattened without allocating.

// value is a leaf of the event at a used path.
type value struct {
	b     []byte // decoded string, or the text of a number
	field int32  // the field id of its path
	next  int32  // the next value of the same field, or -1
	chain int32  // its innermost enclosing array element (see chainLink), or -1
	kind  valueKind

	// Derived forms, computed when an operator first needs them.
	numDone, numOK bool
	foldDone       bool
	ipDone, ipOK   bool
	micros         int64
	fold           []byte
	ip             netip.Addr
}

type valueKind uint8

const (
	vString valueKind = iota
	vNumber
	vTrue
	vFalse
	vNull
)

// chainLink says that a value lies in element idx of array arr (arrays are
// numbered in the order they open) inside the element its parent link
// names. Two values can be used together by one rule only if they agree on
// the element of every array both lie in (see consistency.go).
type chainLink struct {
	parent int32
	arr    int32
	idx    int32
	depth  int32 // number of links from here to the root, this one included
}

// fieldNode is a node of the tree of used paths.
type fieldNode struct {
	id   int32 // the field whose path ends here, or -1
	keys []string
	kids []*fieldNode
	m    map[string]*fieldNode // replaces keys/kids when there are many
}

const fieldFanout = 8

func (n *fieldNode) child(key []byte) *fieldNode {
	if n.m != nil {
		return n.m[string(key)]
	}
	for i, k := range n.keys {
		if k == string(key) {
			return n.kids[i]
		}
	}
	return nil
}

func (n *fieldNode) leafOnly() bool { return len(n.keys) == 0 && n.m == nil }

// maxDepth bounds the nesting of an event along used paths, where the
// flattener recurses; skipped parts are checked without recursion.
const maxDepth = 10000

type flattener struct {
	b  []byte
	sc *scratch
}

func (f *flattener) errorf(at int, format string, args ...any) error {
	return fmt.Errorf("%w at offset %d: %s", ErrMalformedEvent, at, fmt.Sprintf(format, args...))
}

// flatten reads event ev into sc, keeping the values of the paths in root.
func (sc *scratch) flatten(ev []byte, root *fieldNode) error {
	f := flattener{b: ev, sc: sc}
	i := f.ws(0)
	if i >= len(ev) || ev[i] != '{' {
		return f.errorf(i, "an event must be a JSON object")
	}
	i, err := f.object(i+1, root, -1, 1)
	if err != nil {
		return err
	}
	if i = f.ws(i); i != len(ev) {
		return f.errorf(i, "unexpected %q after the event", ev[i])
	}
	return nil
}

func (f *flattener) ws(i int) int {
	// Events are usually compact: most calls find no space at all.
	if i < len(f.b) && f.b[i] > ' ' {
		return i
	}
	for i < len(f.b) {
		switch f.b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// object reads the members of an object after its '{'.
func (f *flattener) object(i int, fn *fieldNode, chain int32, depth int) (int, error) {
	if depth > maxDepth {
		return i, f.errorf(i, "nested deeper than %d", maxDepth)
	}
	b := f.b
	i = f.ws(i)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, f.errorf(i, "expected a member name")
		}
		start := i + 1
		end, escaped, err := f.str(start)
		if err != nil {
			return end, err
		}
		key := b[start : end-1]
		if escaped {
			mark := len(f.sc.buf)
			f.sc.buf = appendUnescaped(f.sc.buf, key)
			key = f.sc.buf[mark:]
		}
		child := fn.child(key)
		i = f.ws(end)
		if i >= len(b) || b[i] != ':' {
			return i, f.errorf(i, "expected ':' after a member name")
		}
		i = f.ws(i + 1)
		if child == nil {
			i, err = f.skip(i, depth)
		} else {
			i, err = f.value(i, child, chain, depth)
		}
		if err != nil {
			return i, err
		}
		i = f.ws(i)
		if i < len(b) && b[i] == ',' {
			i = f.ws(i + 1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		return i, f.errorf(i, "expected ',' or '}' in an object")
	}
}

// value reads a value at a used path.
func (f *flattener) value(i int, fn *fieldNode, chain int32, depth int) (int, error) {
	b := f.b
	if i >= len(b) {
		return i, f.errorf(i, "unexpected end of the event")
	}
	switch c := b[i]; {
	case c == '{':
		if fn.leafOnly() {
			// An object is not a leaf: nothing below it is used.
			return f.skip(i, depth)
		}
		return f.object(i+1, fn, chain, depth+1)
	case c == '[':
		return f.array(i+1, fn, chain, depth+1)
	case c == '"':
		end, escaped, err := f.str(i + 1)
		if err != nil {
			return end, err
		}
		if fn.id >= 0 {
			s := b[i+1 : end-1]
			if escaped {
				mark := len(f.sc.buf)
				f.sc.buf = appendUnescaped(f.sc.buf, s)
				s = f.sc.buf[mark:]
			}
			f.sc.add(fn.id, vString, s, chain)
		}
		return end, nil
	case c == '-' || (c >= '0' && c <= '9'):
		end, err := f.number(i)
		if err != nil {
			return end, err
		}
		if fn.id >= 0 {
			f.sc.add(fn.id, vNumber, b[i:end], chain)
		}
		return end, nil
	default:
		end, kind, err := f.literal(i)
		if err != nil {
			return end, err
		}
		if fn.id >= 0 {
			f.sc.add(fn.id, kind, nil, chain)
		}
		return end, nil
	}
}

// array reads the elements of an array after its '['. Each element gets a
// chain link, so that values keep which element they came from.
func (f *flattener) array(i int, fn *fieldNode, chain int32, depth int) (int, error) {
	if depth > maxDepth {
		return i, f.errorf(i, "nested deeper than %d", maxDepth)
	}
	b := f.b
	sc := f.sc
	arr := sc.arrays
	sc.arrays++
	i = f.ws(i)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	var linkDepth int32 = 1
	if chain >= 0 {
		linkDepth = sc.chains[chain].depth + 1
	}
	compound := false
	var idx int32
	for ; ; idx++ {
		link := int32(len(sc.chains))
		sc.chains = append(sc.chains, chainLink{parent: chain, arr: arr, idx: idx, depth: linkDepth})
		if i < len(b) && (b[i] == '{' || b[i] == '[') {
			compound = true
		}
		var err error
		if i, err = f.value(i, fn, link, depth); err != nil {
			return i, err
		}
		i = f.ws(i)
		if i < len(b) && b[i] == ',' {
			i = f.ws(i + 1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			i++
			break
		}
		return i, f.errorf(i, "expected ',' or ']' in an array")
	}
	// Only an array with two elements or more, one of them an object or
	// an array, can hold values of two fields in different elements.
	if compound && idx >= 1 {
		sc.needCheck = true
	}
	return i, nil
}

// skip checks the value at i and returns the offset after it, keeping
// nothing. It needs no recursion: the open containers are a stack of
// bytes.
func (f *flattener) skip(i, depth int) (int, error) {
	b := f.b
	stack := f.sc.skipStack[:0]
	for {
		// A value starts at i.
		if i >= len(b) {
			return i, f.errorf(i, "unexpected end of the event")
		}
		var err error
		switch c := b[i]; {
		case (c == '{' || c == '[') && depth+len(stack) >= maxDepth:
			// Bounded as object and array are, and as encoding/json is,
			// empty containers included.
			return i, f.errorf(i, "nested deeper than %d", maxDepth)
		case c == '{':
			i = f.ws(i + 1)
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			stack = append(stack, '{')
			if i, err = f.memberName(i); err != nil {
				return i, err
			}
			continue
		case c == '[':
			i = f.ws(i + 1)
			if i < len(b) && b[i] == ']' {
				i++
				break
			}
			stack = append(stack, '[')
			continue
		case c == '"':
			i, _, err = f.str(i + 1)
		case c == '-' || (c >= '0' && c <= '9'):
			i, err = f.number(i)
		default:
			i, _, err = f.literal(i)
		}
		if err != nil {
			return i, err
		}
		// After a value: close containers until one continues.
		for {
			if len(stack) == 0 {
				f.sc.skipStack = stack // keep the grown buffer
				return i, nil
			}
			i = f.ws(i)
			if i >= len(b) {
				return i, f.errorf(i, "unexpected end of the event")
			}
			top := stack[len(stack)-1]
			c := b[i]
			if c == ',' {
				i = f.ws(i + 1)
				if top == '{' {
					if i, err = f.memberName(i); err != nil {
						return i, err
					}
				}
				break
			}
			if (top == '{' && c == '}') || (top == '[' && c == ']') {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return i, f.errorf(i, "unexpected %q", c)
		}
	}
}

// memberName reads `"name" :` at i and returns the offset of the value.
func (f *flattener) memberName(i int) (int, error) {
	b := f.b
	if i >= len(b) || b[i] != '"' {
		return i, f.errorf(i, "expected a member name")
	}
	end, _, err := f.str(i + 1)
	if err != nil {
		return end, err
	}
	i = f.ws(end)
	if i >= len(b) || b[i] != ':' {
		return i, f.errorf(i, "expected ':' after a member name")
	}
	return f.ws(i + 1), nil
}

// str checks a string body starting at i and returns the offset after its
// closing quote, and whether it holds escapes.
func (f *flattener) str(i int) (int, bool, error) {
	b := f.b
	escaped := false
	for {
		i = nextSpecial(b, i)
		if i >= len(b) {
			return i, false, f.errorf(i, "unterminated string")
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(b) {
				return i, false, f.errorf(i, "unterminated string")
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return i, false, f.errorf(i, "invalid \\u escape")
				}
				i += 6
			default:
				return i, false, f.errorf(i, "invalid escape \\%c", b[i+1])
			}
		default: // a control character
			return i, false, f.errorf(i, "control character in a string")
		}
	}
}

// nextSpecial returns the offset of the first byte at or after i that is a
// quote, a backslash or a control character, the only bytes of a string
// that need a look, or len(b). It tests eight bytes at a time with the
// classic SWAR tests for a zero byte and a byte less than n: their lowest
// flagged byte is exact, which is the one wanted.
func nextSpecial(b []byte, i int) int {
	const ones = 0x0101010101010101
	const highs = 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		q := w ^ (ones * '"')
		s := w ^ (ones * '\\')
		if m := ((q-ones)&^q | (s-ones)&^s | (w-ones*0x20)&^w) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return i
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// number checks the JSON number at i and returns the offset after it.
func (f *flattener) number(i int) (int, error) {
	b := f.b
	start := i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return i, f.errorf(start, "invalid number")
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, f.errorf(start, "invalid number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, f.errorf(start, "invalid number")
		}
	}
	return i, nil
}

func (f *flattener) literal(i int) (int, valueKind, error) {
	b := f.b[i:]
	switch {
	case len(b) >= 4 && string(b[:4]) == "true":
		return i + 4, vTrue, nil
	case len(b) >= 5 && string(b[:5]) == "false":
		return i + 5, vFalse, nil
	case len(b) >= 4 && string(b[:4]) == "null":
		return i + 4, vNull, nil
	}
	return i, 0, f.errorf(i, "unexpected %q", f.b[i])
}

// appendUnescaped appends the decoded form of a string body that has been
// checked by str. It decodes exactly as the pattern tokenizer does, so that
// equal texts compare equal whichever way they were escaped.
func appendUnescaped(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hexRune(s[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) && i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if pair := utf16.DecodeRune(r, hexRune(s[i+2:i+6])); pair != utf8.RuneError {
					dst = utf8.AppendRune(dst, pair)
					i += 6
					continue
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

func hexRune(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
