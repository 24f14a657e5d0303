package pattern

import "slices"

// Numbers take part in numeric matching the way AWS event-ruler's
// ComparableNumber has them: only values between -5.0e9 and 5.0e9
// inclusive, with six digits after the decimal point. A number is held as
// floor(v × 10^6), an integer of millionths, so comparing two numbers is
// comparing two int64s. Unlike event-ruler, which goes through a float64,
// the conversion here is exact on the decimal text: 0.1 is 100000
// millionths, never 99999.
//
// A number outside the range has no numeric value: numeric ranges and
// numeric anything-but never match it, and a literal number in a pattern
// that is outside the range matches by its exact text only.

// maxMicros is 5.0e9 in millionths.
const maxMicros = 5_000_000_000 * 1_000_000

// rangeError is AWS's text for a numeric operand outside the range; it
// prints the bounds as Java prints a double.
const rangeError = "Value must be between -5.0E9 and 5.0E9, inclusive"

// parseMicros converts the text of a JSON number to millionths, rounding
// towards negative infinity past the sixth decimal place. ok is false when
// the text is not a JSON number or the value is outside ±5.0e9.
func parseMicros(s []byte) (v int64, ok bool) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	// The digits of the mantissa without the point, and the position of
	// the point counted from the left of those digits.
	digStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intDigits := i - digStart
	if intDigits == 0 {
		return 0, false
	}
	fracStart, fracEnd := i, i
	if i < len(s) && s[i] == '.' {
		i++
		fracStart = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		fracEnd = i
		if fracEnd == fracStart {
			return 0, false
		}
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return 0, false
		}
		for ; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			// Any exponent this large puts a non-zero value out of range
			// or below a millionth; stop growing it before it overflows.
			if exp < 10000 {
				exp = exp*10 + int(c-'0')
			}
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return 0, false
	}
	// digit(k) is the k-th digit of the mantissa, integer then fraction.
	nd := intDigits + (fracEnd - fracStart)
	digit := func(k int) byte {
		if k < intDigits {
			return s[digStart+k]
		}
		return s[fracStart+k-intDigits]
	}
	// The value is 0.d1d2d3... × 10^point; in millionths the integer part
	// is made of the first point+6 digits.
	point := intDigits + exp
	keep := point + 6
	var mag uint64
	rest := false // whether digits past the kept ones are non-zero
	for k := 0; k < nd; k++ {
		d := digit(k) - '0'
		if k < keep {
			if mag > (1<<63)/10 {
				return 0, false
			}
			mag = mag*10 + uint64(d)
		} else if d != 0 {
			rest = true
		}
	}
	for k := nd; k < keep; k++ {
		if mag > (1<<63)/10 {
			return 0, false
		}
		mag *= 10
	}
	if keep < 0 {
		mag = 0
	}
	if mag > maxMicros || (mag == maxMicros && rest) {
		return 0, false
	}
	if neg {
		if rest {
			mag++ // floor of a negative value
		}
		return -int64(mag), true
	}
	return int64(mag), true
}

