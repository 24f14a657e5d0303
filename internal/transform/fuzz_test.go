package transform

import (
	"encoding/json"
	"testing"
)

// FuzzCompilePath: any string either compiles or gives a *PathError, never
// a panic; and a compiled path can be looked up in any bytes safely.
func FuzzCompilePath(f *testing.F) {
	for _, p := range []string{"$", "$.detail.instance-id", "$.resources[0]", "$['a b']", `$["k\"q"]`,
		"$..a", "$.a[*]", "$[0:1]", "$[-1]", "$['a'", "$[", "$.", "$.a.b[10]['c']"} {
		f.Add(p, []byte(ec2Event))
	}
	f.Fuzz(func(t *testing.T, path string, event []byte) {
		p, err := CompilePath(path)
		if err != nil {
			if _, ok := err.(*PathError); !ok {
				t.Fatalf("CompilePath(%q) error %T, want *PathError", path, err)
			}
			return
		}
		raw, found, err := p.Lookup(event)
		if (err == nil) != json.Valid(event) {
			t.Fatalf("Lookup err = %v but json.Valid = %v for %q", err, json.Valid(event), event)
		}
		if found && !json.Valid(raw) {
			t.Fatalf("Lookup(%q) = %q, not a JSON value", path, raw)
		}
	})
}

// FuzzApply: compiling and applying any template, path and event never
// panics; an event that has to be read is refused exactly when it is not
// valid JSON; and a JSON-object template always yields valid JSON.
func FuzzApply(f *testing.F) {
	seeds := []string{
		`{"a": <a>, "b": "<b> and <a>", "c": [<b>, <aws.events.rule-name>]}`,
		`"<a> is in state <b>"`,
		`Order <a> shipped`,
		`{"e": <aws.events.event>, "j": "<aws.events.event.json>", "t": <aws.events.event.ingestion-time>}`,
		`{"m": "\u00<a>41", "n": "\\<b>"}`,
		`{"x": "<aws.events.event>"}`,
	}
	for _, s := range seeds {
		f.Add(s, "$.detail.instance-id", []byte(ec2Event))
		f.Add(s, "$", []byte(kinds))
	}
	f.Fuzz(func(t *testing.T, tmpl, path string, event []byte) {
		tr, err := Compile(Target{
			InputPathsMap: map[string]string{"a": path, "b": "$.detail"},
			InputTemplate: tmpl,
		})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Compile error %T, want *Error", err)
			}
			return
		}
		ctx := Context{RuleArn: "arn:aws:events:us-east-1:123456789012:rule/r", RuleName: "r\"\n<x>"}
		out, err := tr.Apply(event, ctx)
		if tr.walk && (err == nil) != json.Valid(event) {
			t.Fatalf("Apply err = %v but json.Valid(event) = %v", err, json.Valid(event))
		}
		if err == nil && tr.object && !json.Valid(out) {
			t.Fatalf("template %q on event %q gave invalid JSON %q", tmpl, event, out)
		}
	})
}
