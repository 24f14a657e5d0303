package model

import (
	"encoding/json"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

const (
	wantInteger   = "an integer (a JSON number without fraction or exponent, within 32 bits)"
	wantTimestamp = "a timestamp (epoch seconds as a JSON number, or an RFC 3339 string)"
)

func TestWrongJSONTypesAreSerializationErrors(t *testing.T) {
	tests := []struct {
		name, operation, body, message string
	}{
		{"string for an integer", "ListRules", `{"Limit": "5"}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got a string."},
		{"float for an integer", "ListRules", `{"Limit": 1.5}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got the number 1.5."},
		{"whole float for an integer", "ListRules", `{"Limit": 5.0}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got the number 5.0."},
		{"exponent for an integer", "ListRules", `{"Limit": 1e1}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got the number 1e1."},
		{"integer beyond 32 bits", "ListRules", `{"Limit": 2147483648}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got the number 2147483648."},
		{"object for a string", "DescribeRule", `{"Name": {}}`,
			"Unexpected value at 'name': expected a string, got an object."},
		{"number for a string", "DescribeRule", `{"Name": 5}`,
			"Unexpected value at 'name': expected a string, got the number 5."},
		{"boolean for a string", "DescribeRule", `{"Name": true}`,
			"Unexpected value at 'name': expected a string, got a boolean."},
		{"object for a list", "PutTargets", `{"Rule": "r", "Targets": {}}`,
			"Unexpected value at 'targets': expected an array, got an object."},
		{"array for an object", "PutTargets", `{"Rule": "r", "Targets": [[]]}`,
			"Unexpected value at 'targets.1.member': expected an object, got an array."},
		{"string for a boolean", "RemoveTargets", `{"Rule": "r", "Ids": ["a"], "Force": "true"}`,
			"Unexpected value at 'force': expected true or false, got a string."},
		{"array for a map", "PutTargets", `{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "InputTransformer": {"InputTemplate": "t", "InputPathsMap": []}}]}`,
			"Unexpected value at 'targets.1.member.inputTransformer.inputPathsMap': expected an object, got an array."},
		{"number for a map value", "PutTargets", `{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "HttpParameters": {"HeaderParameters": {"K": 1}}}]}`,
			"Unexpected value at 'targets.1.member.httpParameters.headerParameters.K': expected a string, got the number 1."},
		{"timestamp that is not RFC 3339", "PutEvents", `{"Entries": [{"Time": "yesterday"}]}`,
			"Unexpected value at 'entries.1.member.time': expected " + wantTimestamp + ", got a string that is not an RFC 3339 timestamp."},
		{"timestamp beyond year 9999", "PutEvents", `{"Entries": [{"Time": 1e300}]}`,
			"Unexpected value at 'entries.1.member.time': expected " + wantTimestamp + ", got the number 1e300."},
		{"timestamp as a boolean", "PutEvents", `{"Entries": [{"Time": false}]}`,
			"Unexpected value at 'entries.1.member.time': expected " + wantTimestamp + ", got a boolean."},
		{"null list element", "PutTargets", `{"Rule": "r", "Targets": [null]}`,
			"Unexpected value at 'targets.1.member': expected an object, got null."},
		{"null map value", "PutTargets", `{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "HttpParameters": {"HeaderParameters": {"K": null}}}]}`,
			"Unexpected value at 'targets.1.member.httpParameters.headerParameters.K': expected a string, got null."},
		{"a sensitive value is not echoed", "CreateConnection", `{"Name": "c", "AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": 12345}}}`,
			"Unexpected value at 'authParameters.basicAuthParameters.password': expected a string, got a number."},
		{"a type error wins over earlier violations", "ListRules", `{"NamePrefix": "bad prefix!", "Limit": "x"}`,
			"Unexpected value at 'limit': expected " + wantInteger + ", got a string."},
		{"the first type error in model order is reported", "ListRules", `{"Limit": "x", "NamePrefix": 1}`,
			"Unexpected value at 'namePrefix': expected a string, got the number 1."},
	}
	m := mustLoad(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validateBody(t, m, tc.operation, tc.body)
			if err == nil {
				t.Fatal("valid, want a SerializationException")
			}
			if err.Code != awserr.Serialization || err.Status != 400 || err.Message != tc.message {
				t.Errorf("got %s (%d): %s\nwant SerializationException (400): %s", err.Code, err.Status, err.Message, tc.message)
			}
		})
	}
}

func TestLongsAcceptAllOf64Bits(t *testing.T) {
	// No input of the EventBridge model has a long; a tiny model does.
	m, err := parse(tinyModel(`"In": {"type": "structure", "members": {"N": {"shape": "L"}}}, "L": {"type": "long", "min": 0}`,
		`"Out": {"type": "structure", "members": {}}`))
	if err != nil {
		t.Fatal(err)
	}
	op, _ := m.Operation("Op")
	tests := []struct {
		number string
		code   string // "" for valid
	}{
		{"9223372036854775807", ""},
		{"2147483648", ""},
		{"9223372036854775808", awserr.Serialization},
		{"-1", awserr.Validation},
	}
	for _, tc := range tests {
		got := op.Validate(map[string]any{"N": json.Number(tc.number)})
		if (got == nil && tc.code != "") || (got != nil && got.Code != tc.code) {
			t.Errorf("N=%s: got %v, want code %q", tc.number, got, tc.code)
		}
	}
}
