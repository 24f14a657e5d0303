package transform

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// appendQuoted appends s as a JSON string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped appends s as the inside of a JSON string: quotes,
// backslashes and control characters escaped, invalid UTF-8 replaced by
// U+FFFD (as encoding/json does), everything else verbatim.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// appendUnquoted appends a validated JSON object or array so that it can
// stand inside a JSON string. AWS documents this case: "if a JSON path
// references a JSON object or array, but the variable is referenced in a
// string, EventBridge removes any internal quotes to ensure a valid string",
// so {"key1": "value1"} becomes {key1: value1}. The quotes that delimit
// strings are dropped; what was inside them is already valid string content
// (escapes included) and is kept as is; whitespace between tokens is kept,
// with tabs and line breaks escaped because a string may not hold them raw.
func appendUnquoted(b, raw []byte) []byte {
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString && c == '\\':
			b = append(b, c, raw[i+1])
			i++
		case c == '"':
			inString = !inString
		case !inString && c == '\n':
			b = append(b, '\\', 'n')
		case !inString && c == '\r':
			b = append(b, '\\', 'r')
		case !inString && c == '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, c)
		}
	}
	return b
}
