package transform

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestScannerAcceptsExactlyWhatEncodingJSONAccepts(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `""`, `0`, `-0`, `1.5`, `1e10`, `1E+2`, `-1.0e-2`, `true`, `false`, `null`,
		` {"a" : [ 1 , {"b":null} ] } `, `"\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t"`, "\"caf\xc3\xa9\"", "\"\xff\"",
		``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a"}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `[1 2]`,
		`01`, `1.`, `.5`, `1e`, `1e+`, `-`, `+1`, `0x10`, `tru`, `nul`, `True`, `"abc`, `"\q"`, `"\u12"`,
		`"\u12g4"`, "\"a\tb\"", "\"\x00\"", `1 2`, `{} {}`, `[[[]]]`, `"\`, `NaN`, `[1,2,3]x`,
	}
	for _, d := range docs {
		s := scanner{data: []byte(d)}
		err := s.document(nil, nil)
		if want := json.Valid([]byte(d)); (err == nil) != want {
			t.Errorf("scanner on %q: err = %v, encoding/json valid = %v", d, err, want)
		}
	}
}

func TestScannerRefusesNestingBeyondEncodingJSONsLimit(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	s := scanner{data: []byte(deep)}
	if err := s.document(nil, nil); err == nil || !strings.Contains(err.Error(), "max depth") {
		t.Errorf("nesting %d deep: err = %v, want max depth", maxDepth+1, err)
	}
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	s = scanner{data: []byte(ok)}
	if err := s.document(nil, nil); err != nil {
		t.Errorf("nesting %d deep: %v", maxDepth, err)
	}
}

func TestKeyEqualsDecodesEscapes(t *testing.T) {
	cases := []struct {
		raw, name string
		want      bool
	}{
		{`instance-id`, "instance-id", true},
		{`instance\u002did`, "instance-id", true},
		{`instance\u002Did`, "instance-id", true},
		{`a\"b`, `a"b`, true},
		{`a\\b`, `a\b`, true},
		{`a\/b`, `a/b`, true},
		{`caf\u00e9`, "café", true},
		{`\ud83d\ude00`, "😀", true},
		{`\ud83d`, "\uFFFD", true},
		{`\ud83dx`, "\uFFFDx", true},
		{`tab\t`, "tab\t", true},
		{`a\u0062`, "ab", true},
		{`a\u0062`, "abc", false},
		{`a\u0062c`, "ab", false},
		{`x\n`, "x", false},
	}
	for _, c := range cases {
		escaped := strings.Contains(c.raw, `\`)
		if got := keyEquals([]byte(c.raw), escaped, c.name); got != c.want {
			t.Errorf("keyEquals(%q, %q) = %v, want %v", c.raw, c.name, got, c.want)
		}
	}
}
