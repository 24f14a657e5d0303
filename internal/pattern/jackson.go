package pattern

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// AWS validates patterns with a streaming Jackson parser and reports
// Jackson's own messages for text that is not JSON, with the parser's
// location appended. jlexer is a tokenizer that fails the same way: the
// same messages, raised at the same point of the input, in the same order
// relative to the pattern compiler's own checks. Two Jackson habits matter
// for that order and are copied here:
//
//   - after a field name, the start of its value is read at once (numbers
//     and true/false/null completely), so a malformed value is reported
//     before anything the compiler would say about the field;
//   - a string value is read lazily: its closing quote and escapes are only
//     checked when its text is asked for or the next token is read.
//
// The messages follow jackson-core 2.12.

type jtoken uint8

const (
	jEOF jtoken = iota // end of input at the root level
	jStartObject
	jEndObject
	jStartArray
	jEndArray
	jFieldName
	jString
	jNumber
	jTrue
	jFalse
	jNull
)

// jctx is an open object or array.
type jctx struct {
	object  bool
	start   jpos // where the '{' or '[' is
	entries int  // members or elements started so far
}

// jpos is a place in the source: its offset, with the line it is on and the
// offset where that line starts, as Jackson counts them (only line breaks
// between tokens, never inside a string).
type jpos struct {
	at, line, rowStart int
}

type jlexer struct {
	src      string
	pos      int
	line     int // 1-based, 0 until the first token
	rowStart int
	ctx      []jctx
	name     string // the current field name
	num      string // the text of the current number

	// The value after a field name, read ahead as Jackson does.
	ahead      jtoken
	hasAhead   bool
	aheadStart jpos

	// A string value whose body has not been read yet.
	strPending bool
	strStart   int // offset just after the opening quote
}

// validValues is Jackson's list of what may start a value.
const validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

// next returns the next token. At the end of the input at the root level it
// returns jEOF; inside an open object or array that is an error.
func (l *jlexer) next() (jtoken, error) {
	if l.hasAhead {
		// A string value read ahead stays pending: it is this token.
		l.hasAhead = false
		if l.ahead == jStartObject || l.ahead == jStartArray {
			l.ctx = append(l.ctx, jctx{object: l.ahead == jStartObject, start: l.aheadStart})
		}
		return l.ahead, nil
	}
	if l.strPending {
		if _, err := l.finishString(false); err != nil {
			return jEOF, err
		}
	}
	if err := l.skipSpace(); err != nil {
		return jEOF, err
	}
	if l.pos >= len(l.src) {
		if len(l.ctx) == 0 {
			return jEOF, nil
		}
		return jEOF, l.eofInContainer()
	}
	c := l.src[l.pos]
	if c == ']' || c == '}' {
		return l.closeScope(c)
	}
	var top *jctx
	if len(l.ctx) > 0 {
		top = &l.ctx[len(l.ctx)-1]
	}
	if top != nil && top.entries > 0 {
		if c != ',' {
			return jEOF, l.unexpectedChar(l.pos, "was expecting comma to separate "+top.desc()+" entries")
		}
		l.pos++
		if err := l.skipSpace(); err != nil {
			return jEOF, err
		}
		if l.pos >= len(l.src) {
			return jEOF, l.eofInContainer()
		}
		c = l.src[l.pos]
	}
	if top != nil {
		top.entries++
	}
	if top != nil && top.object {
		if c != '"' {
			return jEOF, l.unexpectedChar(l.pos, "was expecting double-quote to start field name")
		}
		l.pos++
		name, err := l.readString(true)
		if err != nil {
			return jEOF, err
		}
		l.name = name
		if err := l.skipSpace(); err != nil {
			return jEOF, err
		}
		if l.pos >= len(l.src) {
			return jEOF, l.fail(len(l.src), "Unexpected end-of-input within/between Object entries")
		}
		if l.src[l.pos] != ':' {
			return jEOF, l.unexpectedChar(l.pos, "was expecting a colon to separate field name and value")
		}
		l.pos++
		if err := l.skipSpace(); err != nil {
			return jEOF, err
		}
		if l.pos >= len(l.src) {
			return jEOF, l.fail(len(l.src), "Unexpected end-of-input within/between Object entries")
		}
		start := l.here()
		t, err := l.value(l.src[l.pos])
		if err != nil {
			return jEOF, err
		}
		l.ahead, l.hasAhead, l.aheadStart = t, true, start
		return jFieldName, nil
	}
	start := l.here()
	t, err := l.value(c)
	if err != nil {
		return jEOF, err
	}
	if t == jStartObject || t == jStartArray {
		l.ctx = append(l.ctx, jctx{object: t == jStartObject, start: start})
	}
	return t, nil
}

