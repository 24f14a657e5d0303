package pattern

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The property tests generate random patterns and events from a small
// vocabulary, so that they often meet, and check the compiled Matcher and
// Pattern.Match against the reference evaluator (reference_test.go). The
// seed is fixed: a failure reproduces.

var (
	genKeys    = []string{"a", "b", "c", "d"}
	genStrings = []string{"", "a", "ab", "abc", "Ab", "ABC", "b", "ba", "bab", "x*y", `a\b`, "ÄÖ", "äö", "10.0.0.1", "10.0.1.5", "192.168.1.1", "2001:db8::1", "2001:DB8:0::1", "::ffff:10.0.0.1"}
	genNumbers = []string{"0", "1", "-1", "5", "5.0", "5e0", "0.5", "2.0000001", "2", "-0.0000001", "1e10", "5000000000", "-5000000000", "5000000000.5", "3.25", "100"}
)

type gen struct{ r *rand.Rand }

func (g gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g gen) scalar() string {
	switch g.r.IntN(10) {
	case 0:
		return g.pick([]string{"true", "false", "null"})
	case 1, 2, 3:
		return g.pick(genNumbers)
	default:
		return quote(g.pick(genStrings))
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// event generates a JSON value: objects, arrays (of scalars, objects or
// arrays) and scalars.
func (g gen) event(depth int) string {
	switch {
	case depth > 0 && g.r.IntN(3) == 0:
		n := g.r.IntN(4)
		parts := make([]string, n)
		for i := range parts {
			if g.r.IntN(2) == 0 {
				parts[i] = g.object(depth - 1)
			} else {
				parts[i] = g.event(depth - 1)
			}
		}
		return "[" + strings.Join(parts, ",") + "]"
	case depth > 0 && g.r.IntN(3) == 0:
		return g.object(depth - 1)
	}
	return g.scalar()
}

func (g gen) object(depth int) string {
	keys := slices.Clone(genKeys)
	g.r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	keys = keys[:g.r.IntN(len(keys)+1)]
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = quote(k) + ":" + g.event(depth)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// pattern generates a valid pattern object using keys at each level,
// taking care that no path is given twice in one conjunction: the
// alternatives of a $or only use keys its siblings do not.
func (g gen) pattern(depth int, keys []string) string {
	keys = slices.Clone(keys)
	g.r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	n := 1 + g.r.IntN(min(2, len(keys)))
	var parts []string
	for _, k := range keys[:n] {
		if depth > 0 && g.r.IntN(3) == 0 {
			parts = append(parts, quote(k)+":"+g.pattern(depth-1, genKeys))
		} else {
			parts = append(parts, quote(k)+":"+g.leaf())
		}
	}
	if rest := keys[n:]; len(rest) > 0 && depth > 0 && g.r.IntN(4) == 0 {
		alts := make([]string, 2+g.r.IntN(2))
		for i := range alts {
			alts[i] = g.pattern(depth-1, rest)
		}
		parts = append(parts, `"$or":[`+strings.Join(alts, ",")+"]")
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func (g gen) leaf() string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.element()
	}
	return "[" + strings.Join(parts, ",") + "]"
}

var genOperands = []string{"", "a", "A", "b", "ab", "ä", "Ä", "x", "10."}

func (g gen) element() string {
	switch g.r.IntN(16) {
	case 0:
		return fmt.Sprintf(`{"prefix":%s}`, quote(g.pick(genOperands)))
	case 1:
		return fmt.Sprintf(`{"suffix":%s}`, quote(g.pick(genOperands)))
	case 2:
		return fmt.Sprintf(`{"prefix":{"equals-ignore-case":%s}}`, quote(g.pick(genOperands)))
	case 3:
		return fmt.Sprintf(`{"suffix":{"equals-ignore-case":%s}}`, quote(g.pick(genOperands)))
	case 4:
		return fmt.Sprintf(`{"equals-ignore-case":%s}`, quote(g.pick(genStrings)))
	case 5:
		return fmt.Sprintf(`{"wildcard":%s}`, quote(g.pick([]string{"*", "a*", "*b", "a*b", "*a*", "x\\*y", "a\\\\b", "b*b", "", "A*"})))
	case 6:
		return fmt.Sprintf(`{"exists":%v}`, g.r.IntN(2) == 0)
	case 7:
		return fmt.Sprintf(`{"cidr":%s}`, quote(g.pick([]string{"10.0.0.0/24", "10.0.0.0/8", "192.168.0.0/16", "0.0.0.0/0", "2001:db8::/32", "10.0.1.5/32"})))
	case 8:
		lo := g.r.IntN(8) - 2
		switch g.r.IntN(4) {
		case 0:
			return fmt.Sprintf(`{"numeric":["%s",%d]}`, g.pick([]string{"<", "<=", "=", ">", ">="}), lo)
		case 1:
			return fmt.Sprintf(`{"numeric":[">",%d,"<=",%d.5]}`, lo, lo+2)
		case 2:
			return `{"numeric":["=",5]}`
		default:
			return fmt.Sprintf(`{"numeric":[">=",%s,"<",%d]}`, g.pick([]string{"-1", "0", "2", "-0.0000001"}), max(lo+3, 3))
		}
	case 9:
		return g.anythingBut()
	case 10, 11:
		return g.pick(genNumbers)
	case 12:
		return g.pick([]string{"true", "false", "null"})
	default:
		return quote(g.pick(genStrings))
	}
}

func (g gen) anythingBut() string {
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprintf(`{"anything-but":%s}`, quote(g.pick(genStrings)))
	case 1:
		return fmt.Sprintf(`{"anything-but":[%s,%s]}`, quote(g.pick(genStrings)), quote(g.pick(genStrings)))
	case 2:
		return fmt.Sprintf(`{"anything-but":[%s,%s]}`, g.pick(genNumbers[:10]), g.pick(genNumbers[:10]))
	case 3:
		return fmt.Sprintf(`{"anything-but":%s}`, g.pick(genNumbers[:10]))
	case 4:
		op := g.pick([]string{"prefix", "suffix", "equals-ignore-case", "wildcard"})
		arg := g.pick(genOperands[1:])
		if op == "wildcard" {
			arg += "*"
		}
		return fmt.Sprintf(`{"anything-but":{%q:%s}}`, op, quote(arg))
	default:
		op := g.pick([]string{"prefix", "suffix", "equals-ignore-case", "wildcard"})
		return fmt.Sprintf(`{"anything-but":{%q:[%s,%s]}}`, op, quote(g.pick(genOperands[1:])), quote(g.pick(genOperands[1:])))
	}
}

func TestMatcherAgreesWithReference(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(1, 2))}
	rounds := 300
	if testing.Short() {
		rounds = 60
	}
	for round := 0; round < rounds; round++ {
		var srcs []string
		var expanded [][][]refField
		m := NewMatcher()
		patterns := map[string]*Pattern{}
		for i := 0; i < 40; i++ {
			src := g.pattern(2, genKeys)
			p, err := Parse(src)
			if err != nil {
				t.Fatalf("generated pattern %s: %v", src, err)
			}
			srcs = append(srcs, src)
			expanded = append(expanded, refExpand(refDecode(src).(map[string]any), nil))
			id := fmt.Sprint(i)
			patterns[id] = p
			// Half through Set, half in one SetMany, to cover both paths.
			if i%2 == 0 {
				m.Set(id, p)
			}
		}
		batch := map[string]*Pattern{}
		for i := 1; i < len(srcs); i += 2 {
			batch[fmt.Sprint(i)] = patterns[fmt.Sprint(i)]
		}
		m.SetMany(batch)
		// Delete a few and put some back, so that removal is exercised.
		live := map[string]bool{}
		for id := range patterns {
			live[id] = true
		}
		for i := 0; i < 10; i++ {
			id := fmt.Sprint(g.r.IntN(len(srcs)))
			m.Delete(id)
			live[id] = false
			if g.r.IntN(2) == 0 {
				m.Set(id, patterns[id])
				live[id] = true
			}
		}
		for e := 0; e < 30; e++ {
			ev := g.object(3)
			decoded := refDecode(ev)
			got, err := m.Match([]byte(ev), nil)
			if err != nil {
				t.Fatalf("event %s: %v", ev, err)
			}
			slices.Sort(got)
			var want []string
			for i, src := range srcs {
				id := fmt.Sprint(i)
				ref := refMatchExpanded(expanded[i], decoded)
				if ref && live[id] {
					want = append(want, id)
				}
				if single, err := patterns[id].Match([]byte(ev)); err != nil || single != ref {
					t.Fatalf("Pattern.Match(%s)\npattern %s\n= %v, %v; reference says %v", ev, src, single, err, ref)
				}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, event %s\nmatcher: %v\nreference: %v\n%s", round, ev, got, want, describe(srcs, got, want))
			}
		}
	}
}

// describe lists the patterns on which the matcher and the reference
// disagree.
func describe(srcs []string, got, want []string) string {
	var b strings.Builder
	for i, src := range srcs {
		id := fmt.Sprint(i)
		if slices.Contains(got, id) != slices.Contains(want, id) {
			fmt.Fprintf(&b, "%s: %s\n", id, src)
		}
	}
	return b.String()
}