// numeric reads the array of a numeric operator, whose '[' has been read:
// one comparison, or a lower bound followed by an upper bound.
func (c *compiler) numeric() (cond, error) {
	t, err := c.lx.next()
	if err != nil {
		return cond{}, err
	}
	if t != jString {
		return cond{}, fail("Invalid member in numeric match: " + c.tokenText(t))
	}
	op, err := c.lx.text()
	if err != nil {
		return cond{}, err
	}
	// event-ruler reads the operand before it looks at the operator.
	if t, err = c.lx.next(); err != nil {
		return cond{}, err
	}
	if op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=" {
		return cond{}, fail("Unrecognized numeric range operator: " + op)
	}
	v, err := c.operand(op, t)
	if err != nil {
		return cond{}, err
	}
	switch op {
	case "=":
		return cond{kind: cRange, lo: v, hi: v}, c.endNumeric(false)
	case "<":
		return cond{kind: cRange, lo: -maxMicros, hi: v - 1}, c.endNumeric(false)
	case "<=":
		return cond{kind: cRange, lo: -maxMicros, hi: v}, c.endNumeric(false)
	}
	lo := v
	if op == ">" {
		lo = v + 1
	}
	if t, err = c.lx.next(); err != nil {
		return cond{}, err
	}
	if t == jEndArray {
		return cond{kind: cRange, lo: lo, hi: maxMicros}, nil
	}
	if t != jString {
		return cond{}, fail("Bad value in numeric range: " + c.tokenText(t))
	}
	op2, err := c.lx.text()
	if err != nil {
		return cond{}, err
	}
	if op2 != "<" && op2 != "<=" {
		return cond{}, fail("Bad numeric range operator: " + op2)
	}
	if t, err = c.lx.next(); err != nil {
		return cond{}, err
	}
	top, err := c.operand(op2, t)
	if err != nil {
		return cond{}, err
	}
	if v >= top {
		return cond{}, fail("Bottom must be less than top")
	}
	hi := top
	if op2 == "<" {
		hi = top - 1
	}
	if err := c.endNumeric(true); err != nil {
		return cond{}, err
	}
	return cond{kind: cRange, lo: lo, hi: hi}, nil
}

// operand checks the token t read after a numeric operator.
func (c *compiler) operand(op string, t jtoken) (int64, error) {
	if t != jNumber {
		return 0, fail("Value of " + op + " must be numeric")
	}
	v, ok := parseMicros([]byte(c.lx.num))
	if !ok {
		return 0, fail(rangeError)
	}
	return v, nil
}

// endNumeric reads the ']' closing a numeric array.
func (c *compiler) endNumeric(isRange bool) error {
	t, err := c.lx.next()
	if err != nil {
		return err
	}
	if t != jEndArray {
		if isRange {
			return fail("Too many terms in numeric range expression")
		}
		return fail("Too many elements in numeric expression")
	}
	return nil
}

// rangeIndex is a static interval tree over numeric ranges: the ranges
// sorted by lower bound form an implicit balanced search tree (the middle
// of each slice is its root), and maxHi holds the largest upper bound in
// each subtree, so a stabbing query skips every subtree that ends below the
// value.
type rangeIndex struct {
	items []rangeItem
	maxHi []int64
}

type rangeItem struct {
	lo, hi int64
	n      *node
}

func (r rangeIndex) clone() rangeIndex { return r } // add and remove build new slices

func (r *rangeIndex) add(lo, hi int64, n *node) {
	it := rangeItem{lo, hi, n}
	i, _ := slices.BinarySearchFunc(r.items, it, cmpRange)
	r.items = slices.Insert(slices.Clone(r.items), i, it)
	r.build()
}

func (r *rangeIndex) remove(lo, hi int64, n *node) {
	i := slices.Index(r.items, rangeItem{lo, hi, n})
	if i < 0 {
		return
	}
	r.items = slices.Delete(slices.Clone(r.items), i, i+1)
	r.build()
}

func cmpRange(a, b rangeItem) int {
	switch {
	case a.lo != b.lo:
		return cmpInt(a.lo, b.lo)
	case a.hi != b.hi:
		return cmpInt(a.hi, b.hi)
	}
	return int(a.n.id) - int(b.n.id)
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	return 1
}

func (r *rangeIndex) build() {
	r.maxHi = make([]int64, len(r.items))
	r.fill(0, len(r.items))
}

func (r *rangeIndex) fill(l, h int) int64 {
	if l >= h {
		return -maxMicros - 1
	}
	m := (l + h) / 2
	mx := max(r.items[m].hi, r.fill(l, m), r.fill(m+1, h))
	r.maxHi[m] = mx
	return mx
}

func (r *rangeIndex) stab(x int64, sc *scratch) {
	r.stabIn(0, len(r.items), x, sc)
}

func (r *rangeIndex) stabIn(l, h int, x int64, sc *scratch) {
	for l < h {
		m := (l + h) / 2
		if r.maxHi[m] < x {
			return
		}
		r.stabIn(l, m, x, sc)
		it := &r.items[m]
		if it.lo > x {
			return
		}
		if it.hi >= x {
			sc.push(it.n)
		}
		l = m + 1
	}
}