func (c *jctx) desc() string {
	if c.object {
		return "Object"
	}
	return "Array"
}

// text returns the decoded text of the current string value.
func (l *jlexer) text() (string, error) {
	if !l.strPending {
		return "", nil
	}
	return l.finishString(true)
}

func (l *jlexer) closeScope(c byte) (jtoken, error) {
	l.pos++
	if len(l.ctx) == 0 {
		exp := byte('}')
		if c == '}' {
			exp = ']'
		}
		return jEOF, l.fail(l.pos, fmt.Sprintf("Unexpected close marker '%c': expected '%c' (for root starting at [Source: %s; line: 1, column: 0])", c, exp, l.sourceDesc()))
	}
	top := l.ctx[len(l.ctx)-1]
	if top.object != (c == '}') {
		exp := byte(']')
		if top.object {
			exp = '}'
		}
		return jEOF, l.fail(l.pos, fmt.Sprintf("Unexpected close marker '%c': expected '%c' (for %s starting at %s)", c, exp, top.desc(), l.location(top.start)))
	}
	l.ctx = l.ctx[:len(l.ctx)-1]
	if c == '}' {
		return jEndObject, nil
	}
	return jEndArray, nil
}

// value reads the start of a value beginning with c at l.pos.
func (l *jlexer) value(c byte) (jtoken, error) {
	switch {
	case c == '"':
		l.pos++
		l.strPending, l.strStart = true, l.pos
		return jString, nil
	case c == '{':
		l.pos++
		return jStartObject, nil
	case c == '[':
		l.pos++
		return jStartArray, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return l.number()
	case c == 't':
		return l.literal("true", jTrue)
	case c == 'f':
		return l.literal("false", jFalse)
	case c == 'n':
		return l.literal("null", jNull)
	}
	return jEOF, l.oddValue()
}

// oddValue reports a value that starts with a character no JSON value
// starts with.
func (l *jlexer) oddValue() error {
	r, size := utf8.DecodeRuneInString(l.src[l.pos:])
	if word := l.word(l.pos); word == "NaN" || word == "Infinity" {
		l.pos += len(word)
		return l.fail(l.pos, "Non-standard token '"+word+"': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow")
	}
	if isIdentStart(r) {
		l.pos += size
		return l.invalidToken(string(r))
	}
	return l.unexpectedChar(l.pos, "expected a valid value "+validValues)
}

func (l *jlexer) literal(word string, t jtoken) (jtoken, error) {
	if strings.HasPrefix(l.src[l.pos:], word) {
		end := l.pos + len(word)
		r, _ := utf8.DecodeRuneInString(l.src[end:])
		if end == len(l.src) || !isIdentPart(r) {
			l.pos = end
			return t, nil
		}
	}
	i := l.pos
	for i < l.pos+len(word) && i < len(l.src) && l.src[i] == word[i-l.pos] {
		i++
	}
	matched := l.src[l.pos:i]
	l.pos = i
	return jEOF, l.invalidToken(matched)
}

// invalidToken reports an unknown word: matched is what has been read of
// it, and Jackson reads on while the word goes on, to show all of it.
func (l *jlexer) invalidToken(matched string) error {
	var b strings.Builder
	b.WriteString(matched)
	n := utf8.RuneCountInString(matched)
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if !isIdentPart(r) {
			break
		}
		l.pos += size
		b.WriteRune(r)
		n++
		if n >= 256 {
			b.WriteString("...")
			break
		}
	}
	return l.fail(l.pos, "Unrecognized token '"+b.String()+"': was expecting "+validValues)
}

// word returns the run of identifier characters at i.
func (l *jlexer) word(i int) string {
	j := i
	for j < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[j:])
		if !isIdentPart(r) {
			break
		}
		j += size
	}
	return l.src[i:j]
}

