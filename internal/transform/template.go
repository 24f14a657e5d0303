package transform

import (
	"errors"
	"fmt"
	"strings"
)

// segKind is what a piece of a compiled template produces.
type segKind uint8

const (
	segLiteral       segKind = iota // template text, copied
	segPath                         // an InputPathsMap value
	segRuleArn                      // <aws.events.rule-arn>
	segRuleName                     // <aws.events.rule-name>
	segIngestionTime                // <aws.events.event.ingestion-time>
	segEvent                        // <aws.events.event>: the event without detail
	segEventJSON                    // <aws.events.event.json>: the whole event
)

// predefinedKind resolves the predefined placeholders. EventBridge fills
// them from the rule and the event; InputPathsMap keys cannot shadow them
// because keys may not contain dots.
func predefinedKind(name string) (segKind, bool) {
	switch name {
	case "aws.events.rule-arn":
		return segRuleArn, true
	case "aws.events.rule-name":
		return segRuleName, true
	case "aws.events.event.ingestion-time":
		return segIngestionTime, true
	case "aws.events.event":
		return segEvent, true
	case "aws.events.event.json":
		return segEventJSON, true
	}
	return segLiteral, false
}

// segment is a literal or a placeholder. Whether a placeholder sits inside a
// JSON string is decided once, here, so Apply only appends.
type segment struct {
	kind     segKind
	inQuotes bool
	text     string // segLiteral: the text; placeholders: the name
	slot     int    // segPath: result slot in the transformer's trie
	offset   int    // offset in the template, for error messages
}

// parseTemplate splits an InputTemplate into segments. A placeholder is <,
// one or more of [A-Za-z0-9_.-], then >; any other < is text. The quote
// state is tracked lexically over the whole template, JSON or not: a
// placeholder after an odd number of unescaped double quotes is "in quotes".
// Inside a string a backslash escape is skipped whole (\uXXXX included), so
// a < that belongs to an escape never starts a placeholder.
//
// resolve maps a name to its kind and slot; ok false makes the name an
// invalid placeholder.
func parseTemplate(tmpl string, resolve func(name string) (segKind, int, bool)) ([]segment, error) {
	var segs []segment
	inString := false
	lit := 0 // start of the pending literal
	for i := 0; i < len(tmpl); {
		c := tmpl[i]
		switch {
		case inString && c == '\\':
			if i+1 < len(tmpl) && tmpl[i+1] == 'u' {
				i = min(i+6, len(tmpl))
			} else {
				i = min(i+2, len(tmpl))
			}
			continue
		case c == '"':
			inString = !inString
		case c == '<':
			j := i + 1
			for j < len(tmpl) && isPlaceholderByte(tmpl[j]) {
				j++
			}
			if j > i+1 && j < len(tmpl) && tmpl[j] == '>' {
				name := tmpl[i+1 : j]
				kind, slot, ok := resolve(name)
				if !ok {
					return nil, &Error{Kind: ErrInvalidPlaceholder, Field: "InputTemplate", Name: name}
				}
				if lit < i {
					segs = append(segs, segment{kind: segLiteral, text: tmpl[lit:i], offset: lit})
				}
				segs = append(segs, segment{kind: kind, inQuotes: inString, text: name, slot: slot, offset: i})
				i = j + 1
				lit = i
				continue
			}
		}
		i++
	}
	if lit < len(tmpl) {
		segs = append(segs, segment{kind: segLiteral, text: tmpl[lit:], offset: lit})
	}
	return segs, nil
}

func isPlaceholderByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
		c == '_' || c == '-' || c == '.'
}

// isObjectTemplate says whether a template is a JSON object for the rules
// that AWS states "if InputTemplate is a JSON object (surrounded by curly
// braces)". Only those are held to JSON syntax: a text template such as
// "[ALERT] <instance> stopped" must stay usable.
func isObjectTemplate(tmpl string) bool {
	t := strings.TrimSpace(tmpl)
	return len(t) >= 2 && t[0] == '{' && t[len(t)-1] == '}'
}

// errPlaceholderKey carries the offending placeholder out of the scanner.
type errPlaceholderKey struct{ name string }

func (e errPlaceholderKey) Error() string {
	return "placeholder " + e.name + " is used as an object key"
}

// checkObjectTemplate proves that every substitution yields valid JSON. It
// validates a probe: the template with each placeholder outside quotes
// replaced by "" and each one inside quotes by nothing. A placeholder
// outside quotes where "" is valid stands in a value position or a key
// position; keys are refused (AWS: "the placeholder cannot be used as an
// object key"), and in a value position any JSON value is as valid as "".
// A placeholder inside quotes always receives valid string content.
func checkObjectTemplate(segs []segment) error {
	var probe []byte
	type mark struct{ probe, tmpl int }
	var marks []mark          // where each segment starts, in both texts
	keyAt := map[int]string{} // probe offset of an outside placeholder -> name
	for _, sg := range segs {
		marks = append(marks, mark{len(probe), sg.offset})
		switch {
		case sg.kind == segLiteral:
			probe = append(probe, sg.text...)
		case !sg.inQuotes:
			keyAt[len(probe)] = sg.text
			probe = append(probe, `""`...)
		}
	}
	s := scanner{data: probe, keyHook: func(off int) error {
		if name, ok := keyAt[off]; ok {
			return errPlaceholderKey{name}
		}
		return nil
	}}
	err := s.document(nil, nil)
	if err == nil {
		return nil
	}
	var pk errPlaceholderKey
	if errors.As(err, &pk) {
		return &Error{Kind: ErrInvalidJSON, Field: "InputTemplate", Name: pk.name, Reason: pk.Error()}
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		// Report the offset in the template the user wrote, not the probe.
		off := se.Offset
		for i := len(marks) - 1; i >= 0; i-- {
			if marks[i].probe <= se.Offset {
				off = marks[i].tmpl
				if segs[i].kind == segLiteral {
					off += se.Offset - marks[i].probe
				}
				break
			}
		}
		return &Error{Kind: ErrInvalidJSON, Field: "InputTemplate", Reason: fmt.Sprintf("%s at offset %d", se.msg, off)}
	}
	return &Error{Kind: ErrInvalidJSON, Field: "InputTemplate", Reason: err.Error()}
}
