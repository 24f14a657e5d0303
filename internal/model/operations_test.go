package model

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// minimal returns a value of shape s of the right JSON type, with every
// required member and the minimum number of elements. Strings are "x" (or
// the first enum value), so patterns may still fail; types never do.
func minimal(s *shape) any {
	switch s.kind {
	case kindString:
		if len(s.enum) > 0 {
			return s.enum[0]
		}
		return "x"
	case kindInteger, kindLong:
		if s.hasMin {
			return json.Number(strconv.FormatInt(s.min, 10))
		}
		return json.Number("1")
	case kindBoolean:
		return true
	case kindTimestamp:
		return json.Number("1700000000")
	case kindStructure:
		obj := map[string]any{}
		for _, m := range s.members {
			if m.required {
				obj[m.name] = minimal(m.shape)
			}
		}
		return obj
	case kindList:
		list := []any{}
		for i := int64(0); i < s.min; i++ {
			list = append(list, minimal(s.elem))
		}
		return list
	case kindMap:
		return map[string]any{}
	}
	panic("unknown kind")
}

func TestEmptyInputReportsEachRequiredMember(t *testing.T) {
	m := mustLoad(t)
	for _, name := range m.OperationNames() {
		op, _ := m.Operation(name)
		var want []string
		for _, mem := range op.input.members {
			if mem.required {
				want = append(want, "Value null at '"+mem.path+"' failed to satisfy constraint: Member must not be null")
			}
		}
		err := op.Validate(map[string]any{})
		switch {
		case len(want) == 0 && err != nil:
			t.Errorf("%s {}: %v, want valid", name, err)
		case len(want) > 0 && (err == nil || err.Code != awserr.Validation || !strings.HasSuffix(err.Message, ": "+strings.Join(want, "; "))):
			t.Errorf("%s {}: %v, want the %d required members as null", name, err, len(want))
		}
	}
}

func TestMinimalInputsNeverFailOnTypes(t *testing.T) {
	m := mustLoad(t)
	for _, name := range m.OperationNames() {
		op, _ := m.Operation(name)
		input := minimal(op.input).(map[string]any)
		if err := op.Validate(input); err != nil && err.Code != awserr.Validation {
			t.Errorf("%s %v: %v, want valid or a ValidationException", name, input, err)
		}
		// The same input through the wire format.
		body, _ := json.Marshal(input)
		decoded, derr := Decode(body)
		if derr != nil {
			t.Fatalf("%s: Decode(%s): %v", name, body, derr)
		}
		if err := op.Validate(decoded); err != nil && err.Code != awserr.Validation {
			t.Errorf("%s %s: %v, want valid or a ValidationException", name, body, err)
		}
	}
}
