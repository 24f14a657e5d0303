package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// Decode parses a request body into a generic tree for Validate: objects
// become map[string]any, arrays []any, numbers json.Number (so integers keep
// their exact text), and null stays nil.
//
// An empty body, or one of only whitespace, is {}: botocore always sends at
// least {}, and other clients may send nothing for an operation without
// required members. Anything that is not a single JSON object (malformed
// JSON, invalid UTF-8, another top-level type, trailing data) is a
// SerializationException.
func Decode(body []byte) (map[string]any, *awserr.Error) {
	if onlyJSONSpace(body) {
		return map[string]any{}, nil
	}
	// encoding/json would replace invalid bytes by U+FFFD and go on; Jackson,
	// which AWS parses with, rejects them.
	if !utf8.Valid(body) {
		return nil, awserr.New(awserr.Serialization, "Request body is not valid UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, awserr.New(awserr.Serialization, "Request body has data after the JSON object.")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, awserr.New(awserr.Serialization, "Request body must be a JSON object, not %s.", jsonTypeOf(v))
	}
	return obj, nil
}

// malformed describes a JSON syntax error. The text of encoding/json's
// syntax errors is about the client's bytes, never about the server.
func malformed(err error) *awserr.Error {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return awserr.New(awserr.Serialization, "Request body is not valid JSON: %s (at byte %d).", syntax.Error(), syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return awserr.New(awserr.Serialization, "Request body is not valid JSON: it ends before the value is complete.")
	}
	return awserr.New(awserr.Serialization, "Request body is not valid JSON.")
}

// onlyJSONSpace reports whether b holds nothing but JSON whitespace.
func onlyJSONSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return true
}

// jsonTypeOf names the JSON type of a decoded value, with its article.
func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "an unsupported value"
}
