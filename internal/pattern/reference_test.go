package pattern

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file is a second, deliberately naive implementation of the pattern
// language, written straight from the definition: decode both documents
// with encoding/json, expand $or into conjunctions, and walk the event tree
// for each conjunction. It shares no code with the package except the
// definitions of what the operators mean. The property tests compare the
// compiled Matcher with it.

type refField struct {
	path  []string
	elems []any // the leaf array of the pattern
}

// refExpand turns a decoded pattern object into its conjunctions.
func refExpand(obj map[string]any, prefix []string) [][]refField {
	rules := [][]refField{nil}
	for k, v := range obj {
		if k == "$or" {
			var next [][]refField
			for _, alt := range v.([]any) {
				for _, sub := range refExpand(alt.(map[string]any), prefix) {
					for _, r := range rules {
						next = append(next, append(append([]refField(nil), r...), sub...))
					}
				}
			}
			rules = next
			continue
		}
		path := append(append([]string(nil), prefix...), k)
		switch v := v.(type) {
		case []any:
			for i := range rules {
				rules[i] = append(rules[i], refField{path: path, elems: v})
			}
		case map[string]any:
			var next [][]refField
			for _, sub := range refExpand(v, path) {
				for _, r := range rules {
					next = append(next, append(append([]refField(nil), r...), sub...))
				}
			}
			rules = next
		}
	}
	return rules
}

func refDecode(s string) any {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		panic(err)
	}
	return v
}

// refMatch reports whether the event matches the pattern.
func refMatch(pattern, event string) bool {
	return refMatchExpanded(refExpand(refDecode(pattern).(map[string]any), nil), refDecode(event))
}

// refMatchExpanded is refMatch on a pattern already expanded by refExpand
// and an event decoded by refDecode.
func refMatchExpanded(rules [][]refField, ev any) bool {
	for _, r := range rules {
		if refRule(r, ev) {
			return true
		}
	}
	return false
}

func refRule(r []refField, ev any) bool {
	var rest []refField
	for _, f := range r {
		if len(refLeaves(ev, f.path)) == 0 {
			if !refAllowsAbsent(f.elems) {
				return false
			}
			continue
		}
		rest = append(rest, f)
	}
	return refSat(ev, rest)
}

func refAllowsAbsent(elems []any) bool {
	for _, e := range elems {
		if m, ok := e.(map[string]any); ok && m["exists"] == false {
			return true
		}
	}
	return false
}

// refLeaves lists the leaf values at path, through any arrays.
func refLeaves(v any, path []string) []any {
	switch v := v.(type) {
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, refLeaves(e, path)...)
		}
		return out
	case map[string]any:
		if len(path) == 0 {
			return nil
		}
		c, ok := v[path[0]]
		if !ok {
			return nil
		}
		return refLeaves(c, path[1:])
	default:
		if len(path) == 0 {
			return []any{v}
		}
		return nil
	}
}

// refSat reports whether the fields (paths relative to v) can all be
// satisfied within v, each array contributing a single element to all the
// fields that go through it.
func refSat(v any, fields []refField) bool {
	if len(fields) == 0 {
		return true
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if refSat(e, fields) {
				return true
			}
		}
		return false
	case map[string]any:
		groups := map[string][]refField{}
		for _, f := range fields {
			if len(f.path) == 0 {
				return false
			}
			groups[f.path[0]] = append(groups[f.path[0]], refField{f.path[1:], f.elems})
		}
		for k, g := range groups {
			c, ok := v[k]
			if !ok || !refSat(c, g) {
				return false
			}
		}
		return true
	default:
		for _, f := range fields {
			if len(f.path) != 0 || !refAny(f.elems, v) {
				return false
			}
		}
		return true
	}
}

func refAny(elems []any, v any) bool {
	for _, e := range elems {
		if refElem(e, v) {
			return true
		}
	}
	return false
}

