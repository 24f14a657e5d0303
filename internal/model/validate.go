package model

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// Validate checks a decoded request (see Decode) against the operation's
// input shape, as AWS does before any business logic:
//
//   - Types come first. The first value of the wrong JSON type, in model
//     order, is a SerializationException naming its path and the expected
//     type, whatever else is wrong with the input.
//   - Otherwise every violation of required, length, value range, pattern
//     and enum is collected into one ValidationException.
//
// A null member is the same as an absent one. Members the model does not
// know are ignored. A null list element or map value is a type error: the
// operations decode the body again into typed values, where a null element
// would become a zero value that no constraint was checked against, and no
// AWS SDK sends one.
//
// It returns nil when the input is valid.
func (o *Operation) Validate(input map[string]any) *awserr.Error {
	_, err := o.Check(input)
	return err
}

// Check is Validate that also removes, in place, every member of a
// structure that the model does not know, reporting whether it removed any.
// AWS ignores such members; a caller that decodes the body again into typed
// values must decode the cleaned input instead, because encoding/json would
// bind a key such as "name" to the member Name case-insensitively, past the
// validation of the real "Name".
func (o *Operation) Check(input map[string]any) (stripped bool, err *awserr.Error) {
	var w walker
	if !w.structure(o.input, input) {
		return w.stripped, w.typeErr.apiError()
	}
	if len(w.violations) == 0 {
		return w.stripped, nil
	}
	return w.stripped, w.validationError()
}

// walker walks an input along its shape. It carries no path on the way
// down: a failure records its own place, and each enclosing level adds its
// segment on the way back up (see under), so a valid input costs no path
// building and no allocation (maps aside, whose keys are sorted).
type walker struct {
	violations []violation
	typeErr    *typeError
	stripped   bool // unknown structure members were removed
}

// violation is one failed constraint: "Value <value> at '<path>' failed to
// satisfy constraint: <phrase>".
type violation struct {
	value  string   // quoted, or null for a missing member
	rpath  []string // path segments, innermost first
	phrase string
}

// typeError is the value of the wrong JSON type that ends the walk.
type typeError struct {
	rpath         []string
	expected, got string
}

func (e *typeError) apiError() *awserr.Error {
	return awserr.New(awserr.Serialization, "Unexpected value at '%s': expected %s, got %s.", joinPath(e.rpath), e.expected, e.got)
}

// value checks v, which is not nil, against s. It returns false when a type
// error ends the walk.
func (w *walker) value(s *shape, v any) bool {
	switch s.kind {
	case kindString:
		str, ok := v.(string)
		if !ok {
			return w.mismatch(s, v)
		}
		w.checkString(s, str)
	case kindInteger, kindLong:
		bits := 32
		if s.kind == kindLong {
			bits = 64
		}
		n, ok := wholeNumber(v, bits)
		if !ok {
			return w.mismatch(s, v)
		}
		if phrase := s.outOfBounds(n); phrase != "" {
			w.violate(s, v, phrase)
		}
	case kindBoolean:
		if _, ok := v.(bool); !ok {
			return w.mismatch(s, v)
		}
	case kindTimestamp:
		if !isTimestamp(v) {
			return w.mismatch(s, v)
		}
	case kindStructure:
		obj, ok := v.(map[string]any)
		if !ok {
			return w.mismatch(s, v)
		}
		return w.structure(s, obj)
	case kindList:
		list, ok := v.([]any)
		if !ok {
			return w.mismatch(s, v)
		}
		return w.list(s, list)
	case kindMap:
		obj, ok := v.(map[string]any)
		if !ok {
			return w.mismatch(s, v)
		}
		return w.mapping(s, obj)
	}
	return true
}

// structure checks members in model order, which is the order AWS lists
// their violations in.
func (w *walker) structure(s *shape, obj map[string]any) bool {
	known := 0
	for i := range s.members {
		m := &s.members[i]
		before := len(w.violations)
		ok := true
		v, present := obj[m.name]
		if present {
			known++
		}
		if v != nil {
			ok = w.value(m.shape, v)
		} else if m.required {
			w.violations = append(w.violations, violation{value: "null", phrase: "Member must not be null"})
		}
		w.under(before, m.path)
		if !ok {
			return false
		}
	}
	if known < len(obj) {
		w.stripUnknown(s, obj)
	}
	return true
}