func (l *jlexer) number() (jtoken, error) {
	start := l.pos
	i := l.pos
	if l.src[i] == '-' {
		i++
		if i >= len(l.src) {
			l.pos = i
			return jEOF, l.fail(i, "Unexpected end-of-input in numeric value")
		}
		if c := l.src[i]; c < '0' || c > '9' {
			if w := l.word(i); w == "Infinity" {
				l.pos = i + len(w)
				return jEOF, l.fail(l.pos, "Non-standard token '-Infinity': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow")
			}
			l.pos = i
			return jEOF, l.unexpectedChar(i, "in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value")
		}
	}
	if l.src[i] == '0' && i+1 < len(l.src) && l.src[i+1] >= '0' && l.src[i+1] <= '9' {
		l.pos = i + 1
		return jEOF, l.fail(i+1, "Invalid numeric value: Leading zeroes not allowed")
	}
	for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
		i++
	}
	if i < len(l.src) && l.src[i] == '.' {
		i++
		if i >= len(l.src) {
			l.pos = i
			return jEOF, l.fail(i, "Unexpected end-of-input in numeric value")
		}
		if c := l.src[i]; c < '0' || c > '9' {
			l.pos = i
			return jEOF, l.unexpectedChar(i, "in numeric value: Decimal point not followed by a digit")
		}
		for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
			i++
		}
	}
	if i < len(l.src) && (l.src[i] == 'e' || l.src[i] == 'E') {
		i++
		if i < len(l.src) && (l.src[i] == '+' || l.src[i] == '-') {
			i++
		}
		if i >= len(l.src) {
			l.pos = i
			return jEOF, l.fail(i, "Unexpected end-of-input in numeric value")
		}
		if c := l.src[i]; c < '0' || c > '9' {
			l.pos = i
			return jEOF, l.unexpectedChar(i, "in numeric value: Exponent indicator not followed by a digit")
		}
		for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
			i++
		}
	}
	l.pos = i
	l.num = l.src[start:i]
	return jNumber, nil
}

// finishString reads the body of the pending string value; decode says
// whether its text is wanted.
func (l *jlexer) finishString(decode bool) (string, error) {
	l.strPending = false
	l.pos = l.strStart
	s, err := l.readString(false)
	if !decode {
		return "", err
	}
	return s, err
}

// readString reads a string body from l.pos up to and including the
// closing quote and returns its decoded text.
func (l *jlexer) readString(isName bool) (string, error) {
	start := l.pos
	var b []byte // only used once an escape is seen
	for i := l.pos; ; {
		if i >= len(l.src) {
			l.pos = len(l.src)
			if isName {
				return "", l.fail(len(l.src), "Unexpected end-of-input in field name")
			}
			return "", l.fail(len(l.src), "Unexpected end-of-input: was expecting closing quote for a string value")
		}
		c := l.src[i]
		switch {
		case c == '"':
			l.pos = i + 1
			if b == nil {
				return l.src[start:i], nil
			}
			return string(b), nil
		case c == '\\':
			if b == nil {
				b = append(b, l.src[start:i]...)
			}
			var err error
			b, i, err = l.escape(b, i+1)
			if err != nil {
				return "", err
			}
		case c < 0x20:
			l.pos = i + 1
			what := "string value"
			if isName {
				what = "name"
			}
			return "", l.fail(i+1, fmt.Sprintf("Illegal unquoted character (%s): has to be escaped using backslash to be included in %s", charDesc(rune(c)), what))
		default:
			if b != nil {
				b = append(b, c)
			}
			i++
		}
	}
}

// escape decodes the escape sequence whose letter is at i, appending it to
// b, and returns the offset after it.
func (l *jlexer) escape(b []byte, i int) ([]byte, int, error) {
	if i >= len(l.src) {
		l.pos = i
		return nil, i, l.fail(i, "Unexpected end-of-input in character escape sequence")
	}
	c := l.src[i]
	switch c {
	case '"', '\\', '/':
		return append(b, c), i + 1, nil
	case 'b':
		return append(b, '\b'), i + 1, nil
	case 'f':
		return append(b, '\f'), i + 1, nil
	case 'n':
		return append(b, '\n'), i + 1, nil
	case 'r':
		return append(b, '\r'), i + 1, nil
	case 't':
		return append(b, '\t'), i + 1, nil
	case 'u':
		r, next, err := l.hex4(i + 1)
		if err != nil {
			return nil, i, err
		}
		// A surrogate pair is two escapes that make one character.
		if utf16.IsSurrogate(r) && next+1 < len(l.src) && l.src[next] == '\\' && l.src[next+1] == 'u' {
			if r2, after, err := l.hex4(next + 2); err == nil {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					return utf8.AppendRune(b, pair), after, nil
				}
			}
		}
		return utf8.AppendRune(b, r), next, nil
	}
	r, size := utf8.DecodeRuneInString(l.src[i:])
	l.pos = i + size
	return nil, i, l.fail(i+size, fmt.Sprintf("Unrecognized character escape %s", charDesc(r)))
}