func refElem(e, v any) bool {
	switch e := e.(type) {
	case string:
		s, ok := v.(string)
		if !ok {
			return false
		}
		if s == e {
			return true
		}
		a, err1 := netip.ParseAddr(e)
		b, err2 := netip.ParseAddr(s)
		return err1 == nil && err2 == nil && a.Zone() == "" && b.Zone() == "" && a == b
	case json.Number:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		if string(n) == string(e) {
			return true
		}
		a, okA := refMicros(string(e))
		b, okB := refMicros(string(n))
		return okA && okB && a.Cmp(b) == 0
	case nil:
		return v == nil
	case bool:
		b, ok := v.(bool)
		return ok && b == e
	case map[string]any:
		for op, arg := range e {
			return refOp(op, arg, v)
		}
	}
	return false
}

func refOp(op string, arg, v any) bool {
	s, isStr := v.(string)
	switch op {
	case "prefix":
		if m, ok := arg.(map[string]any); ok {
			return isStr && refFoldPrefix(s, m["equals-ignore-case"].(string))
		}
		return isStr && strings.HasPrefix(s, arg.(string))
	case "suffix":
		if m, ok := arg.(map[string]any); ok {
			return isStr && refFoldSuffix(s, m["equals-ignore-case"].(string))
		}
		return isStr && strings.HasSuffix(s, arg.(string))
	case "equals-ignore-case":
		return isStr && strings.EqualFold(s, arg.(string))
	case "wildcard":
		return isStr && refWildcard(arg.(string)).MatchString(s)
	case "exists":
		return arg.(bool)
	case "cidr":
		p, err := netip.ParsePrefix(arg.(string))
		if err != nil {
			panic(err)
		}
		ip, err := netip.ParseAddr(s)
		return isStr && err == nil && ip.Zone() == "" && p.Masked().Contains(ip)
	case "numeric":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		x, ok := refMicros(string(n))
		if !ok {
			return false
		}
		terms := arg.([]any)
		for i := 0; i < len(terms); i += 2 {
			bound, _ := refMicros(string(terms[i+1].(json.Number)))
			c := x.Cmp(bound)
			var good bool
			switch terms[i].(string) {
			case "<":
				good = c < 0
			case "<=":
				good = c <= 0
			case "=":
				good = c == 0
			case ">":
				good = c > 0
			case ">=":
				good = c >= 0
			}
			if !good {
				return false
			}
		}
		return true
	case "anything-but":
		switch a := arg.(type) {
		case []any:
			for _, x := range a {
				if refElemPlain(x, v) {
					return false
				}
			}
			return true
		case map[string]any:
			for op2, arg2 := range a {
				list, ok := arg2.([]any)
				if !ok {
					list = []any{arg2}
				}
				for _, x := range list {
					if refOp(op2, x, v) {
						return false
					}
				}
			}
			return true
		default:
			return !refElemPlain(a, v)
		}
	}
	panic("reference: unknown operator " + op)
}

// refElemPlain is an anything-but member: a string or a number, without
// the IP address reading that plain leaf strings get.
func refElemPlain(x, v any) bool {
	if s, ok := x.(string); ok {
		t, ok := v.(string)
		return ok && s == t
	}
	a, okA := refMicros(string(x.(json.Number)))
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	b, okB := refMicros(string(n))
	return okA && okB && a.Cmp(b) == 0
}

// refMicros is floor(x × 10^6) for |x| ≤ 5e9, computed with big.Rat.
func refMicros(s string) (*big.Int, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, false
	}
	limit := big.NewRat(5_000_000_000, 1)
	if r.Cmp(limit) > 0 || r.Cmp(new(big.Rat).Neg(limit)) < 0 {
		return nil, false
	}
	r.Mul(r, big.NewRat(1_000_000, 1))
	q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean division: floor for a positive divisor
	return q, true
}

func refFoldPrefix(s, p string) bool {
	for i := 0; i <= len(s); {
		if strings.EqualFold(s[:i], p) {
			return true
		}
		if i == len(s) {
			break
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

func refFoldSuffix(s, p string) bool {
	for i := len(s); i >= 0; {
		if strings.EqualFold(s[i:], p) {
			return true
		}
		if i == 0 {
			break
		}
		_, n := utf8.DecodeLastRuneInString(s[:i])
		i -= n
	}
	return false
}

func refWildcard(w string) *regexp.Regexp {
	var b bytes.Buffer
	b.WriteString(`(?s)^`)
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '\\':
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case '*':
			b.WriteString(`.*`)
		default:
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}
