package model

import (
	"fmt"
	"regexp"
	"strings"
)

// pattern is a model regular expression, matched against a whole value as
// Java's String.matches does: AWS rejects 'Invalid Name With Spaces!' for
// [\.\-_A-Za-z0-9]+, which a substring search would accept.
type pattern struct {
	text   string // as in the model, quoted in messages
	phrase string
	match  func(string) bool
}

// notBlankPattern is the PathParameter pattern. Its negative lookahead has
// no RE2 equivalent, so it is matched by notBlank instead.
const notBlankPattern = `^(?!\s*$).+`

// compilePattern prepares a model pattern for full matches. A pattern that
// neither compiles nor is special-cased is an error, so Load fails instead of
// letting such values through.
func compilePattern(text string) (*pattern, error) {
	p := &pattern{text: text, phrase: "Member must satisfy regular expression pattern: " + text}
	if text == notBlankPattern {
		p.match = notBlank
		return p, nil
	}
	re, err := regexp.Compile(`^(?:` + javaDots(text) + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", text, err)
	}
	p.match = re.MatchString
	return p, nil
}

// javaAnyChar is Java's '.' without DOTALL: any character except the line
// terminators \n, \r, U+0085, U+2028 and U+2029. RE2's '.' only excludes
// \n, so a description pattern such as .* would otherwise accept a value
// with \r or U+2028 that AWS rejects.
const javaAnyChar = `[^\n\r\x{85}\x{2028}\x{2029}]`

// javaDots rewrites every '.' that is neither escaped nor inside a character
// class to javaAnyChar. The model's patterns use no other construct whose
// meaning differs between Java and RE2 once matched in full.
func javaDots(re string) string {
	if !strings.Contains(re, ".") {
		return re
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(re); i++ {
		c := re[i]
		switch {
		case c == '\\' && i+1 < len(re):
			b.WriteByte(c)
			i++
			b.WriteByte(re[i])
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			// A ']' first in a class (after an optional '^') is a literal.
			if i+1 < len(re) && re[i+1] == '^' {
				i++
				b.WriteByte('^')
			}
			if i+1 < len(re) && re[i+1] == ']' {
				i++
				b.WriteByte(']')
			}
		case c == '.':
			b.WriteString(javaAnyChar)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// notBlank matches ^(?!\s*$).+ with Java semantics: at least one character,
// not only whitespace (Java's \s is [ \t\n\x0B\f\r]), and, since '.' stops at
// line terminators, no line terminator anywhere.
func notBlank(s string) bool {
	blank := true
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			return false
		case ' ', '\t', '\x0b', '\f':
		default:
			blank = false
		}
	}
	return !blank
}
