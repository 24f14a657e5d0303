package pattern

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// flattenWith flattens ev keeping the given dotted paths and returns the
// values found, as "path=kind:text" in event order.
func flattenWith(t testing.TB, ev string, paths ...string) ([]string, error) {
	m := NewMatcher()
	for i, p := range paths {
		// A pattern per path makes the path used.
		src := ""
		keys := strings.Split(p, ".")
		for _, k := range keys {
			src += `{"` + k + `":`
		}
		src += `[{"exists":true}]` + strings.Repeat("}", len(keys))
		m.Set(fmt.Sprint(i), mustParse(t, src))
	}
	s := m.snap.Load()
	sc := new(scratch)
	sc.begin(s)
	err := sc.flatten([]byte(ev), s.fields)
	byID := map[int32]string{}
	for _, fi := range m.fields {
		byID[fi.id] = strings.Join(fi.path, ".")
	}
	var out []string
	for _, v := range sc.vals {
		kind := [...]string{"s", "n", "true", "false", "null"}[v.kind]
		out = append(out, fmt.Sprintf("%s=%s:%s", byID[v.field], kind, v.b))
	}
	return out, err
}

func mustParse(t testing.TB, src string) *Pattern {
	t.Helper()
	p, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", src, err)
	}
	return p
}

func TestFlattenKeepsOnlyUsedPaths(t *testing.T) {
	ev := `{"source":"aws.ec2","id":"x","detail":{"a":{"b":"deep","c":1},"list":[1,"two",null,true,{"x":"y"},[false]],"skip":{"b":"no"}},"b":"top"}`
	got, err := flattenWith(t, ev, "source", "detail.a.b", "detail.list", "b")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"source=s:aws.ec2", "detail.a.b=s:deep", "detail.list=n:1", "detail.list=s:two", "detail.list=null:", "detail.list=true:", "detail.list=false:", "b=s:top"}
	if !slices.Equal(got, want) {
		t.Errorf("values\n%q\nwant\n%q", got, want)
	}
}

func TestFlattenDecodesEscapesOnlyWhereNeeded(t *testing.T) {
	got, err := flattenWith(t, `{"k\u0065y":"a\tb\u00e9\ud83d\ude00\/\"","raw":"plain"}`, "key", "raw")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"key=s:a\tbé😀/\"", "raw=s:plain"}
	if !slices.Equal(got, want) {
		t.Errorf("values %q, want %q", got, want)
	}
}

