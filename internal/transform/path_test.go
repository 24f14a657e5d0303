package transform

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCompilePathAcceptsTheSubset(t *testing.T) {
	cases := []struct {
		path string
		want []step
	}{
		{"$", nil},
		{"$.detail", []step{{name: "detail"}}},
		{"$.detail.instance-id", []step{{name: "detail"}, {name: "instance-id"}}},
		{"$.detail-type", []step{{name: "detail-type"}}},
		{"$.resources[0]", []step{{name: "resources"}, {index: 0, isIndex: true}}},
		{"$.a[12][3].b", []step{{name: "a"}, {index: 12, isIndex: true}, {index: 3, isIndex: true}, {name: "b"}}},
		{"$['key with spaces']", []step{{name: "key with spaces"}}},
		{`$["k"]`, []step{{name: "k"}}},
		{`$['a.b']['c[0]']`, []step{{name: "a.b"}, {name: "c[0]"}}},
		{`$['it\'s']`, []step{{name: "it's"}}},
		{`$["say \"hi\""]`, []step{{name: `say "hi"`}}},
		{`$['back\\slash']`, []step{{name: `back\slash`}}},
		{`$['']`, []step{{name: ""}}},
		{"$.detail['instance-id']", []step{{name: "detail"}, {name: "instance-id"}}},
		{"$.a:b.$ref.é", []step{{name: "a:b"}, {name: "$ref"}, {name: "é"}}},
		{"$.0", []step{{name: "0"}}},
	}
	for _, c := range cases {
		p, err := CompilePath(c.path)
		if err != nil {
			t.Errorf("CompilePath(%q): %v", c.path, err)
			continue
		}
		if !reflect.DeepEqual(p.steps, c.want) {
			t.Errorf("CompilePath(%q) steps = %+v, want %+v", c.path, p.steps, c.want)
		}
		if p.String() != c.path {
			t.Errorf("String() = %q, want %q", p.String(), c.path)
		}
	}
}

func TestCompilePathRefusesWhatEventBridgeDoesNotSupport(t *testing.T) {
	cases := []struct {
		path, reason string
		offset       int
	}{
		{"", "must not be empty", 0},
		{"detail", "must start with $", 0},
		{"@.detail", "must start with $", 0},
		{" $.a", "must start with $", 0},
		{"$.", "a name is expected after .", 2},
		{"$.a.", "a name is expected after .", 4},
		{"$.[0]", "a name is expected after .", 2},
		{"$..detail", "recursive descent", 1},
		{"$.*", "wildcards", 2},
		{"$.resources[*]", "wildcards", 12},
		{"$.a*", "wildcards", 3},
		{"$.resources[?(@.x)]", "filter", 12},
		{"$.resources[(@.length-1)]", "script", 12},
		{"$.resources[-1]", "negative indexes", 12},
		{"$.resources[0:2]", "slices", 13},
		{"$.resources[:2]", "slices", 12},
		{"$.resources[0,1]", "unions", 13},
		{"$['a','b']", "unions", 5},
		{"$.resources.length()", "functions", 18},
		{"$.a b", "not allowed in a dot-notation name", 3},
		{"$.a]", "not allowed in a dot-notation name", 3},
		{"$[0", "unterminated [", 1},
		{"$['a'", "unterminated [", 1},
		{"$['a", "unterminated quoted name", 1},
		{"$['a'x]", "] expected", 5},
		{"$[ 0 ]", "unexpected character ' '", 2},
		{"$[0 ]", "] expected after an index", 3},
		{`$['a\n']`, `escapes are supported`, 4},
		{"$[99999999999]", "too large", 2},
		{"$x", "unexpected character 'x'", 1},
		{"$[", "unterminated [", 1},
	}
	for _, c := range cases {
		_, err := CompilePath(c.path)
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("CompilePath(%q) error = %v, want a *PathError", c.path, err)
			continue
		}
		if !strings.Contains(pe.Reason, c.reason) || pe.Offset != c.offset {
			t.Errorf("CompilePath(%q) = %q at %d, want %q at %d", c.path, pe.Reason, pe.Offset, c.reason, c.offset)
		}
	}
}

