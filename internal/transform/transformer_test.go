package transform

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// docPaths is the InputPathsMap of AWS's input transformation examples.
var docPaths = map[string]string{
	"timestamp": "$.time",
	"instance":  "$.detail.instance-id",
	"state":     "$.detail.state",
	"resource":  "$.resources[0]",
}

var testCtx = Context{
	RuleArn:       "arn:aws:events:us-east-2:123456789012:rule/example",
	RuleName:      "example",
	IngestionTime: time.Date(2015, 11, 11, 21, 29, 55, 123456789, time.FixedZone("x", 3600)),
}

// kinds is an event whose detail holds one value of every JSON type, plus
// strings that need escaping.
const kinds = `{"detail-type":"Kinds","detail":{"n":42,"f":-1.5e3,"b":true,"z":null,` +
	`"o":{"key1": "value1"},"a":[1, "x"],"s":"plain",` +
	`"esc":"quote \" backslash \\ newline \n tab \t unicode \u00e9 é 😀 slash \/",` +
	`"lt":"<b>not a placeholder</b>","id":"A1","num":7}}`

func mustApply(t *testing.T, tg Target, event string, ctx Context) string {
	t.Helper()
	tr, err := Compile(tg)
	if err != nil {
		t.Fatalf("Compile(%+v): %v", tg, err)
	}
	out, err := tr.Apply([]byte(event), ctx)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return string(out)
}

func TestTargetWithoutInputSettingsReceivesTheWholeEvent(t *testing.T) {
	if got := mustApply(t, Target{}, ec2Event, testCtx); got != ec2Event {
		t.Errorf("got %s", got)
	}
}

func TestInputIsSentVerbatim(t *testing.T) {
	for _, in := range []string{`{"constant": true}`, `"just a string"`, `42`, " [1, 2] "} {
		if got := mustApply(t, Target{Input: in}, ec2Event, testCtx); got != in {
			t.Errorf("Input %q: got %q", in, got)
		}
	}
}

func TestInputPathSendsTheSelectedValue(t *testing.T) {
	cases := []struct{ path, want string }{
		{"$.detail", "{\n    \"instance-id\": \"i-0123456789\",\n    \"state\": \"RUNNING\"\n  }"},
		{"$.detail.state", `"RUNNING"`},
		{"$.resources[0]", `"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"`},
		{"$", ec2Event},
		// A path that selects nothing gives an empty payload.
		{"$.detail.notinmessage", ""},
	}
	for _, c := range cases {
		if got := mustApply(t, Target{InputPath: c.path}, ec2Event, testCtx); got != c.want {
			t.Errorf("InputPath %q: got %q, want %q", c.path, got, c.want)
		}
	}
}

