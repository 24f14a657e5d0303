package model

import (
	"encoding/json"
	"strings"
	"testing"
)

// inputPatterns returns every pattern of a shape reachable from an
// operation input of the embedded model.
func inputPatterns(t *testing.T) map[string]string {
	t.Helper()
	var file modelFile
	if err := json.Unmarshal([]byte(modelJSON), &file); err != nil {
		t.Fatal(err)
	}
	patterns := map[string]string{} // shape name -> pattern
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		def := file.Shapes[name]
		if def.Pattern != "" {
			patterns[name] = def.Pattern
		}
		for _, m := range def.Members {
			visit(m.Shape)
		}
		for _, ref := range []*shapeRef{def.Member, def.Key, def.Value} {
			if ref != nil {
				visit(ref.Shape)
			}
		}
	}
	for _, op := range file.Operations {
		if op.Input != nil {
			visit(op.Input.Shape)
		}
	}
	return patterns
}

func TestEveryInputPatternCompilesOrIsSpecialCased(t *testing.T) {
	patterns := inputPatterns(t)
	if len(patterns) == 0 {
		t.Fatal("no input patterns found")
	}
	special := 0
	for name, text := range patterns {
		if text == notBlankPattern {
			special++
		}
		if _, err := compilePattern(text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if patterns["PathParameter"] != notBlankPattern || special != 1 {
		t.Errorf("PathParameter = %q and %d special-cased patterns; the special case no longer matches the model", patterns["PathParameter"], special)
	}
}

func TestPatternsMatchTheWholeValue(t *testing.T) {
	tests := []struct {
		pattern, value string
		want           bool
	}{
		{`[\.\-_A-Za-z0-9]+`, "my-rule_1.x", true},
		{`[\.\-_A-Za-z0-9]+`, "Invalid Name With Spaces!", false},
		{`[\.\-_A-Za-z0-9]+`, "", false},
		{`aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`, "aws.partner/saas.com/123/app", true},
		{`aws\.partner(/[\.\-_A-Za-z0-9]+){2,}`, "aws.partner/saas.com", false},
		{`\d{12}`, "123456789012", true},
		{`\d{12}`, "1234567890123", false},
		{`(\d{12}|\*)`, "*", true},
		{`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`, "tag:Ünïcode 1", true},
		{`^(?:^arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:\d{12}:resourceconfiguration/rcfg-[0-9a-z]{17}$|^$)`, "", true},
		// Java's '.' stops at every line terminator, RE2's only at \n.
		{`.*`, "one line", true},
		{`.*`, "two\nlines", false},
		{`.*`, "carriage\rreturn", false},
		{`.*`, "line\u2028separator", false},
		{`.*`, "tab\tis fine", true},
		// Escaped dots and dots in classes stay literal.
		{`^[A-Za-z0-9\-]+[\.][A-Za-z0-9\-]+$`, "abc.def", true},
		{`^[A-Za-z0-9\-]+[\.][A-Za-z0-9\-]+$`, "abcXdef", false},
		{`a\.b`, "a.b", true},
		{`a\.b`, "axb", false},
		{`[]a.]+`, "a.]", true},
		{`[]a.]+`, "ab", false},
		// PathParameter, matched by hand.
		{notBlankPattern, "x", true},
		{notBlankPattern, " x ", true},
		{notBlankPattern, "", false},
		{notBlankPattern, " \t\f\x0b", false},
		{notBlankPattern, "a\nb", false},
		{notBlankPattern, "a\u0085", false},
	}
	for _, tc := range tests {
		p, err := compilePattern(tc.pattern)
		if err != nil {
			t.Errorf("compilePattern(%q): %v", tc.pattern, err)
			continue
		}
		if got := p.match(tc.value); got != tc.want {
			t.Errorf("%s matches %q = %v, want %v", tc.pattern, tc.value, got, tc.want)
		}
	}
}

func TestJavaDotsRewritesOnlyBareDots(t *testing.T) {
	tests := map[string]string{
		`.*`:           javaAnyChar + `*`,
		`a\.b`:         `a\.b`,
		`[.]`:          `[.]`,
		`[^.]x.`:       `[^.]x` + javaAnyChar,
		`[\].]`:        `[\].]`,
		`(a|.)`:        `(a|` + javaAnyChar + `)`,
		`no dots here`: `no dots here`,
	}
	for in, want := range tests {
		if got := javaDots(in); got != want {
			t.Errorf("javaDots(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPatternPhraseQuotesTheModelText(t *testing.T) {
	p, err := compilePattern(`[\.\-_A-Za-z0-9]+`)
	if err != nil {
		t.Fatal(err)
	}
	if want := `Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`; p.phrase != want {
		t.Errorf("phrase = %q, want %q", p.phrase, want)
	}
	if strings.Contains(p.phrase, javaAnyChar) {
		t.Error("phrase shows the rewritten pattern")
	}
}
