package model

import (
	"slices"
	"strings"
	"testing"
)

// mustLoad loads the embedded model or stops the test.
func mustLoad(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

// mustOperation returns the named operation of the embedded model.
func mustOperation(t testing.TB, name string) *Operation {
	t.Helper()
	op, ok := mustLoad(t).Operation(name)
	if !ok {
		t.Fatalf("operation %s not found", name)
	}
	return op
}

func TestLoadFindsAll57OperationsSorted(t *testing.T) {
	m := mustLoad(t)
	names := m.OperationNames()
	if len(names) != 57 {
		t.Fatalf("got %d operations, want 57", len(names))
	}
	if !slices.IsSorted(names) {
		t.Errorf("names are not sorted: %v", names)
	}
	for _, name := range names {
		op, ok := m.Operation(name)
		if !ok || op.Name() != name {
			t.Errorf("Operation(%q) = %v, %v", name, op, ok)
		}
	}
}

func TestOperationNamesIsACopy(t *testing.T) {
	m := mustLoad(t)
	m.OperationNames()[0] = "Changed"
	if m.OperationNames()[0] == "Changed" {
		t.Error("a caller changed the model's operation list")
	}
}

func TestOperationLookupIsCaseSensitive(t *testing.T) {
	m := mustLoad(t)
	for _, name := range []string{"putEvents", "PUTEVENTS", "MakeCoffee", ""} {
		if _, ok := m.Operation(name); ok {
			t.Errorf("Operation(%q) found", name)
		}
	}
}

func TestHasOutputFollowsTheModel(t *testing.T) {
	m := mustLoad(t)
	// §1.2: the nine operations without an output shape.
	without := []string{"ActivateEventSource", "DeactivateEventSource", "DeleteEventBus", "DeletePartnerEventSource",
		"DeleteRule", "DisableRule", "EnableRule", "PutPermission", "RemovePermission"}
	for _, name := range m.OperationNames() {
		op, _ := m.Operation(name)
		if want := !slices.Contains(without, name); op.HasOutput() != want {
			t.Errorf("%s.HasOutput() = %v, want %v", name, op.HasOutput(), want)
		}
	}
}

func TestMembersKeepModelOrder(t *testing.T) {
	op := mustOperation(t, "CreateConnection")
	var got []string
	for _, m := range op.input.members {
		got = append(got, m.name)
	}
	want := []string{"Name", "Description", "AuthorizationType", "AuthParameters", "InvocationConnectivityParameters", "KmsKeyIdentifier"}
	if !slices.Equal(got, want) {
		t.Errorf("members = %v, want %v", got, want)
	}
}

func TestMemberPathLowercasesOnlyTheFirstLetter(t *testing.T) {
	for name, want := range map[string]string{
		"Name": "name", "EventBusName": "eventBusName", "ResourceARN": "resourceARN", "OAuthParameters": "oAuthParameters",
	} {
		if got := lowerFirst(name); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", name, got, want)
		}
	}
}

// A minimal model file with one operation, for the ways a model can be
// refused.
func tinyModel(inputShapes, outputShapes string) string {
	return `{"operations": {"Op": {"name": "Op", "input": {"shape": "In"}, "output": {"shape": "Out"}}},
	"shapes": {` + inputShapes + `, ` + outputShapes + `}}`
}

func TestParseRefusesWhatItCannotValidate(t *testing.T) {
	out := `"Out": {"type": "structure", "members": {}}`
	tests := []struct {
		name, shapes, wantErr string
	}{
		{"a pattern RE2 cannot compile", `"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "string", "pattern": "(?!x)y"}`, "pattern"},
		{"an unsupported type", `"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "blob"}`, "unsupported type"},
		{"an undefined shape", `"In": {"type": "structure", "members": {"A": {"shape": "Missing"}}}`, "not defined"},
		{"a required member that does not exist", `"In": {"type": "structure", "required": ["B"], "members": {}}`, "required member B"},
		{"a map with a non-string key", `"In": {"type": "structure", "members": {"A": {"shape": "M"}}}, "M": {"type": "map", "key": {"shape": "I"}, "value": {"shape": "I"}}, "I": {"type": "integer"}`, "key"},
		{"a pattern on an integer", `"In": {"type": "structure", "members": {"A": {"shape": "I"}}}, "I": {"type": "integer", "pattern": "1"}`, "pattern on"},
		{"an input that is not a structure", `"In": {"type": "string"}`, "not a structure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(tinyModel(tc.shapes, out))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parse: err = %v, want one mentioning %q", err, tc.wantErr)
			}
		})
	}
}

func TestParseIgnoresBrokenOutputShapes(t *testing.T) {
	in := `"In": {"type": "structure", "members": {}}`
	out := `"Out": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "string", "pattern": "(?!x)y"}`
	if _, err := parse(tinyModel(in, out)); err != nil {
		t.Errorf("parse: %v", err)
	}
}