// stripUnknown deletes the members of obj that s does not define.
func (w *walker) stripUnknown(s *shape, obj map[string]any) {
	for key := range obj {
		if !slices.ContainsFunc(s.members, func(m member) bool { return m.name == key }) {
			delete(obj, key)
			w.stripped = true
		}
	}
}

// list checks the list's own length, then each element, addressed as
// <list>.<1-based index>.member like AWS does.
func (w *walker) list(s *shape, list []any) bool {
	if phrase := s.outOfBounds(int64(len(list))); phrase != "" {
		w.violate(s, list, phrase)
	}
	for i, e := range list {
		before := len(w.violations)
		ok := w.element(s.elem, e)
		if len(w.violations) > before || !ok {
			w.under(before, strconv.Itoa(i+1)+".member")
		}
		if !ok {
			return false
		}
	}
	return true
}

// mapping checks the map's own length, then each entry in key order, so that
// messages do not depend on Go's map order. A value is addressed as
// <map>.<key>. A key has no path of its own, so its violations are reported
// at the map, with AWS's wording for map keys.
func (w *walker) mapping(s *shape, obj map[string]any) bool {
	if phrase := s.outOfBounds(int64(len(obj))); phrase != "" {
		w.violate(s, obj, phrase)
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		before := len(w.violations)
		w.checkString(s.key, k)
		for i := before; i < len(w.violations); i++ {
			w.violations[i].phrase = "Map keys must satisfy constraint: [" + w.violations[i].phrase + "]"
		}
		before = len(w.violations)
		ok := w.element(s.value, obj[k])
		w.under(before, k)
		if !ok {
			return false
		}
	}
	return true
}

// element checks a list element or a map value, where null is a type error
// rather than an absent value (see Validate).
func (w *walker) element(s *shape, v any) bool {
	if v == nil {
		return w.mismatch(s, v)
	}
	return w.value(s, v)
}

// checkString applies the string constraints in the order AWS reports them:
// pattern, then length (recorded: a 65-character name with a space gets the
// pattern error before the length error), then enum. Length counts Unicode
// code points, as Smithy defines string length; Java's String.length()
// gives the same count for every character outside the astral planes.
func (w *walker) checkString(s *shape, str string) {
	if s.pattern != nil && !s.pattern.match(str) {
		w.violate(s, str, s.pattern.phrase)
	}
	if s.hasMin || s.hasMax {
		if phrase := s.outOfBounds(int64(utf8.RuneCountInString(str))); phrase != "" {
			w.violate(s, str, phrase)
		}
	}
	if s.enum != nil && !slices.Contains(s.enum, str) {
		w.violate(s, str, s.enumPhrase)
	}
}

// outOfBounds returns the phrase of the bound n breaks (a length or a
// value, depending on the shape), or "" when n is within bounds.
func (s *shape) outOfBounds(n int64) string {
	switch {
	case s.hasMin && n < s.min:
		return s.minPhrase
	case s.hasMax && n > s.max:
		return s.maxPhrase
	}
	return ""
}

// under adds the segment of the current level to the failures found below
// it since the walker had recorded before violations.
func (w *walker) under(before int, segment string) {
	for i := before; i < len(w.violations); i++ {
		w.violations[i].rpath = append(w.violations[i].rpath, segment)
	}
	if w.typeErr != nil {
		w.typeErr.rpath = append(w.typeErr.rpath, segment)
	}
}

// violate records one constraint violation of v, a value of shape s.
func (w *walker) violate(s *shape, v any, phrase string) {
	var b strings.Builder
	b.WriteByte('\'')
	render(&b, s, v)
	b.WriteByte('\'')
	w.violations = append(w.violations, violation{value: b.String(), phrase: phrase})
}

// mismatch records the type error that ends the walk and returns false.
func (w *walker) mismatch(s *shape, v any) bool {
	w.typeErr = &typeError{expected: s.expected(), got: s.got(v)}
	return false
}

// validationError joins the violations as AWS does:
// "N validation errors detected: <violation>; <violation>".
func (w *walker) validationError() *awserr.Error {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(w.violations)))
	if len(w.violations) == 1 {
		b.WriteString(" validation error detected: ")
	} else {
		b.WriteString(" validation errors detected: ")
	}
	for i, v := range w.violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("Value ")
		b.WriteString(v.value)
		b.WriteString(" at '")
		b.WriteString(joinPath(v.rpath))
		b.WriteString("' failed to satisfy constraint: ")
		b.WriteString(v.phrase)
	}
	return awserr.New(awserr.Validation, "%s", b.String())
}
