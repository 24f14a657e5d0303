package transform

import (
	"fmt"
	"strconv"
	"strings"
)

// Path is a compiled JSONPath of the subset EventBridge accepts in InputPath
// and InputPathsMap (see the package documentation). A Path is immutable and
// safe for concurrent use.
type Path struct {
	text  string
	steps []step
	trie  *node // this path alone, for Lookup
}

// step is one selector: a member name or an array index.
type step struct {
	name    string
	index   int
	isIndex bool
}

// PathError reports a path outside the subset.
type PathError struct {
	Path   string
	Offset int    // byte offset in Path where the problem starts
	Reason string // what is wrong, for example "wildcards are not supported"
}

func (e *PathError) Error() string {
	return fmt.Sprintf("%s (at offset %d of %q)", e.Reason, e.Offset, e.Path)
}

// maxIndex keeps array indexes in a range every platform's int holds; no
// event under the 256 KB limit has an array anywhere near this long.
const maxIndex = 1<<31 - 1

// CompilePath parses a JSONPath of the supported subset: $ followed by any
// number of .name, ['name'], ["name"] and [index] selectors. Everything else
// JSONPath offers (wildcards, .., filters, slices, unions, negative indexes,
// functions) is refused with a PathError that names the construct, because
// each of those can select several values and a placeholder stands for one.
func CompilePath(path string) (*Path, error) {
	p := &Path{text: path}
	fail := func(off int, format string, args ...any) (*Path, error) {
		return nil, &PathError{Path: path, Offset: off, Reason: fmt.Sprintf(format, args...)}
	}
	if path == "" {
		return fail(0, "a path must not be empty")
	}
	if path[0] != '$' {
		return fail(0, "a path must start with $")
	}
	for i := 1; i < len(path); {
		switch path[i] {
		case '.':
			i++
			if i == len(path) {
				return fail(i, "a name is expected after .")
			}
			switch path[i] {
			case '.':
				return fail(i-1, "recursive descent (..) is not supported")
			case '*':
				return fail(i, "wildcards are not supported")
			case '[':
				return fail(i, "a name is expected after .")
			}
			start := i
			for i < len(path) && path[i] != '.' && path[i] != '[' {
				if reason := badNameByte(path[i]); reason != "" {
					return fail(i, "%s", reason)
				}
				i++
			}
			p.steps = append(p.steps, step{name: path[start:i]})
		case '[':
			st, next, off, reason := parseBracket(path, i)
			if reason != "" {
				return fail(off, "%s", reason)
			}
			p.steps = append(p.steps, st)
			i = next
		default:
			return fail(i, "unexpected character %q; a selector starts with . or [", path[i])
		}
	}
	p.trie = buildTrie([]*Path{p})
	return p, nil
}

// badNameByte says why c cannot appear in a dot-notation name, or "" if it
// can. Names are otherwise free-form (instance-id, detail-type, a:b, é), so
// only what would start another JSONPath construct, or whitespace, is
// refused; a key containing those is reached with ['...'].
func badNameByte(c byte) string {
	switch {
	case c == '*':
		return "wildcards are not supported"
	case c == '(' || c == ')':
		return "functions are not supported"
	case c == '?' || c == '@':
		return "filter expressions are not supported"
	case c == ']' || c == ',' || c == '\'' || c == '"':
		return fmt.Sprintf("character %q is not allowed in a dot-notation name; use ['...']", c)
	case c <= ' ' || c == 0x7f:
		return fmt.Sprintf("character %q is not allowed in a dot-notation name; use ['...']", c)
	}
	return ""
}

// parseBracket reads the selector that starts at path[i] == '['. It returns
// the step and the offset after ']', or an offset and reason on error.
func parseBracket(path string, i int) (st step, next, off int, reason string) {
	j := i + 1
	if j >= len(path) {
		return st, 0, i, "unterminated ["
	}
	switch c := path[j]; {
	case c == '\'' || c == '"':
		var b strings.Builder
		for k := j + 1; k < len(path); k++ {
			switch path[k] {
			case '\\':
				if k+1 < len(path) && (path[k+1] == '\\' || path[k+1] == '\'' || path[k+1] == '"') {
					b.WriteByte(path[k+1])
					k++
					continue
				}
				return st, 0, k, `only \\, \' and \" escapes are supported in a quoted name`
			case c:
				switch {
				case k+1 >= len(path):
					return st, 0, i, "unterminated ["
				case path[k+1] == ']':
					return step{name: b.String()}, k + 2, 0, ""
				case path[k+1] == ',':
					return st, 0, k + 1, "unions are not supported"
				default:
					return st, 0, k + 1, "] expected after a quoted name"
				}
			default:
				b.WriteByte(path[k])
			}
		}
		return st, 0, i, "unterminated quoted name"
	case c == '*':
		return st, 0, j, "wildcards are not supported"
	case c == '?':
		return st, 0, j, "filter expressions are not supported"
	case c == '(':
		return st, 0, j, "script expressions are not supported"
	case c == '-':
		return st, 0, j, "negative indexes are not supported"
	case c == ':':
		return st, 0, j, "array slices are not supported"
	case '0' <= c && c <= '9':
		k := j
		for k < len(path) && '0' <= path[k] && path[k] <= '9' {
			k++
		}
		if k >= len(path) {
			return st, 0, i, "unterminated ["
		}
		switch path[k] {
		case ']':
		case ':':
			return st, 0, k, "array slices are not supported"
		case ',':
			return st, 0, k, "unions are not supported"
		default:
			return st, 0, k, "] expected after an index"
		}
		n, err := strconv.Atoi(path[j:k])
		if err != nil || n > maxIndex {
			return st, 0, j, "index is too large"
		}
		return step{index: n, isIndex: true}, k + 1, 0, ""
	default:
		return st, 0, j, fmt.Sprintf("unexpected character %q after [; expected an index or a quoted name", c)
	}
}

// String returns the path as it was written.
func (p *Path) String() string { return p.text }

// Lookup returns the raw JSON text of the value the path selects in event,
// without decoding the event: the bytes are walked once, and the result is a
// sub-slice of event (so it must not be modified). found is false when the
// path selects nothing, for example a missing member, an index past the end,
// or a name applied to an array. err is a *SyntaxError when event is not a
// single valid JSON text; the whole text is checked, not just the part
// before the value.
func (p *Path) Lookup(event []byte) (raw []byte, found bool, err error) {
	var out [1]span
	s := scanner{data: event}
	if err := s.document(p.trie, out[:]); err != nil {
		return nil, false, err
	}
	if !out[0].found() {
		return nil, false, nil
	}
	return event[out[0].start:out[0].end], true, nil
}
