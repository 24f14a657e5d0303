package pattern

// anything-but excludes what another operator would match: single values,
// lists of strings or of numbers, and the prefix, suffix,
// equals-ignore-case and wildcard operators, alone or as lists. Matching
// is cond.match on a cAnythingBut: a leaf value passes when none of the
// excluded alternatives matches it, whatever its type.

// anythingBut reads the operand of anything-but, whose first token t has
// been read: a string, a number, a list of strings or of numbers, or an
// object naming another operator whose matches are excluded.
func (c *compiler) anythingBut(t jtoken) (cond, error) {
	switch t {
	case jStartArray:
		return c.anythingButList()
	case jStartObject:
		return c.anythingButObject()
	case jString:
		s, err := c.lx.text()
		if err != nil {
			return cond{}, err
		}
		return cond{kind: cAnythingBut, neg: []cond{{kind: cString, s: s}}}, nil
	case jNumber:
		n, err := c.anythingButNumber()
		if err != nil {
			return cond{}, err
		}
		return cond{kind: cAnythingBut, neg: []cond{n}}, nil
	}
	return cond{}, fail(anythingButTypes)
}

const anythingButTypes = "Inside anything but list, start|null|boolean is not supported."

// anythingButNumber is the current number token as a value anything-but
// excludes; it must be within the numeric range.
func (c *compiler) anythingButNumber() (cond, error) {
	n, ok := parseMicros([]byte(c.lx.num))
	if !ok {
		return cond{}, fail(rangeError)
	}
	return cond{kind: cNumber, s: c.lx.num, lo: n, inRange: true}, nil
}

func (c *compiler) anythingButList() (cond, error) {
	var neg []cond
	strs, nums := false, false
	for {
		t, err := c.lx.next()
		if err != nil {
			return cond{}, err
		}
		switch t {
		case jEndArray:
			if strs == nums {
				return cond{}, fail("Inside anything but list, either all values are number or string, mixed type is not supported")
			}
			return cond{kind: cAnythingBut, neg: neg}, nil
		case jString:
			s, err := c.lx.text()
			if err != nil {
				return cond{}, err
			}
			neg = append(neg, cond{kind: cString, s: s})
			strs = true
		case jNumber:
			n, err := c.anythingButNumber()
			if err != nil {
				return cond{}, err
			}
			neg = append(neg, n)
			nums = true
		default:
			return cond{}, fail(anythingButTypes)
		}
	}
}

// anythingButObject reads {"prefix"|"suffix"|"equals-ignore-case"|
// "wildcard": string or list of strings} inside anything-but. AWS
// documents the list form for equals-ignore-case and wildcard; it is
// accepted for prefix and suffix as well, as event-ruler does.
func (c *compiler) anythingButObject() (cond, error) {
	t, err := c.lx.next()
	if err != nil {
		return cond{}, err
	}
	if t == jEndObject {
		return cond{}, fail("Empty objects are not allowed")
	}
	op := c.lx.name
	var kind condKind
	switch op {
	case "prefix":
		kind = cPrefix
	case "suffix":
		kind = cSuffix
	case "equals-ignore-case":
		kind = cEqualsFold
	case "wildcard":
		kind = cWildcard
	default:
		return cond{}, fail("Unsupported anything-but pattern: " + op)
	}
	if t, err = c.lx.next(); err != nil {
		return cond{}, err
	}
	var operands []string
	switch t {
	case jString:
		s, err := c.lx.text()
		if err != nil {
			return cond{}, err
		}
		operands = append(operands, s)
	case jStartArray:
		for {
			t, err := c.lx.next()
			if err != nil {
				return cond{}, err
			}
			if t == jEndArray {
				break
			}
			if t != jString {
				return cond{}, fail(op + " match pattern must be a string")
			}
			s, err := c.lx.text()
			if err != nil {
				return cond{}, err
			}
			operands = append(operands, s)
		}
		if len(operands) == 0 {
			return cond{}, fail("Empty arrays are not allowed")
		}
	default:
		return cond{}, fail(op + " match pattern must be a string")
	}
	var neg []cond
	for _, s := range operands {
		switch kind {
		case cPrefix, cSuffix:
			if s == "" {
				return cond{}, fail("Null " + op + " not allowed")
			}
			neg = append(neg, cond{kind: kind, s: s})
		case cEqualsFold:
			neg = append(neg, cond{kind: kind, s: foldString(s)})
		case cWildcard:
			wc, err := parseWildcard(s)
			if err != nil {
				return cond{}, err
			}
			neg = append(neg, cond{kind: kind, wc: wc})
		}
	}
	return cond{kind: cAnythingBut, neg: neg}, c.end()
}
