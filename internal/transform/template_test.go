package transform

import (
	"errors"
	"strings"
	"testing"
)

// placeholders renders the placeholders of a parsed template as name/in or
// name/out, in order.
func placeholders(segs []segment) string {
	var b strings.Builder
	for _, sg := range segs {
		if sg.kind == segLiteral {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sg.text)
		if sg.inQuotes {
			b.WriteString("/in")
		} else {
			b.WriteString("/out")
		}
	}
	return b.String()
}

func anyName(name string) (segKind, int, bool) {
	if k, ok := predefinedKind(name); ok {
		return k, 0, true
	}
	return segPath, 0, true
}

func TestTemplateDecidesQuotesOnceAtCompileTime(t *testing.T) {
	cases := []struct{ tmpl, want string }{
		{`{"a": <x>, "b": "<y>"}`, "x/out y/in"},
		{`"<a> is in state <b>"`, "a/in b/in"},
		{`<a> is in state <b>`, "a/out b/out"},
		{`<a> is in state "<b>"`, "a/out b/in"},
		{`{"m": "q\"<x>\"", "n": <y>}`, "x/in y/out"},
		{`{"m": "\\<x>"}`, "x/in"},
		{`{"m": "\<x>"}`, ""}, // the escape swallows the <
		{`{"m": "\u00<x>41"}`, ""},
		{`{"<k>": 1}`, "k/in"},
		{`[<a>, "<b>", <aws.events.rule-name>]`, "a/out b/in aws.events.rule-name/out"},
		{`a < b, <not a placeholder>, <>, <x`, ""},
		{`<<x>>`, "x/out"},
		{`<a><b>`, "a/out b/out"},
	}
	for _, c := range cases {
		segs, err := parseTemplate(c.tmpl, anyName)
		if err != nil {
			t.Errorf("parseTemplate(%q): %v", c.tmpl, err)
			continue
		}
		if got := placeholders(segs); got != c.want {
			t.Errorf("parseTemplate(%q) placeholders = %q, want %q", c.tmpl, got, c.want)
		}
		var rebuilt strings.Builder
		for _, sg := range segs {
			if sg.kind == segLiteral {
				rebuilt.WriteString(sg.text)
			} else {
				rebuilt.WriteString("<" + sg.text + ">")
			}
		}
		if rebuilt.String() != c.tmpl {
			t.Errorf("segments of %q rebuild as %q", c.tmpl, rebuilt.String())
		}
	}
}

func TestObjectTemplatesAreHeldToJSONSyntax(t *testing.T) {
	cases := []struct {
		tmpl   string
		reason string // "" means accepted
	}{
		{`{"a": <x>}`, ""},
		{`{"a": [9, <x>, true], "b": {"c": <x>}}`, ""},
		{`{"a": "<x> and <x>", "<x>": 1}`, ""},
		{` {"a": <x>} `, ""},
		{`{<x>: 1}`, "placeholder x is used as an object key"},
		{`{"a": <x> <x>}`, "invalid character"},
		{`{"a": -<x>}`, "invalid character"},
		{`{"a": <x>1}`, "invalid character"},
		{`{"a": 1<x>}`, "invalid character"},
		{`{"a" <x>}`, "invalid character '\"' after object key at offset 5"},
		{`{"a": <x>,}`, "invalid character '}'"},
		{`{"a": "<x>}`, "unexpected end"},
		{`{"a": "\u00<x>41"}`, "invalid character"},
		{`{"a": 1} trailing }`, "after top-level value"},
	}
	for _, c := range cases {
		segs, err := parseTemplate(c.tmpl, anyName)
		if err != nil {
			t.Fatalf("parseTemplate(%q): %v", c.tmpl, err)
		}
		if !isObjectTemplate(c.tmpl) {
			t.Fatalf("%q should count as an object template", c.tmpl)
		}
		err = checkObjectTemplate(segs)
		if c.reason == "" {
			if err != nil {
				t.Errorf("checkObjectTemplate(%q): %v", c.tmpl, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != ErrInvalidJSON || !strings.Contains(e.Reason, c.reason) {
			t.Errorf("checkObjectTemplate(%q) = %v, want ErrInvalidJSON with %q", c.tmpl, err, c.reason)
		}
	}
}

func TestOnlyBracedTemplatesAreObjectTemplates(t *testing.T) {
	cases := map[string]bool{
		`{"a": 1}`:              true,
		" \n{\"a\": 1}\n ":      true,
		`"text"`:                false,
		`[ALERT] <x> stopped`:   false,
		`{service} is down <x>`: false,
		`<x>`:                   false,
		`{`:                     false,
	}
	for tmpl, want := range cases {
		if got := isObjectTemplate(tmpl); got != want {
			t.Errorf("isObjectTemplate(%q) = %v, want %v", tmpl, got, want)
		}
	}
}
