package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// joinPath writes a path, given innermost segment first, as AWS does:
// member names joined by dots, list elements as <index>.member
// (targets.1.member.id, ids.3.member) and, a Bridgeport choice, map values
// under their key (inputPathsMap.<key>).
func joinPath(rpath []string) string {
	var b strings.Builder
	for i := len(rpath) - 1; i >= 0; i-- {
		b.WriteString(rpath[i])
		if i > 0 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// render writes v, a value of shape s, the way AWS quotes values in
// validation messages, which is Java's toString: strings raw, numbers as
// written, lists [a, b], structures Shape(member=value, ...) in model order
// with null for absent members, maps {key=value, ...} in key order. Values
// of sensitive shapes are written *** so that a secret is never echoed.
// s may be nil for a value the model does not describe.
func render(b *strings.Builder, s *shape, v any) {
	if s != nil && s.sensitive {
		b.WriteString("***")
		return
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(t)
	case json.Number:
		b.WriteString(string(t))
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case []any:
		var elem *shape
		if s != nil {
			elem = s.elem
		}
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, elem, e)
		}
		b.WriteByte(']')
	case map[string]any:
		if s != nil && s.kind == kindStructure {
			renderStructure(b, s, t)
			return
		}
		var value *shape
		if s != nil {
			value = s.value
		}
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(t)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.WriteByte('=')
			render(b, value, t[k])
		}
		b.WriteByte('}')
	default:
		fmt.Fprint(b, t)
	}
}

func renderStructure(b *strings.Builder, s *shape, obj map[string]any) {
	b.WriteString(s.name)
	b.WriteByte('(')
	for i := range s.members {
		m := &s.members[i]
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.path)
		b.WriteByte('=')
		render(b, m.shape, obj[m.name])
	}
	b.WriteByte(')')
}
