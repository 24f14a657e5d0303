package pattern

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits on a pattern. MaxLength is the EventPattern limit of the API
// model; Parse enforces it too so that nothing longer is ever compiled.
// The expansion limits bound what one pattern can cost the matcher: each
// $or multiplies the conjunctions the pattern stands for, and the matcher
// stores every one of them.
const (
	MaxLength        = 4096  // characters of pattern text
	MaxCombinations  = 1000  // conjunctions a pattern expands to through $or
	MaxExpandedField = 20000 // field conditions summed over those conjunctions
)

// Pattern is a validated event pattern. It is immutable and safe for
// concurrent use.
type Pattern struct {
	src   string
	rules []rule // $or expanded: the pattern matches when any rule does

	once   sync.Once
	single *snapshot // this pattern alone, for Match
}

// rule is a conjunction: every field must match.
type rule struct {
	fields []field // in matching order, see ruleBuild.rule
}

// field is one leaf of a pattern: a path into the event and the
// alternatives its value is tested against.
type field struct {
	path  []string
	order string // fieldOrder(path): the field's identity, and its rank among equally selective fields
	conds []cond
	sig   string // signature(conds)
}

// String returns the text the pattern was parsed from.
func (p *Pattern) String() string { return p.src }

// Parse validates and compiles an event pattern. An invalid pattern gives
// an *Error whose Reason is the text AWS reports for it.
//
// The checks run in the order AWS's own compiler (event-ruler's
// JsonRuleCompiler) meets them while reading the text from left to right,
// so that a pattern with several faults gets the reason AWS gives.
func Parse(src string) (*Pattern, error) {
	if n := utf8.RuneCountInString(src); n > MaxLength {
		return nil, &Error{Reason: "Event pattern is longer than 4096 characters"}
	}
	c := &compiler{lx: jlexer{src: src}}
	t, err := c.lx.next()
	if err != nil {
		return nil, err
	}
	if t != jStartObject {
		return nil, &Error{Reason: "Filter is not an object"}
	}
	builds, err := c.object([]*ruleBuild{newRuleBuild()}, nil)
	if err != nil {
		return nil, err
	}
	p := &Pattern{src: src}
	seen := map[string]bool{}
	for _, b := range builds {
		r := b.rule()
		// $or alternatives can repeat a conjunction; keep it once.
		var key strings.Builder
		for _, f := range r.fields {
			key.WriteString(f.order)
			key.WriteString(f.sig)
		}
		if !seen[key.String()] {
			seen[key.String()] = true
			p.rules = append(p.rules, r)
		}
	}
	return p, nil
}

// compiler walks the tokens of a pattern, building the conjunctions it
// stands for. Its structure follows JsonRuleCompiler's.
type compiler struct {
	lx jlexer
}

// ruleBuild is a conjunction being built. A path given twice keeps the
// last leaf, as the map in JsonRuleCompiler does.
type ruleBuild struct {
	fields []field
	at     map[string]int
}

func newRuleBuild() *ruleBuild { return &ruleBuild{at: map[string]int{}} }

func (b *ruleBuild) put(f field) {
	if i, ok := b.at[f.order]; ok {
		b.fields[i] = f
		return
	}
	b.at[f.order] = len(b.fields)
	b.fields = append(b.fields, f)
}

func (b *ruleBuild) clone() *ruleBuild {
	c := &ruleBuild{fields: slices.Clone(b.fields), at: make(map[string]int, len(b.at))}
	for k, v := range b.at {
		c.at[k] = v
	}
	return c
}

// rule orders the fields of the conjunction for the matcher's trie: fields
// whose tests few values pass come first, so that the walk of the trie
// leaves few nodes behind at each step; among equals, the canonical path
// order applies, so that rules with common fields share trie nodes.
func (b *ruleBuild) rule() rule {
	fs := slices.Clone(b.fields)
	slices.SortFunc(fs, func(x, y field) int {
		if rx, ry := selectivity(x.conds), selectivity(y.conds); rx != ry {
			return rx - ry
		}
		return strings.Compare(x.order, y.order)
	})
	return rule{fields: fs}
}

// selectivity ranks a leaf by its least selective alternative: exact
// values first, then the other value tests, then existence, and last
// anything-but and {"exists": false}, which almost every event passes.
func selectivity(conds []cond) int {
	rank := 0
	for _, c := range conds {
		r := 0
		switch c.kind {
		case cString, cNumber, cNull, cTrue, cFalse:
			r = 0
		case cExists:
			r = 2
		case cAnythingBut, cAbsent:
			r = 3
		default:
			r = 1
		}
		rank = max(rank, r)
	}
	return rank
}

