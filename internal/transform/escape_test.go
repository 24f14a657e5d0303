package transform

import (
	"encoding/json"
	"testing"

	"github.com/bridgeport/bridgeport/internal/jsonenc"
)

func TestAppendEscapedRoundTripsThroughEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and back \ slash`, "line\nbreak\r\ttab", "\x00\x1f\x7f",
		"é ☃ 😀", "\u2028", "bad \xff utf8", "<html>&"} {
		var got string
		if err := json.Unmarshal(jsonenc.AppendString(nil, s), &got); err != nil {
			t.Errorf("jsonenc.AppendString(%q) = %s: %v", s, jsonenc.AppendString(nil, s), err)
			continue
		}
		std, _ := json.Marshal(s)
		var want string
		_ = json.Unmarshal(std, &want)
		if got != want {
			t.Errorf("jsonenc.AppendString(%q) decodes to %q, want %q", s, got, want)
		}
	}
}

func TestAppendUnquotedDropsStringQuotesAndKeepsEscapes(t *testing.T) {
	cases := []struct{ raw, want string }{
		{`{"key1": "value1"}`, `{key1: value1}`},
		{`["a","b"]`, `[a,b]`},
		{`{"q":"say \"hi\"","b":"c:\\d"}`, `{q:say \"hi\",b:c:\\d}`},
		{"{\n\t\"a\": 1\r\n}", `{\n\ta: 1\r\n}`},
		{`{"u":"\u00e9"}`, `{u:\u00e9}`},
		{`[]`, `[]`},
	}
	for _, c := range cases {
		got := appendUnquoted(nil, []byte(c.raw))
		if string(got) != c.want {
			t.Errorf("appendUnquoted(%q) = %q, want %q", c.raw, got, c.want)
		}
		if !json.Valid([]byte(`"` + string(got) + `"`)) {
			t.Errorf("appendUnquoted(%q) = %q is not valid string content", c.raw, got)
		}
	}
}
