package transform

import "testing"

func TestErrorMessagesNameTheTargetOnlyWhenAsked(t *testing.T) {
	cases := []struct {
		err           Error
		message, text string
	}{
		{Error{Kind: ErrExclusive},
			"Only one of Input, InputPath, or InputTransformer must be provided for target t.",
			"Only one of Input, InputPath, or InputTransformer must be provided."},
		{Error{Kind: ErrInvalidPlaceholder, Field: "InputTemplate", Name: "x"},
			"InputTemplate for target t contains invalid placeholder x.",
			"InputTemplate contains invalid placeholder x."},
		{Error{Kind: ErrInvalidJSON, Field: "Input", Reason: "why"},
			"Input for target t is not valid JSON: why.", "Input is not valid JSON: why."},
		{Error{Kind: ErrInvalidPath, Field: "InputPath", Reason: "why"},
			"InputPath for target t is not a valid JSON path: why.", "InputPath is not a valid JSON path: why."},
		{Error{Kind: ErrInvalidPath, Field: "InputPathsMap", Name: "k", Reason: "why"},
			"InputPathsMap for target t contains an invalid path for key k: why.",
			"InputPathsMap contains an invalid path for key k: why."},
		{Error{Kind: ErrInvalidKey, Field: "InputPathsMap", Name: "k", Reason: "why"},
			"InputPathsMap for target t contains invalid key k: why.", "InputPathsMap contains invalid key k: why."},
		{Error{Kind: ErrTooManyPaths, Field: "InputPathsMap"},
			"InputPathsMap for target t contains more than 100 entries.", "InputPathsMap contains more than 100 entries."},
		{Error{Kind: ErrMissingTemplate, Field: "InputTemplate"},
			"InputTemplate for target t must be provided with InputPathsMap.",
			"InputTemplate must be provided with InputPathsMap."},
	}
	for _, c := range cases {
		if got := c.err.Message("t"); got != c.message {
			t.Errorf("Message = %q, want %q", got, c.message)
		}
		if got := c.err.Error(); got != c.text {
			t.Errorf("Error = %q, want %q", got, c.text)
		}
	}
}