func TestFlattenRejectsMalformedEvents(t *testing.T) {
	cases := map[string]string{
		"empty":                          ``,
		"an array":                       `[{"a":1}]`,
		"a string":                       `"a"`,
		"unclosed object":                `{"a":1`,
		"missing value":                  `{"a":}`,
		"trailing comma in object":       `{"a":1,}`,
		"trailing comma in array":        `{"a":[1,]}`,
		"missing colon":                  `{"a" 1}`,
		"missing comma":                  `{"a":1 "b":2}`,
		"unquoted key":                   `{a:1}`,
		"bad escape":                     `{"a":"\x"}`,
		"short unicode escape":           `{"a":"\u12"}`,
		"control character":              "{\"a\":\"x\x01\"}",
		"leading zero":                   `{"a":01}`,
		"bare minus":                     `{"a":-}`,
		"decimal point without digits":   `{"a":1.}`,
		"exponent without digits":        `{"a":1e+}`,
		"misspelt literal":               `{"a":tru}`,
		"text after the event":           `{"a":1} x`,
		"two events":                     `{"a":1}{"b":2}`,
		"malformed in a skipped part":    `{"zzz":{"q":[1,2,}},"a":1}`,
		"bad string in a skipped part":   `{"zzz":["\q"],"a":1}`,
		"mismatched brackets, skipped":   `{"zzz":[1}],"a":1}`,
		"unterminated string":            `{"a":"abc`,
		"unterminated skipped string":    `{"zzz":"abc`,
		"nested too deep on a used path": `{"a":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`,
		// Skipped values are read without recursion, but bounded alike:
		// what one path may not hold, no other may either.
		"nested too deep on a skipped path": `{"zzz":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `,"a":1}`,
	}
	for name, ev := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := flattenWith(t, ev, "a")
			if !errors.Is(err, ErrMalformedEvent) {
				t.Errorf("flatten(%q) = %v, want ErrMalformedEvent", ev, err)
			}
		})
	}
}

func TestFlattenAcceptsWellFormedEvents(t *testing.T) {
	cases := map[string]string{
		"whitespace everywhere": " {\n\t\"a\" : [ 1 , { } , [ ] , \"x\" ] ,\r\n \"b\" : { \"c\" : null } } \n",
		"numbers":               `{"a":[0,-0,1.5,-2e10,3E-2,4e+1]}`,
		"empty containers":      `{"a":{},"b":[]}`,
		"invalid UTF-8 is kept": "{\"a\":\"\xff\"}",
	}
	for name, ev := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := flattenWith(t, ev, "a", "b.c"); err != nil {
				t.Errorf("flatten: %v", err)
			}
		})
	}
}

// FuzzFlatten checks that the flattener accepts exactly the JSON objects
// encoding/json accepts, and that it extracts the same leaves.
func FuzzFlatten(f *testing.F) {
	for _, s := range []string{
		`{"a":1}`, `{"a":[1,"x",null,true,false,{"b":2}]}`, `{"a":{"b":{"c":"d"}},"e":[]}`,
		`{"a":"\u00e9\ud83d\ude00\n"}`, `{"a":1.5e3,"b":-0}`, `[1]`, `{"a":}`, `{"a" "b"}`,
		string(benchEvent),
	} {
		f.Add(s)
	}
	paths := []string{"a", "a.b", "a.b.c", "e", "detail.items.sku", "source"}
	f.Fuzz(func(t *testing.T, ev string) {
		got, err := flattenWith(t, ev, paths...)
		valid := json.Valid([]byte(ev)) && strings.HasPrefix(strings.TrimLeft(ev, " \t\r\n"), "{")
		if (err == nil) != valid {
			t.Fatalf("flatten(%q) error %v, json.Valid says %v", ev, err, valid)
		}
		if err != nil || !utf8Valid(ev) {
			return // encoding/json replaces invalid UTF-8; the flattener keeps it
		}
		want := tokenLeaves(t, ev, paths)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("flatten(%q)\n got %q\nwant %q", ev, got, want)
		}
	})
}

// tokenLeaves lists the leaves of ev at the given paths with
// encoding/json's tokenizer, which sees repeated keys as the flattener
// does.
func tokenLeaves(t *testing.T, ev string, paths []string) []string {
	d := json.NewDecoder(strings.NewReader(ev))
	d.UseNumber()
	// Paths are compared segment by segment: a key "a.b" is not a.b.
	used := map[string]bool{}
	for _, p := range paths {
		used[strings.ReplaceAll(p, ".", "\x00")] = true
	}
	var out []string
	var walk func(segs []string)
	walk = func(segs []string) {
		path := strings.Join(segs, ".")
		isUsed := used[strings.Join(segs, "\x00")]
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' {
				for d.More() {
					k, _ := d.Token()
					walk(append(segs[:len(segs):len(segs)], k.(string)))
				}
			} else {
				for d.More() {
					walk(segs)
				}
			}
			d.Token() // the closing delimiter
			return
		case string:
			if isUsed {
				out = append(out, path+"=s:"+tok)
			}
		case json.Number:
			if isUsed {
				out = append(out, path+"=n:"+string(tok))
			}
		case bool:
			if isUsed {
				out = append(out, fmt.Sprintf("%s=%v:", path, tok))
			}
		case nil:
			if isUsed {
				out = append(out, path+"=null:")
			}
		}
	}
	walk(nil)
	return out
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

func TestIsObject(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{}`, true},
		{` {"a":[1,{"b":null}]} `, true},
		{"\t\n{\"a\":\"\\u00e9\"}\r\n", true},
		{`{"a":1} {"b":2}`, false},
		{`{"a":1},"x":5`, false},
		{`[1]`, false},
		{`"{}"`, false},
		{``, false},
		{`{"a":01}`, false},
		{`{"a":"` + "\x01" + `"}`, false},
		{`{"a":tru}`, false},
		{`{"a":1`, false},
	}
	for _, tt := range tests {
		if got := IsObject(tt.in); got != tt.want {
			t.Errorf("IsObject(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Nesting is bounded as encoding/json bounds it, whether or not a rule
// reads the nested field: what PutEvents accepts, Match can read.
func TestNestingIsBoundedLikeEncodingJSON(t *testing.T) {
	nested := func(depth int, inner string) string {
		// An object holding arrays, depth levels in all, around inner.
		return `{"a":` + strings.Repeat("[", depth-1) + inner + strings.Repeat("]", depth-1) + `}`
	}
	for _, tt := range []struct {
		name string
		ev   string
	}{
		{"at the limit", nested(maxDepth, "1")},
		{"at the limit, empty innermost", nested(maxDepth-1, "[]")},
		{"past the limit", nested(maxDepth+1, "1")},
		{"past the limit, empty innermost", nested(maxDepth, "[]")},
		{"past the limit, empty object innermost", nested(maxDepth, "{}")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := json.Valid([]byte(tt.ev))
			if got := IsObject(tt.ev); got != want {
				t.Errorf("IsObject = %v, encoding/json says %v", got, want)
			}
			for _, path := range []string{"a", "b"} { // read, and skipped
				if _, err := flattenWith(t, tt.ev, path); (err == nil) != want {
					t.Errorf("flatten keeping %q: error %v, encoding/json says %v", path, err, want)
				}
			}
		})
	}
}

// FuzzIsObject checks IsObject against encoding/json.
func FuzzIsObject(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":[1,"x",null,true,false,{"b":2}]}`, ` {} `, `{"a":1} {}`, `[1]`, `{"a":}`, "{\"a\":\"\xff\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := json.Valid([]byte(s)) && strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{")
		if got := IsObject(s); got != want {
			t.Fatalf("IsObject(%q) = %v, encoding/json says %v", s, got, want)
		}
	})
}