func TestInputTransformerFillsPlaceholders(t *testing.T) {
	kindPaths := map[string]string{
		"n": "$.detail.n", "f": "$.detail.f", "b": "$.detail.b", "z": "$.detail.z", "o": "$.detail.o",
		"a": "$.detail.a", "s": "$.detail.s", "esc": "$.detail.esc", "lt": "$.detail.lt", "id": "$.detail.id",
		"num": "$.detail.num", "missing": "$.detail.notinmessage", "detail": "$.detail.o", "type": "$.detail-type",
	}
	cases := []struct {
		name, event, tmpl, want string
		paths                   map[string]string
	}{
		// AWS documentation examples (event: ec2Event).
		{"string template", ec2Event, `"<instance> is in state <state>"`,
			`"i-0123456789 is in state RUNNING"`, docPaths},
		{"string template with text around", ec2Event, `"instance <instance> is in <state>"`,
			`"instance i-0123456789 is in RUNNING"`, docPaths},
		{"array index path", ec2Event, `{"resource": <resource>, "at": "<timestamp>"}`,
			`{"resource": "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111", "at": "2015-11-11T21:29:54Z"}`, docPaths},
		// The API reference's InputTemplate examples (keys instance, status).
		{"API reference text template", ec2Event, `<instance> is in state <status>`,
			`"i-0123456789" is in state "RUNNING"`, map[string]string{"instance": "$.detail.instance-id", "status": "$.detail.state"}},
		{"API reference escaped quotes", ec2Event, `<instance> is in state "<status>"`,
			`"i-0123456789" is in state "RUNNING"`, map[string]string{"instance": "$.detail.instance-id", "status": "$.detail.state"}},
		{"API reference JSON with variables in quotes or out", ec2Event,
			`{"myInstance": <instance>,"myStatus": "<instance> is in state \"<status>\""}`,
			`{"myInstance": "i-0123456789","myStatus": "i-0123456789 is in state \"RUNNING\""}`,
			map[string]string{"instance": "$.detail.instance-id", "status": "$.detail.state"}},

		// Outside quotes every JSON value goes in as written.
		{"values outside quotes", kinds, `{"n": <n>, "f": <f>, "b": <b>, "z": <z>, "o": <o>, "a": <a>, "s": <s>}`,
			`{"n": 42, "f": -1.5e3, "b": true, "z": null, "o": {"key1": "value1"}, "a": [1, "x"], "s": "plain"}`, kindPaths},
		// Inside quotes: string contents, scalars as written, objects and
		// arrays without their internal quotes (AWS's own example).
		{"values inside quotes", kinds, `"<n> <f> <b> <z> <s> <a>"`, `"42 -1.5e3 true null plain [1, x]"`, kindPaths},
		{"object inside quotes loses internal quotes", kinds, `"Detail is <detail>"`, `"Detail is {key1: value1}"`, kindPaths},
		{"special characters stay escaped inside quotes", kinds, `{"m": "[<esc>]"}`,
			`{"m": "[quote \" backslash \\ newline \n tab \t unicode \u00e9 é 😀 slash \/]"}`, kindPaths},
		{"special characters outside quotes", kinds, `{"m": <esc>}`,
			`{"m": "quote \" backslash \\ newline \n tab \t unicode \u00e9 é 😀 slash \/"}`, kindPaths},
		{"angle brackets in values are not placeholders", kinds, `{"m": <lt>, "n": "<lt>"}`,
			`{"m": "<b>not a placeholder</b>", "n": "<b>not a placeholder</b>"}`, kindPaths},
		{"key with dash", kinds, `"<type>"`, `"Kinds"`, kindPaths},
		{"nested object path", ec2Event, `{"d": <d>}`,
			"{\"d\": {\n    \"instance-id\": \"i-0123456789\",\n    \"state\": \"RUNNING\"\n  }}", map[string]string{"d": "$.detail"}},
		{"whole event path", `{"a":1}`, `{"e": <e>}`, `{"e": {"a":1}}`, map[string]string{"e": "$"}},
		{"same path twice", ec2Event, `[<a>, "<a>", <b>]`, `["i-0123456789", "i-0123456789", "i-0123456789"]`,
			map[string]string{"a": "$.detail.instance-id", "b": "$.detail['instance-id']"}},
		{"unused keys are fine", ec2Event, `"<state>"`, `"RUNNING"`, docPaths},

		// A missing path is an empty string, in quotes and out.
		{"missing outside quotes", kinds, `{"command": <missing>}`, `{"command": ""}`, kindPaths},
		{"missing inside quotes", kinds, `{"command": "run <missing>now"}`, `{"command": "run now"}`, kindPaths},
		{"missing in a string template", kinds, `"run <missing>"`, `"run "`, kindPaths},
		{"missing in an array", kinds, `[<missing>, "<missing>"]`, `["", ""]`, kindPaths},

		// Plain text is scanned the same way: outside quotes a string
		// keeps its JSON quotes.
		{"text template with string", kinds, `Order <id> shipped`, `Order "A1" shipped`, kindPaths},
		{"text template with number", kinds, `Order <num> shipped`, `Order 7 shipped`, kindPaths},
		{"text template with missing", kinds, `Order <missing> shipped`, `Order "" shipped`, kindPaths},
		{"text template that is only a placeholder", kinds, `<o>`, `{"key1": "value1"}`, kindPaths},
		{"stray angle brackets are text", kinds, `a < b <= c <not this> <> <<n>> <n`, `a < b <= c <not this> <> <42> <n`, kindPaths},

		// The spec's recorded examples.
		{"recorded id outside quotes", `{"detail":{"userId":"0a787ecb-4015"}}`, `{"id": <userId>}`,
			`{"id": "0a787ecb-4015"}`, map[string]string{"userId": "$.detail.userId"}},
		{"recorded id inside quotes", `{"detail":{"userId":"0a787ecb-4015"}}`, `{"id": "<userId>"}`,
			`{"id": "0a787ecb-4015"}`, map[string]string{"userId": "$.detail.userId"}},
		{"recorded missing command", `{"detail":{}}`, `{"command": <command>}`,
			`{"command": ""}`, map[string]string{"command": "$.detail.notinmessage"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mustApply(t, Target{InputPathsMap: c.paths, InputTemplate: c.tmpl}, c.event, testCtx)
			if got != c.want {
				t.Errorf("template %s\n got %s\nwant %s", c.tmpl, got, c.want)
			}
			if isObjectTemplate(c.tmpl) || strings.HasPrefix(c.tmpl, `"`) {
				if !json.Valid([]byte(got)) {
					t.Errorf("output is not valid JSON: %s", got)
				}
			}
		})
	}
}

