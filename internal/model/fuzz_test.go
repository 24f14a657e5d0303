package model

import (
	"regexp"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// FuzzDecodeValidate feeds arbitrary bodies to arbitrary operations: the
// answer is always nil or a client error of the two validation kinds, never
// a panic.
func FuzzDecodeValidate(f *testing.F) {
	m, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	names := m.OperationNames()
	validationMessage := regexp.MustCompile(`^(1 validation error|[1-9][0-9]* validation errors) detected: Value `)
	seeds := []struct {
		op   uint
		body string
	}{
		{0, ``},
		{1, `{}`},
		{2, `{"Name": "Invalid Name With Spaces!", "Limit": 0}`},
		{3, `{"Entries": [{"Time": 1700000000.5, "Source": "s", "Resources": ["r"]}]}`},
		{4, `{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "InputTransformer": {"InputPathsMap": {"k": "$.x"}, "InputTemplate": "t"}}]}`},
		{5, `{"Name": "c", "AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}}`},
		{6, `{"Limit": "5", "NextToken": null}`},
		{7, `[1, 2]`},
	}
	for _, s := range seeds {
		f.Add(s.op, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint, body []byte) {
		name := names[op%uint(len(names))]
		operation, _ := m.Operation(name)
		input, err := Decode(body)
		if err != nil {
			if err.Code != awserr.Serialization || err.Status != 400 || err.Message == "" {
				t.Fatalf("Decode: %+v", err)
			}
			return
		}
		if input == nil {
			t.Fatal("Decode returned neither input nor error")
		}
		err = operation.Validate(input)
		switch {
		case err == nil:
		case err.Status != 400 || err.Message == "":
			t.Fatalf("%s: %+v", name, err)
		case err.Code == awserr.Validation:
			if !validationMessage.MatchString(err.Message) {
				t.Fatalf("%s: malformed message %q", name, err.Message)
			}
		case err.Code != awserr.Serialization:
			t.Fatalf("%s: unexpected code %+v", name, err)
		}
	})
}