// ec2Event is the example event of AWS's input transformation documentation.
const ec2Event = `{
  "version": "0",
  "id": "7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "123456789012",
  "time": "2015-11-11T21:29:54Z",
  "region": "us-east-1",
  "resources": [
    "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"
  ],
  "detail": {
    "instance-id": "i-0123456789",
    "state": "RUNNING"
  }
}`

func TestLookupReturnsTheRawValue(t *testing.T) {
	nested := `{"a":{"b":[10,{"c":"x\"y"},[true,null]],"n":-1.5e3},"sp ace":1,"k\u002did":"esc","d.ot":2,"":"empty"}`
	cases := []struct {
		event, path, want string
		found             bool
	}{
		{ec2Event, "$.detail.instance-id", `"i-0123456789"`, true},
		{ec2Event, "$.detail-type", `"EC2 Instance State-change Notification"`, true},
		{ec2Event, "$.resources[0]", `"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"`, true},
		{ec2Event, "$.resources", "[\n    \"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"\n  ]", true},
		{ec2Event, "$.detail", "{\n    \"instance-id\": \"i-0123456789\",\n    \"state\": \"RUNNING\"\n  }", true},
		{ec2Event, "$", ec2Event, true},
		{" \n" + `{"a":1}` + "\t", "$", `{"a":1}`, true},
		{nested, "$.a.b[0]", `10`, true},
		{nested, "$.a.b[1].c", `"x\"y"`, true},
		{nested, "$.a.b[2][1]", `null`, true},
		{nested, "$.a.n", `-1.5e3`, true},
		{nested, "$['sp ace']", `1`, true},
		{nested, "$.k-id", `"esc"`, true},
		{nested, "$['d.ot']", `2`, true},
		{nested, "$['']", `"empty"`, true},
		// Misses: absent member, index past the end, a name on an array,
		// an index on an object, a step into a scalar, a dotted name.
		{ec2Event, "$.detail.notinmessage", "", false},
		{ec2Event, "$.resources[1]", "", false},
		{ec2Event, "$.resources.length", "", false},
		{ec2Event, "$.detail[0]", "", false},
		{ec2Event, "$.version.x", "", false},
		{nested, "$.d.ot", "", false},
		{nested, "$.a['0']", "", false},
		{`[1,2]`, "$[1]", "2", true},
	}
	for _, c := range cases {
		p, err := CompilePath(c.path)
		if err != nil {
			t.Fatalf("CompilePath(%q): %v", c.path, err)
		}
		raw, found, err := p.Lookup([]byte(c.event))
		if err != nil || found != c.found || string(raw) != c.want {
			t.Errorf("Lookup(%q) = %q, %v, %v; want %q, %v", c.path, raw, found, err, c.want, c.found)
		}
	}
}

func TestLookupOfARepeatedKeyTakesTheLastValue(t *testing.T) {
	cases := []struct{ event, path, want string }{
		{`{"a":1,"a":2}`, "$.a", "2"},
		{`{"a":{"b":1},"a":{"c":2}}`, "$.a.c", "2"},
		{`{"a":[1,2]}`, "$.a[1]", "2"},
	}
	for _, c := range cases {
		p, _ := CompilePath(c.path)
		raw, _, _ := p.Lookup([]byte(c.event))
		if string(raw) != c.want {
			t.Errorf("Lookup(%q) in %s = %q, want %q", c.path, c.event, raw, c.want)
		}
	}
	// The earlier {"b":1} must not survive its replacement.
	p, _ := CompilePath("$.a.b")
	if raw, found, _ := p.Lookup([]byte(`{"a":{"b":1},"a":{"c":2}}`)); found {
		t.Errorf("$.a.b after a was replaced = %q, want not found", raw)
	}
}

func TestLookupRefusesAnInvalidEvent(t *testing.T) {
	p, _ := CompilePath("$.a")
	for _, event := range []string{``, `{`, `{"a":1`, `{"a":1} x`, `{"a":01}`, `{"b":"\x"}`, `{"a":1,}`, "{\"a\":\"\n\"}"} {
		_, _, err := p.Lookup([]byte(event))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Lookup in %q: err = %v, want a *SyntaxError", event, err)
		}
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	p, _ := CompilePath("$.detail.instance-id")
	event := []byte(ec2Event)
	allocs := testing.AllocsPerRun(100, func() {
		if _, found, _ := p.Lookup(event); !found {
			t.Fatal("not found")
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times, want 0", allocs)
	}
}
