package model

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Field is one member of an operation's input, for a decoder that reads
// well-formed requests of a busy operation in one pass instead of through
// Decode, Check and a second, typed decode. Such a decoder asks a Field
// whether a value passes the model, and on any doubt hands the body to the
// general path, which alone words the errors. The constraints thus stay
// the model's, in one place.
type Field struct {
	shape    *shape
	required bool
}

// Field finds the member at path below the operation's input: member names,
// with "member" for the elements of a list, as in
// Field("Entries", "member", "EventBusName").
func (o *Operation) Field(path ...string) (Field, error) {
	f := Field{shape: o.input}
	for i, step := range path {
		s := f.shape
		switch {
		case s.kind == kindList && step == "member":
			f = Field{shape: s.elem}
		case s.kind == kindStructure:
			j := slices.IndexFunc(s.members, func(m member) bool { return m.name == step })
			if j < 0 {
				return Field{}, fmt.Errorf("%s: %s has no member %s", o.name, s.name, step)
			}
			f = Field{shape: s.members[j].shape, required: s.members[j].required}
		default:
			return Field{}, fmt.Errorf("%s: cannot step into %s at %v", o.name, s.name, path[:i+1])
		}
	}
	return f, nil
}

// Required reports whether the member must be present.
func (f Field) Required() bool { return f.required }

// Members lists a structure's member names in model order, so that a
// decoder can check that it knows every one.
func (f Field) Members() []string {
	names := make([]string, len(f.shape.members))
	for i, m := range f.shape.members {
		names[i] = m.name
	}
	return names
}

// ValidString reports whether s is a valid value of a string member.
func (f Field) ValidString(s string) bool {
	if f.shape.kind != kindString {
		return false
	}
	var w walker
	w.checkString(f.shape, s)
	return len(w.violations) == 0
}

// ValidCount reports whether a list or map member may have n entries.
func (f Field) ValidCount(n int) bool {
	if f.shape.kind != kindList && f.shape.kind != kindMap {
		return false
	}
	return f.shape.outOfBounds(int64(n)) == ""
}

// ValidTimestamp reports whether number, the text of a JSON number, is a
// valid value of a timestamp member.
func (f Field) ValidTimestamp(number string) bool {
	return f.shape.kind == kindTimestamp && isTimestamp(json.Number(number))
}