// fieldOrder encodes a path so that distinct paths get distinct strings,
// shallower paths sort first, and the keys of a path can contain anything
// (a '.' in a key does not make it two keys).
func fieldOrder(path []string) string {
	b := binary.BigEndian.AppendUint16(nil, uint16(len(path)))
	for _, k := range path {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	return string(b)
}

func fail(reason string) error { return &Error{Reason: reason} }

var errTooManyCombinations = &Error{Reason: "Event pattern is too complex: more than 1000 combinations of $or alternatives"}

// checkExpansion enforces MaxCombinations and MaxExpandedField on the
// conjunctions built so far.
func checkExpansion(builds []*ruleBuild) error {
	if len(builds) > MaxCombinations {
		return errTooManyCombinations
	}
	n := 0
	for _, b := range builds {
		n += len(b.fields)
	}
	if n > MaxExpandedField {
		return fail("Event pattern is too complex: more than 20000 field conditions after expanding $or")
	}
	return nil
}

// object reads the members of an object whose '{' has been read, at path,
// into every conjunction of builds, and returns the conjunctions (a $or
// member multiplies them).
func (c *compiler) object(builds []*ruleBuild, path []string) ([]*ruleBuild, error) {
	members := false
	for {
		t, err := c.lx.next()
		if err != nil {
			return nil, err
		}
		if t == jEndObject {
			break
		}
		members = true
		name := c.lx.name
		if name == "$or" {
			if builds, err = c.or(builds, path); err != nil {
				return nil, err
			}
			continue
		}
		t, err = c.lx.next()
		if err != nil {
			return nil, err
		}
		sub := append(path[:len(path):len(path)], name)
		switch t {
		case jStartObject:
			if builds, err = c.object(builds, sub); err != nil {
				return nil, err
			}
		case jStartArray:
			conds, err := c.leaf()
			if err != nil {
				return nil, err
			}
			f := field{path: sub, order: fieldOrder(sub), conds: conds, sig: signature(conds)}
			for _, b := range builds {
				b.put(f)
			}
			if err := checkExpansion(builds); err != nil {
				return nil, err
			}
		default:
			return nil, fail(`"` + name + `" must be an object or an array`)
		}
	}
	if !members {
		return nil, fail("Empty objects are not allowed")
	}
	return builds, nil
}

// or reads the array of a $or member: each element is a pattern object
// added to a copy of the conjunctions built so far.
func (c *compiler) or(builds []*ruleBuild, path []string) ([]*ruleBuild, error) {
	t, err := c.lx.next()
	if err != nil {
		return nil, err
	}
	if t != jStartArray {
		return nil, fail("It must be an Array followed with $or.")
	}
	var out []*ruleBuild
	n := 0
	for {
		t, err := c.lx.next()
		if err != nil {
			return nil, err
		}
		if t == jEndArray {
			break
		}
		n++
		if t != jStartObject {
			return nil, fail("Only JSON object is allowed in array of $or relationship.")
		}
		if len(out)+len(builds) > MaxCombinations {
			return nil, errTooManyCombinations
		}
		alt := make([]*ruleBuild, len(builds))
		for i, b := range builds {
			alt[i] = b.clone()
		}
		if alt, err = c.object(alt, path); err != nil {
			return nil, err
		}
		out = append(out, alt...)
		if err := checkExpansion(out); err != nil {
			return nil, err
		}
	}
	if n < 2 {
		return nil, fail("There must have at least 2 Json objects in array of $or relationship.")
	}
	return out, nil
}

// leaf reads the elements of a leaf array whose '[' has been read.
func (c *compiler) leaf() ([]cond, error) {
	var conds []cond
	for {
		t, err := c.lx.next()
		if err != nil {
			return nil, err
		}
		switch t {
		case jEndArray:
			if len(conds) == 0 {
				return nil, fail("Empty arrays are not allowed")
			}
			return conds, nil
		case jStartObject:
			cd, err := c.matchExpression()
			if err != nil {
				return nil, err
			}
			conds = append(conds, cd)
		case jString:
			s, err := c.lx.text()
			if err != nil {
				return nil, err
			}
			conds = append(conds, cond{kind: cString, s: s})
			// event-ruler turns a string that is an IP address into a
			// one-address range, so "10.0.0.1" also matches other
			// spellings of the same address, such as IPv6 with or
			// without zero compression.
			if ip, ok := parseIP(s); ok {
				conds = append(conds, cond{kind: cCIDR, prefix: netipPrefixOf(ip)})
			}
		case jNumber:
			conds = append(conds, numberCond(c.lx.num))
		case jNull:
			conds = append(conds, cond{kind: cNull})
		case jTrue:
			conds = append(conds, cond{kind: cTrue})
		case jFalse:
			conds = append(conds, cond{kind: cFalse})
		default:
			return nil, fail("Match value must be String, number, true, false, or null")
		}
	}
}

// numberCond is a literal number of a pattern: it matches numerically when
// in range, and always by its exact text.
func numberCond(text string) cond {
	n, ok := parseMicros([]byte(text))
	return cond{kind: cNumber, s: text, lo: n, inRange: ok}
}

// matchExpression reads an object element of a leaf array, whose '{' has
// been read: one operator and its operand.
func (c *compiler) matchExpression() (cond, error) {
	t, err := c.lx.next()
	if err != nil {
		return cond{}, err
	}
	if t == jEndObject {
		return cond{}, fail("Empty objects are not allowed")
	}
	op := c.lx.name
	t, err = c.lx.next()
	if err != nil {
		return cond{}, err
	}
	var cd cond
	switch op {
	case "prefix", "suffix":
		cd, err = c.affix(op, t)
	case "equals-ignore-case":
		if t != jString {
			return cond{}, fail("equals-ignore-case match pattern must be a string")
		}
		s, err := c.lx.text()
		if err != nil {
			return cond{}, err
		}
		cd = cond{kind: cEqualsFold, s: foldString(s)}
	case "wildcard":
		if t != jString {
			return cond{}, fail("wildcard match pattern must be a string")
		}
		cd, err = c.wildcardOperand()
	case "numeric":
		if t != jStartArray {
			return cond{}, fail("Value of numeric must be an array.")
		}
		cd, err = c.numeric()
	case "exists":
		switch t {
		case jTrue:
			cd = cond{kind: cExists}
		case jFalse:
			cd = cond{kind: cAbsent}
		default:
			return cond{}, fail("exists match pattern must be either true or false.")
		}
	case "cidr":
		if t != jString {
			// event-ruler reuses the prefix text here.
			return cond{}, fail("prefix match pattern must be a string")
		}
		s, err := c.lx.text()
		if err != nil {
			return cond{}, err
		}
		pfx, err := parseCIDR(s)
		if err != nil {
			return cond{}, err
		}
		cd = cond{kind: cCIDR, prefix: pfx}
	case "anything-but":
		cd, err = c.anythingBut(t)
	default:
		return cond{}, fail("Unrecognized match type " + op)
	}
	if err != nil {
		return cond{}, err
	}
	return cd, c.end()
}

// end reads the '}' that must close an operator object.
func (c *compiler) end() error {
	t, err := c.lx.next()
	if err != nil {
		return err
	}
	if t != jEndObject {
		// event-ruler's text, shared by every operator.
		return fail("Too many elements in numeric expression")
	}
	return nil
}

// affix reads the operand of prefix or suffix: a string, or an object
// {"equals-ignore-case": string}.
func (c *compiler) affix(op string, t jtoken) (cond, error) {
	if t == jStartObject {
		t, err := c.lx.next()
		if err != nil {
			return cond{}, err
		}
		if t != jFieldName {
			return cond{}, fail(strings.ToUpper(op[:1]) + op[1:] + " expression name not found")
		}
		if c.lx.name != "equals-ignore-case" {
			return cond{}, fail("Unsupported " + op + " pattern: " + c.lx.name)
		}
		if t, err = c.lx.next(); err != nil {
			return cond{}, err
		}
		if t != jString {
			return cond{}, fail("equals-ignore-case match pattern must be a string")
		}
		s, err := c.lx.text()
		if err != nil {
			return cond{}, err
		}
		kind := cPrefixFold
		if op == "suffix" {
			kind = cSuffixFold
		}
		return cond{kind: kind, s: foldString(s)}, c.end()
	}
	if t != jString {
		return cond{}, fail(op + " match pattern must be a string")
	}
	s, err := c.lx.text()
	if err != nil {
		return cond{}, err
	}
	kind := cPrefix
	if op == "suffix" {
		kind = cSuffix
	}
	return cond{kind: kind, s: s}, nil
}

func (c *compiler) wildcardOperand() (cond, error) {
	s, err := c.lx.text()
	if err != nil {
		return cond{}, err
	}
	wc, err := parseWildcard(s)
	if err != nil {
		return cond{}, err
	}
	return cond{kind: cWildcard, wc: wc}, nil
}

// tokenText is what Jackson's getText returns for a token, for messages
// that quote it.
func (c *compiler) tokenText(t jtoken) string {
	switch t {
	case jStartObject:
		return "{"
	case jEndObject:
		return "}"
	case jStartArray:
		return "["
	case jEndArray:
		return "]"
	case jNumber:
		return c.lx.num
	case jTrue:
		return "true"
	case jFalse:
		return "false"
	case jNull:
		return "null"
	case jFieldName:
		return c.lx.name
	case jString:
		s, _ := c.lx.text()
		return s
	}
	return ""
}
