package transform

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