func TestPredefinedPlaceholders(t *testing.T) {
	event := `{"version":"0","id":"e1","detail-type":"T","detail":{"k":"v"},"region":"r"}`
	cases := []struct{ name, tmpl, want string }{
		{"rule and time outside quotes", `{"arn": <aws.events.rule-arn>, "name": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>}`,
			`{"arn": "arn:aws:events:us-east-2:123456789012:rule/example", "name": "example", "at": "2015-11-11T20:29:55Z"}`},
		{"rule and time inside quotes", `"<aws.events.rule-name> fired at <aws.events.event.ingestion-time>"`,
			`"example fired at 2015-11-11T20:29:55Z"`},
		{"event json", `{"e": <aws.events.event.json>}`, `{"e": ` + event + `}`},
		{"event leaves out detail", `{"e": <aws.events.event>}`, `{"e": {"version":"0","id":"e1","detail-type":"T","region":"r"}}`},
		{"event json inside quotes", `{"e": "<aws.events.event.json>"}`,
			`{"e": "{version:0,id:e1,detail-type:T,detail:{k:v},region:r}"}`},
		{"event inside quotes", `"<aws.events.event>"`, `"{version:0,id:e1,detail-type:T,region:r}"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := mustApply(t, Target{InputTemplate: c.tmpl}, event, testCtx)
			if got != c.want {
				t.Errorf("template %s\n got %s\nwant %s", c.tmpl, got, c.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("output is not valid JSON: %s", got)
			}
		})
	}
}

func TestEventPlaceholderCutsDetailWhereverItIs(t *testing.T) {
	cases := []struct{ event, want string }{
		{`{"detail":{"a":1},"id":"x"}`, `{"id":"x"}`},
		{`{"id":"x", "detail" : {"a":1} , "r":2}`, `{"id":"x" , "r":2}`},
		{`{"id":"x","detail":{"a":1}}`, `{"id":"x"}`},
		{`{"detail":{"a":1}}`, `{}`},
		{` {"detail-type":"T"} `, `{"detail-type":"T"}`},
		{`{"d\u0065tail":1,"x":{"detail":2}}`, `{"x":{"detail":2}}`},
		{`[{"detail":1}]`, `[{"detail":1}]`},
	}
	for _, c := range cases {
		got := mustApply(t, Target{InputTemplate: `<aws.events.event>`}, c.event, testCtx)
		if got != c.want {
			t.Errorf("event %s: got %s, want %s", c.event, got, c.want)
		}
	}
}

func TestPredefinedTextIsEscaped(t *testing.T) {
	ctx := Context{RuleName: "odd \"name\" \\ \n"}
	got := mustApply(t, Target{InputTemplate: `{"a": <aws.events.rule-name>, "b": "<aws.events.rule-name>"}`}, `{}`, ctx)
	want := `{"a": "odd \"name\" \\ \n", "b": "odd \"name\" \\ \n"}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestApplyRefusesAnInvalidEventOnlyWhenItReadsIt(t *testing.T) {
	bad := []byte(`{"detail": `)
	for _, tg := range []Target{
		{InputPath: "$.detail"},
		{InputPathsMap: map[string]string{"d": "$.detail"}, InputTemplate: `<d>`},
		{InputTemplate: `<aws.events.event.json>`},
		{InputTemplate: `<aws.events.event>`},
	} {
		tr, err := Compile(tg)
		if err != nil {
			t.Fatal(err)
		}
		var se *SyntaxError
		if _, err := tr.Apply(bad, testCtx); !errors.As(err, &se) {
			t.Errorf("%+v: err = %v, want a *SyntaxError", tg, err)
		}
	}
	for _, tg := range []Target{{}, {Input: `1`}, {InputTemplate: `"<aws.events.rule-name>"`}} {
		tr, _ := Compile(tg)
		if _, err := tr.Apply(bad, testCtx); err != nil {
			t.Errorf("%+v: %v", tg, err)
		}
	}
}

func TestAppendReusesTheBufferAndNeverAliasesTheEvent(t *testing.T) {
	tr, _ := Compile(Target{})
	event := []byte(`{"a":1}`)
	out, _ := tr.Append(make([]byte, 0, 64), event, testCtx)
	out[0] = 'X'
	if event[0] != '{' {
		t.Error("the payload aliases the event")
	}
	tr, _ = Compile(Target{InputPathsMap: map[string]string{"a": "$.a"}, InputTemplate: `[<a>]`})
	out, _ = tr.Append([]byte("prefix:"), event, testCtx)
	if string(out) != "prefix:[1]" {
		t.Errorf("Append = %q", out)
	}
}

func TestManyPathsAreLookedUpInOneWalk(t *testing.T) {
	paths := map[string]string{}
	var tmpl, want strings.Builder
	var event strings.Builder
	event.WriteString(`{"detail":{`)
	tmpl.WriteString("[")
	want.WriteString("[")
	for i := range MaxPaths {
		if i > 0 {
			event.WriteString(",")
			tmpl.WriteString(",")
			want.WriteString(",")
		}
		fmt.Fprintf(&event, `"k%d":%d`, i, i)
		paths[fmt.Sprintf("p%d", i)] = fmt.Sprintf("$.detail.k%d", i)
		fmt.Fprintf(&tmpl, "<p%d>", i)
		fmt.Fprintf(&want, "%d", i)
	}
	event.WriteString("}}")
	tmpl.WriteString("]")
	want.WriteString("]")
	if got := mustApply(t, Target{InputPathsMap: paths, InputTemplate: tmpl.String()}, event.String(), testCtx); got != want.String() {
		t.Errorf("got %s", got)
	}
}

func TestCompileRefusesWhatPutTargetsRefuses(t *testing.T) {
	tooMany := map[string]string{}
	for i := range MaxPaths + 1 {
		tooMany[fmt.Sprintf("k%d", i)] = "$.a"
	}
	cases := []struct {
		name string
		tg   Target
		kind ErrorKind
		msg  string
	}{
		{"input and input path", Target{Input: `{}`, InputPath: "$.a"}, ErrExclusive,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"input and transformer", Target{Input: `{}`, InputTemplate: `"x"`}, ErrExclusive,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"input path and paths map", Target{InputPath: "$", InputPathsMap: map[string]string{}}, ErrExclusive,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"all three", Target{Input: `1`, InputPath: "$", InputTemplate: `"x"`}, ErrExclusive,
			"Only one of Input, InputPath, or InputTransformer must be provided for target t1."},
		{"unknown placeholder", Target{InputPathsMap: map[string]string{"a": "$.a"}, InputTemplate: `{"x": <b>}`},
			ErrInvalidPlaceholder, "InputTemplate for target t1 contains invalid placeholder b."},
		{"unknown predefined placeholder", Target{InputTemplate: `"<aws.events.rule>"`},
			ErrInvalidPlaceholder, "InputTemplate for target t1 contains invalid placeholder aws.events.rule."},
		{"placeholder check comes before JSON syntax", Target{InputTemplate: `{"x": <b>`},
			ErrInvalidPlaceholder, "InputTemplate for target t1 contains invalid placeholder b."},
		{"input not JSON", Target{Input: `hello`}, ErrInvalidJSON,
			"Input for target t1 is not valid JSON: invalid character 'h' looking for beginning of value at offset 0."},
		{"input path wildcard", Target{InputPath: "$.resources[*]"}, ErrInvalidPath,
			"InputPath for target t1 is not a valid JSON path: wildcards are not supported at offset 12."},
		{"input path without $", Target{InputPath: "detail"}, ErrInvalidPath,
			"InputPath for target t1 is not a valid JSON path: a path must start with $ at offset 0."},
		{"paths map bad path", Target{InputPathsMap: map[string]string{"a": "$..x"}, InputTemplate: `<a>`}, ErrInvalidPath,
			"InputPathsMap for target t1 contains an invalid path for key a: recursive descent (..) is not supported at offset 1."},
		{"paths map empty path", Target{InputPathsMap: map[string]string{"a": ""}, InputTemplate: `<a>`}, ErrInvalidPath,
			"InputPathsMap for target t1 contains an invalid path for key a: a path must not be empty at offset 0."},
		{"reserved key", Target{InputPathsMap: map[string]string{"aws.events.rule-name": "$.a"}, InputTemplate: `"x"`}, ErrInvalidKey,
			"InputPathsMap for target t1 contains invalid key aws.events.rule-name: keys starting with aws. or AWS. are reserved."},
		{"reserved key upper case", Target{InputPathsMap: map[string]string{"AWS.x": "$.a"}, InputTemplate: `"x"`}, ErrInvalidKey,
			"InputPathsMap for target t1 contains invalid key AWS.x: keys starting with aws. or AWS. are reserved."},
		{"key outside the pattern", Target{InputPathsMap: map[string]string{"a b": "$.a"}, InputTemplate: `"x"`}, ErrInvalidKey,
			`InputPathsMap for target t1 contains invalid key a b: keys must match [A-Za-z0-9\_\-]+.`},
		{"dotted key", Target{InputPathsMap: map[string]string{"a.b": "$.a"}, InputTemplate: `"x"`}, ErrInvalidKey,
			`InputPathsMap for target t1 contains invalid key a.b: keys must match [A-Za-z0-9\_\-]+.`},
		{"empty key", Target{InputPathsMap: map[string]string{"": "$.a"}, InputTemplate: `"x"`}, ErrInvalidKey,
			`InputPathsMap for target t1 contains invalid key : keys must match [A-Za-z0-9\_\-]+.`},
		{"too many paths", Target{InputPathsMap: tooMany, InputTemplate: `"x"`}, ErrTooManyPaths,
			"InputPathsMap for target t1 contains more than 100 entries."},
		{"paths without template", Target{InputPathsMap: map[string]string{"a": "$.a"}}, ErrMissingTemplate,
			"InputTemplate for target t1 must be provided with InputPathsMap."},
		{"object template not JSON", Target{InputTemplate: `{"a": 1,}`}, ErrInvalidJSON,
			"InputTemplate for target t1 is not valid JSON: invalid character '}' looking for beginning of object key string at offset 8."},
		{"placeholder as object key", Target{InputPathsMap: map[string]string{"k": "$.a"}, InputTemplate: `{<k>: 1}`}, ErrInvalidJSON,
			"InputTemplate for target t1 is not valid JSON: placeholder k is used as an object key."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(c.tg)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile: err = %v, want an *Error", err)
			}
			if e.Kind != c.kind {
				t.Errorf("kind = %d, want %d", e.Kind, c.kind)
			}
			if got := e.Message("t1"); got != c.msg {
				t.Errorf("message\n got %s\nwant %s", got, c.msg)
			}
			if want := strings.Replace(c.msg, " for target t1", "", 1); e.Error() != want {
				t.Errorf("Error() = %s, want %s", e.Error(), want)
			}
		})
	}
}

func TestCompileAcceptsLenientTemplates(t *testing.T) {
	for _, tmpl := range []string{
		`plain text without placeholders`,
		`[ALERT] <aws.events.rule-name> fired`,
		`"unbalanced quote <aws.events.rule-name>`,
		`{service} <aws.events.rule-name>`,
	} {
		if _, err := Compile(Target{InputTemplate: tmpl}); err != nil {
			t.Errorf("Compile(%q): %v", tmpl, err)
		}
	}
}

func TestATransformerIsSafeForConcurrentUse(t *testing.T) {
	tr, err := Compile(Target{InputPathsMap: docPaths, InputTemplate: `{"i": <instance>, "m": "<state> <aws.events.event>"}`})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := tr.Apply([]byte(ec2Event), testCtx)
	done := make(chan string)
	for range 4 {
		go func() {
			out, _ := tr.Apply([]byte(ec2Event), testCtx)
			done <- string(out)
		}()
	}
	for range 4 {
		if got := <-done; got != string(want) {
			t.Errorf("concurrent Apply = %s, want %s", got, want)
		}
	}
}
