package pattern

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseRejectsWithAWSReasons(t *testing.T) {
	cases := []struct {
		name, pattern, reason string
	}{
		// Recorded from AWS (spec §5.6).
		{"an array is not an object", `[{"source":["aws.ec2"]}]`, "Filter is not an object"},
		{"a string is not an object", `"aws.ec2"`, "Filter is not an object"},
		{"empty input is not an object", ``, "Filter is not an object"},
		{"whitespace is not an object", " \n ", "Filter is not an object"},
		{"an empty leaf array", `{"source":[]}`, "Empty arrays are not allowed"},
		{"a prefix that is not a string", `{"source":[{"prefix":1}]}`, "prefix match pattern must be a string"},
		{"numeric without an array", `{"n":[{"numeric":">"}]}`, "Value of numeric must be an array."},
		{"a second lower bound", `{"n":[{"numeric":[">",0,">",5]}]}`, "Bad numeric range operator: >"},
		{"a match type in capitals", `{"n":[{"EXISTS":true}]}`, "Unrecognized match type EXISTS"},
		{"a CIDR without a mask", `{"ip":[{"cidr":"10.0.0.1"}]}`, "Malformed CIDR, one '/' required"},

		// event-ruler's texts for the rest of the language.
		{"a scalar leaf", `{"source":"aws.ec2"}`, `"source" must be an object or an array`},
		{"a null leaf", `{"detail":{"int":null}}`, `"int" must be an object or an array`},
		{"an empty pattern", `{}`, "Empty objects are not allowed"},
		{"an empty nested object", `{"detail":{}}`, "Empty objects are not allowed"},
		{"an empty match expression", `{"a":[{}]}`, "Empty objects are not allowed"},
		{"an array inside a leaf array", `{"a":[["x"]]}`, "Match value must be String, number, true, false, or null"},
		{"a suffix that is not a string", `{"a":[{"suffix":null}]}`, "suffix match pattern must be a string"},
		{"an unknown prefix form", `{"a":[{"prefix":{"foo":"x"}}]}`, "Unsupported prefix pattern: foo"},
		{"an empty prefix form", `{"a":[{"prefix":{}}]}`, "Prefix expression name not found"},
		{"an unknown suffix form", `{"a":[{"suffix":{"foo":"x"}}]}`, "Unsupported suffix pattern: foo"},
		{"prefix ignoring case with a number", `{"a":[{"prefix":{"equals-ignore-case":1}}]}`, "equals-ignore-case match pattern must be a string"},
		{"equals-ignore-case with a number", `{"a":[{"equals-ignore-case":1}]}`, "equals-ignore-case match pattern must be a string"},
		{"wildcard with a number", `{"a":[{"wildcard":1}]}`, "wildcard match pattern must be a string"},
		{"two stars in a row", `{"a":[{"wildcard":"a**b"}]}`, "Consecutive wildcard characters at pos 3"},
		{"an unknown escape in a wildcard", `{"a":[{"wildcard":"a\\xb"}]}`, "Invalid escape character at pos 2"},
		{"numeric with an empty array", `{"n":[{"numeric":[]}]}`, "Invalid member in numeric match: ]"},
		{"numeric starting with a number", `{"n":[{"numeric":[5]}]}`, "Invalid member in numeric match: 5"},
		{"an unknown numeric operator", `{"n":[{"numeric":["!=",5]}]}`, "Unrecognized numeric range operator: !="},
		{"a numeric operand that is a string", `{"n":[{"numeric":[">","x"]}]}`, "Value of > must be numeric"},
		{"a numeric operand that is missing", `{"n":[{"numeric":["<="]}]}`, "Value of <= must be numeric"},
		{"an upper bound that is not an operator", `{"n":[{"numeric":[">",0,5]}]}`, "Bad value in numeric range: 5"},
		{"an upper bound operand that is a string", `{"n":[{"numeric":[">",0,"<","5"]}]}`, "Value of < must be numeric"},
		{"a range with a third term", `{"n":[{"numeric":[">",0,"<",5,"<",6]}]}`, "Too many terms in numeric range expression"},
		{"equality with a bound", `{"n":[{"numeric":["=",5,"<",6]}]}`, "Too many elements in numeric expression"},
		{"an upper bound with another bound", `{"n":[{"numeric":["<",5,">",0]}]}`, "Too many elements in numeric expression"},
		{"an empty range", `{"n":[{"numeric":[">",5,"<",5]}]}`, "Bottom must be less than top"},
		{"an inverted range", `{"n":[{"numeric":[">=",6,"<=",5]}]}`, "Bottom must be less than top"},
		{"a bound above 5e9", `{"n":[{"numeric":["<",5000000000.000001]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"a bound below -5e9", `{"n":[{"numeric":[">",-6e9]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"exists with a string", `{"a":[{"exists":"true"}]}`, "exists match pattern must be either true or false."},
		{"exists with a second member", `{"a":[{"exists":true,"prefix":"x"}]}`, "Too many elements in numeric expression"},
		{"two operators in one object", `{"a":[{"prefix":"x","suffix":"y"}]}`, "Too many elements in numeric expression"},
		{"a CIDR with two slashes", `{"ip":[{"cidr":"10.0.0.0/8/8"}]}`, "Malformed CIDR, one '/' required"},
		{"a CIDR mask too long", `{"ip":[{"cidr":"10.0.0.0/33"}]}`, "Malformed CIDR, mask bits must be between 0 and 32"},
		{"an IPv6 CIDR mask too long", `{"ip":[{"cidr":"::/129"}]}`, "Malformed CIDR, mask bits must be between 0 and 128"},
		{"a CIDR mask that is not a number", `{"ip":[{"cidr":"10.0.0.0/x"}]}`, "Malformed CIDR, mask bits must be an integer"},
		{"a CIDR of a bad address", `{"ip":[{"cidr":"10.0.0/8"}]}`, "Invalid IP address: 10.0.0"},
		{"a CIDR that is not a string", `{"ip":[{"cidr":10}]}`, "prefix match pattern must be a string"},
		{"anything-but null", `{"a":[{"anything-but":null}]}`, "Inside anything but list, start|null|boolean is not supported."},
		{"anything-but true", `{"a":[{"anything-but":true}]}`, "Inside anything but list, start|null|boolean is not supported."},
		{"anything-but a list with null", `{"a":[{"anything-but":["a",null]}]}`, "Inside anything but list, start|null|boolean is not supported."},
		{"anything-but a mixed list", `{"a":[{"anything-but":["a",1]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{"anything-but an empty list", `{"a":[{"anything-but":[]}]}`, "Inside anything but list, either all values are number or string, mixed type is not supported"},
		{"anything-but an out-of-range number", `{"a":[{"anything-but":[1e10]}]}`, "Value must be between -5.0E9 and 5.0E9, inclusive"},
		{"anything-but an empty prefix", `{"a":[{"anything-but":{"prefix":""}}]}`, "Null prefix not allowed"},
		{"anything-but an empty suffix", `{"a":[{"anything-but":{"suffix":""}}]}`, "Null suffix not allowed"},
		{"anything-but an unknown operator", `{"a":[{"anything-but":{"numeric":[">",1]}}]}`, "Unsupported anything-but pattern: numeric"},
		{"anything-but an empty object", `{"a":[{"anything-but":{}}]}`, "Empty objects are not allowed"},
		{"anything-but a prefix number", `{"a":[{"anything-but":{"prefix":1}}]}`, "prefix match pattern must be a string"},
		{"anything-but a wildcard list with a number", `{"a":[{"anything-but":{"wildcard":["a*",1]}}]}`, "wildcard match pattern must be a string"},
		{"anything-but an empty wildcard list", `{"a":[{"anything-but":{"wildcard":[]}}]}`, "Empty arrays are not allowed"},
		{"anything-but a bad wildcard", `{"a":[{"anything-but":{"wildcard":"**"}}]}`, "Consecutive wildcard characters at pos 2"},
		{"anything-but with two operators", `{"a":[{"anything-but":{"prefix":"a","suffix":"b"}}]}`, "Too many elements in numeric expression"},
		{"$or with an object", `{"$or":{"a":["1"]}}`, "It must be an Array followed with $or."},
		{"$or with one alternative", `{"$or":[{"a":["1"]}]}`, "There must have at least 2 Json objects in array of $or relationship."},
		{"$or with a string", `{"$or":[{"a":["1"]},"b"]}`, "Only JSON object is allowed in array of $or relationship."},
		{"$or with an empty alternative", `{"$or":[{"a":["1"]},{}]}`, "Empty objects are not allowed"},

		// Faults are reported in the order AWS meets them reading from the
		// left: a semantic fault before later syntax errors, and a string
		// value's body only once its text is needed.
		{"a scalar leaf before a syntax error", `{"a":"x","b":}`, `"a" must be an object or an array`},
		{"an unterminated string that is never read", `{"a":"x`, `"a" must be an object or an array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.pattern)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%s) = %v, want an *Error", c.pattern, err)
			}
			if pe.Reason != c.reason {
				t.Errorf("Parse(%s)\nreason %q\nwant   %q", c.pattern, pe.Reason, c.reason)
			}
		})
	}
}

func TestParseReportsJacksonErrorsForNonJSON(t *testing.T) {
	at := func(src string, line, col int) string {
		return "\n at [Source: (String)\"" + src + "\"; line: " + itoa(line) + ", column: " + itoa(col) + "]"
	}
	cases := []struct {
		name, pattern, reason string
	}{
		{"a trailing comma in an object", `{"source":["aws.ec2"],}`,
			"Unexpected character ('}' (code 125)): was expecting double-quote to start field name" + at(`{"source":["aws.ec2"],}`, 1, 24)},
		{"a bare word", `source`,
			"Unrecognized token 'source': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`source`, 1, 7)},
		{"a misspelt literal", `{"a":[tru]}`,
			"Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":[tru]}`, 1, 10)},
		{"a literal run on", `{"a":[nullx]}`,
			"Unrecognized token 'nullx': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":[nullx]}`, 1, 12)},
		{"an unquoted member name", `{source:["aws.ec2"]}`,
			"Unexpected character ('s' (code 115)): was expecting double-quote to start field name" + at(`{source:["aws.ec2"]}`, 1, 3)},
		{"a missing colon", `{"a" ["x"]}`,
			"Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value" + at(`{"a" ["x"]}`, 1, 7)},
		{"a missing comma between elements", `{"a":[1 2]}`,
			"Unexpected character ('2' (code 50)): was expecting comma to separate Array entries" + at(`{"a":[1 2]}`, 1, 10)},
		{"a missing comma between members", `{"a":[1] "b":[2]}`,
			"Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries" + at(`{"a":[1] "b":[2]}`, 1, 11)},
		{"a trailing comma in an array", `{"a":[1,]}`,
			"Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":[1,]}`, 1, 10)},
		{"a missing value", `{"a":}`,
			"Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":}`, 1, 7)},
		{"a single-quoted string", `{"a":['x']}`,
			"Unexpected character (''' (code 39)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":['x']}`, 1, 8)},
		{"the end inside an array", `{"a":[1`,
			"Unexpected end-of-input: expected close marker for Array (start marker at [Source: (String)\"{\"a\":[1\"; line: 1, column: 6])" + at(`{"a":[1`, 1, 8)},
		{"the end inside an object", `{"a":[1]`,
			"Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)\"{\"a\":[1]\"; line: 1, column: 1])" + at(`{"a":[1]`, 1, 9)},
		{"the end after a colon", `{"a":`,
			"Unexpected end-of-input within/between Object entries" + at(`{"a":`, 1, 6)},
		{"the end inside a member name", `{"a`,
			"Unexpected end-of-input in field name" + at(`{"a`, 1, 4)},
		{"the end inside a string that is read", `{"a":["x`,
			"Unexpected end-of-input: was expecting closing quote for a string value" + at(`{"a":["x`, 1, 9)},
		{"a mismatched close marker", `{"a":["x"}`,
			"Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)\"{\"a\":[\"x\"}\"; line: 1, column: 6])" + at(`{"a":["x"}`, 1, 11)},
		{"leading zeroes", `{"a":[01]}`,
			"Invalid numeric value: Leading zeroes not allowed" + at(`{"a":[01]}`, 1, 8)},
		{"a minus sign alone", `{"a":[-x]}`,
			"Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value" + at(`{"a":[-x]}`, 1, 9)},
		{"a decimal point without digits", `{"a":[1.]}`,
			"Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit" + at(`{"a":[1.]}`, 1, 10)},
		{"an exponent without digits", `{"a":[1e]}`,
			"Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by a digit" + at(`{"a":[1e]}`, 1, 10)},
		{"NaN", `{"a":[NaN]}`,
			"Non-standard token 'NaN': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow" + at(`{"a":[NaN]}`, 1, 10)},
		{"a comment", `{"a":[1] /* c */}`,
			"Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)" + at(`{"a":[1] /* c */}`, 1, 11)},
		{"an unknown escape", `{"a":["\x"]}`,
			"Unrecognized character escape 'x' (code 120)" + at(`{"a":["\x"]}`, 1, 10)},
		{"a bad unicode escape", `{"a":["\u12g4"]}`,
			"Unexpected character ('g' (code 103)): expected a hex-digit for character escape sequence" + at(`{"a":["\u12g4"]}`, 1, 13)},
		{"a raw newline in a string", "{\"a\":[\"x\ny\"]}",
			"Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value" + at("{\"a\":[\"x\ny\"]}", 1, 10)},
		{"lines and columns across lines", "{\n  \"a\": [1,]\n}",
			"Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at("{\n  \"a\": [1,]\n}", 2, 12)},
		{"columns count UTF-16 units", `{"é😀": x}`,
			"Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"é😀": x}`, 1, 10)},
		{"a value read ahead fails before its operator is checked", `{"a":[{"foo":tru}]}`,
			"Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + at(`{"a":[{"foo":tru}]}`, 1, 17)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.pattern)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%s) = %v, want an *Error", c.pattern, err)
			}
			if pe.Reason != c.reason {
				t.Errorf("Parse(%s)\nreason %q\nwant   %q", c.pattern, pe.Reason, c.reason)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestJacksonQuotesAtMost500CharactersOfTheSource(t *testing.T) {
	src := `{"a":` + strings.Repeat(" ", 600) + `}`
	_, err := Parse(src)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("Parse = %v", err)
	}
	want := "[Source: (String)\"" + src[:500] + "\"[truncated 106 chars]; line: 1, column: 607]"
	if !strings.HasSuffix(pe.Reason, want) {
		t.Errorf("reason ends %q\nwant %q", pe.Reason[max(0, len(pe.Reason)-80):], want[len(want)-60:])
	}
}

func TestParseEnforcesLimits(t *testing.T) {
	t.Run("4096 characters are allowed", func(t *testing.T) {
		src := `{"a":["` + strings.Repeat("é", MaxLength-len(`{"a":[""]}`)) + `"]}`
		if _, err := Parse(src); err != nil {
			t.Fatalf("Parse of %d characters: %v", len([]rune(src)), err)
		}
	})
	t.Run("4097 characters are not", func(t *testing.T) {
		src := `{"a":["` + strings.Repeat("x", MaxLength-len(`{"a":[""]}`)+1) + `"]}`
		_, err := Parse(src)
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != "Event pattern is longer than 4096 characters" {
			t.Fatalf("Parse = %v", err)
		}
	})
	t.Run("too many $or combinations", func(t *testing.T) {
		// Ten $or of two alternatives each expand to 1024 conjunctions.
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 10; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"k` + itoa(i) + `":{"$or":[{"a":["1"]},{"b":["2"]}]}`)
		}
		b.WriteString("}")
		_, err := Parse(b.String())
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != "Event pattern is too complex: more than 1000 combinations of $or alternatives" {
			t.Fatalf("Parse = %v", err)
		}
	})
	t.Run("nine $or of two are fine", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 9; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"k` + itoa(i) + `":{"$or":[{"a":["1"]},{"b":["2"]}]}`)
		}
		b.WriteString("}")
		p, err := Parse(b.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.rules) != 512 {
			t.Errorf("%d conjunctions, want 512", len(p.rules))
		}
	})
	t.Run("too many field conditions", func(t *testing.T) {
		// 40 fields in each of 512 conjunctions is over 20000.
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 9; i++ {
			b.WriteString(`"k` + itoa(i) + `":{"$or":[{"a":["1"]},{"b":["2"]}]},`)
		}
		for i := 0; i < 31; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"f` + itoa(i) + `":[1]`)
		}
		b.WriteString("}")
		_, err := Parse(b.String())
		var pe *Error
		if !errors.As(err, &pe) || pe.Reason != "Event pattern is too complex: more than 20000 field conditions after expanding $or" {
			t.Fatalf("Parse = %v", err)
		}
	})
}

func TestParseKeepsTheLastLeafOfARepeatedPath(t *testing.T) {
	p, err := Parse(`{"a":["1"],"a":["2"]}`)
	if err != nil {
		t.Fatal(err)
	}
	for ev, want := range map[string]bool{`{"a":"1"}`: false, `{"a":"2"}`: true} {
		if got, _ := p.Match([]byte(ev)); got != want {
			t.Errorf("Match(%s) = %v, want %v", ev, got, want)
		}
	}
}

func TestParseExpandsOrIntoConjunctions(t *testing.T) {
	cases := []struct {
		pattern string
		rules   int
	}{
		{`{"a":["1"]}`, 1},
		{`{"$or":[{"a":["1"]},{"b":["2"]}]}`, 2},
		{`{"$or":[{"a":["1"]},{"b":["2"]}],"c":{"$or":[{"d":["1"]},{"e":["2"]},{"f":["3"]}]}}`, 6},
		{`{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"]}]}]}`, 3},
		{`{"$or":[{"a":["1"]},{"a":["1"]}]}`, 1}, // repeated alternatives count once
	}
	for _, c := range cases {
		p, err := Parse(c.pattern)
		if err != nil {
			t.Fatalf("Parse(%s): %v", c.pattern, err)
		}
		if len(p.rules) != c.rules {
			t.Errorf("Parse(%s): %d conjunctions, want %d", c.pattern, len(p.rules), c.rules)
		}
	}
}

func TestParseAcceptsTextAfterThePattern(t *testing.T) {
	// AWS's compiler stops reading at the end of the pattern object.
	if _, err := Parse(`{"a":["1"]} trailing`); err != nil {
		t.Fatal(err)
	}
}

func TestPatternStringIsTheSource(t *testing.T) {
	const src = ` {"a": ["1"]} `
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != src {
		t.Errorf("String() = %q", p.String())
	}
}

// FuzzParse checks that Parse never panics, fails only with an *Error, and
// that what it accepts compiles and matches.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"source":["aws.ec2"],"detail":{"state":["running",{"prefix":"stop"}]}}`,
		`{"a":[{"numeric":[">",0,"<=",5]}],"b":[{"anything-but":{"wildcard":["*x*"]}}]}`,
		`{"$or":[{"a":[{"cidr":"10.0.0.0/8"}]},{"b":[{"exists":false}]}]}`,
		`{"a":[{"suffix":{"equals-ignore-case":"X"}},null,true,1e3,""]}`,
		`{"a":[{"wildcard":"a\\*b*"}]}`, `{"a":"x"}`, `[`, `{"a":[1,]}`, "{\n\"a\":[\"\\u00e9\"]}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Reason == "" {
				t.Fatalf("Parse(%q) = %v, want an *Error with a reason", src, err)
			}
			return
		}
		if _, err := p.Match(benchEvent); err != nil {
			t.Fatalf("Match: %v", err)
		}
		m := NewMatcher()
		m.Set("p", p)
		m.Set("q", p)
		if _, err := m.Match(benchEvent, nil); err != nil {
			t.Fatalf("Matcher.Match: %v", err)
		}
		m.Delete("p", "q")
		if len(m.fields) != 0 {
			t.Fatalf("fields left after deleting everything")
		}
	})
}
