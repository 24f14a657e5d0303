package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

func TestDecodeTreatsAnEmptyBodyAsAnEmptyObject(t *testing.T) {
	for _, body := range []string{"", " ", "\r\n\t "} {
		got, err := Decode([]byte(body))
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("Decode(%q) = %v, %v; want {}", body, got, err)
		}
	}
}

func TestDecodeKeepsNumbersAsWritten(t *testing.T) {
	got, err := Decode([]byte(`{"Limit": 10, "Time": 1700000000.123, "Big": 12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]json.Number{"Limit": "10", "Time": "1700000000.123", "Big": "12345678901234567890"} {
		if got[key] != want {
			t.Errorf("%s = %#v, want %#v", key, got[key], want)
		}
	}
}

func TestDecodeRefusesWhatIsNotOneJSONObject(t *testing.T) {
	tests := []struct {
		name, body, message string
	}{
		{"truncated", `{"Limit":`, "Request body is not valid JSON: it ends before the value is complete."},
		{"bad token", `{"Limit": x}`, "Request body is not valid JSON: invalid character 'x' looking for beginning of value (at byte 11)."},
		{"trailing comma", `{"Limit": 1,}`, "Request body is not valid JSON"},
		{"an array", `[1]`, "Request body must be a JSON object, not an array."},
		{"a string", `"x"`, "Request body must be a JSON object, not a string."},
		{"null", `null`, "Request body must be a JSON object, not null."},
		{"a number", `42`, "Request body must be a JSON object, not a number."},
		{"two objects", `{} {}`, "Request body has data after the JSON object."},
		{"trailing garbage", `{}x`, "Request body has data after the JSON object."},
		{"invalid UTF-8", "{\"Name\": \"\xff\"}", "Request body is not valid UTF-8."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode([]byte(tc.body))
			if got != nil || err == nil {
				t.Fatalf("Decode = %v, %v; want an error", got, err)
			}
			if err.Code != awserr.Serialization || err.Status != 400 || !strings.HasPrefix(err.Message, tc.message) {
				t.Errorf("error = %+v, want SerializationException (400) starting %q", err, tc.message)
			}
		})
	}
}
