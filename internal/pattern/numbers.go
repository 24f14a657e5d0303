package pattern

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