func (l *jlexer) hex4(i int) (rune, int, error) {
	var r rune
	for k := 0; k < 4; k++ {
		if i+k >= len(l.src) {
			l.pos = len(l.src)
			return 0, i, l.fail(len(l.src), "Unexpected end-of-input in character escape sequence")
		}
		c := l.src[i+k]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, i, l.unexpectedChar(i+k, "expected a hex-digit for character escape sequence")
		}
		r = r<<4 | rune(d)
	}
	return r, i + 4, nil
}

// skipSpace skips JSON whitespace. Jackson recognises a '/' there as the
// start of a comment it has not been told to allow.
func (l *jlexer) skipSpace() error {
	if l.line == 0 {
		l.line = 1
	}
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t':
			l.pos++
		case '\n':
			l.pos++
			l.line++
			l.rowStart = l.pos
		case '\r':
			l.pos++
			if l.pos < len(l.src) && l.src[l.pos] == '\n' {
				l.pos++
			}
			l.line++
			l.rowStart = l.pos
		case '/':
			return l.unexpectedChar(l.pos, "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)")
		default:
			return nil
		}
	}
	return nil
}

func (l *jlexer) eofInContainer() error {
	top := l.ctx[len(l.ctx)-1]
	return l.fail(len(l.src), fmt.Sprintf("Unexpected end-of-input: expected close marker for %s (start marker at %s)", top.desc(), l.location(top.start)))
}

// unexpectedChar reports the character at i; Jackson has consumed it, so
// the location is just after it. A comment starting with "in " follows the
// character description without a colon, as in Jackson.
func (l *jlexer) unexpectedChar(i int, comment string) error {
	r, size := utf8.DecodeRuneInString(l.src[i:])
	l.pos = i + size
	sep := ": "
	if strings.HasPrefix(comment, "in ") {
		sep = " "
	}
	return l.fail(i+size, "Unexpected character ("+charDesc(r)+")"+sep+comment)
}

// fail builds the error for a Jackson failure with the parser at offset at
// on the current line.
func (l *jlexer) fail(at int, msg string) error {
	return &Error{Reason: msg + "\n at " + l.location(l.hereAt(at))}
}

func (l *jlexer) here() jpos { return l.hereAt(l.pos) }

func (l *jlexer) hereAt(at int) jpos { return jpos{at: at, line: max(l.line, 1), rowStart: l.rowStart} }

// location renders a position the way Jackson's JsonLocation does: line
// and column (1-based, the column counted in UTF-16 units), with the
// source quoted.
func (l *jlexer) location(p jpos) string {
	at := min(p.at, len(l.src))
	col := utf16Len(l.src[min(p.rowStart, at):at]) + 1
	return fmt.Sprintf("[Source: %s; line: %d, column: %d]", l.sourceDesc(), p.line, col)
}

// sourceDesc quotes the source as Jackson does: at most 500 characters,
// then a count of what was left out.
func (l *jlexer) sourceDesc() string {
	const maxSnippet = 500
	units, cut := 0, len(l.src)
	for i, r := range l.src {
		n := 1
		if r > 0xFFFF {
			n = 2
		}
		if units+n > maxSnippet {
			cut = i
			break
		}
		units += n
	}
	desc := `(String)"` + l.src[:cut] + `"`
	if rest := utf16Len(l.src[cut:]); rest > 0 {
		desc += fmt.Sprintf("[truncated %d chars]", rest)
	}
	return desc
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// charDesc describes a character as Jackson's _getCharDesc does.
func charDesc(r rune) string {
	switch {
	case unicode.IsControl(r):
		return fmt.Sprintf("(CTRL-CHAR, code %d)", r)
	case r > 255:
		return fmt.Sprintf("'%c' (code %d / 0x%x)", r, r, r)
	}
	return fmt.Sprintf("'%c' (code %d)", r, r)
}

// isIdentStart and isIdentPart approximate Java's
// Character.isJavaIdentifierStart and isJavaIdentifierPart, which Jackson
// uses to decide how much of an unknown word to quote.
func isIdentStart(r rune) bool {
	return unicode.IsLetter(r) || r == '_' || r == '$' || unicode.Is(unicode.Sc, r) || unicode.Is(unicode.Pc, r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
