package pattern

import (
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"
)

// A cond is one element of a pattern's leaf array: a value the field must
// have, or a test on it. The elements of one leaf array are alternatives.
type cond struct {
	kind    condKind
	s       string // the string operand; folded for the ignore-case kinds
	lo, hi  int64  // cNumber: the value when inRange; cRange: inclusive bounds in millionths
	inRange bool   // cNumber: whether the literal is within ±5.0e9
	prefix  netip.Prefix
	wc      *wildcard
	neg     []cond // cAnythingBut: the alternatives it excludes
}

type condKind uint8

const (
	cString      condKind = iota // "text": equal strings
	cNumber                      // 5: numerically equal numbers, or the same text
	cNull                        // null
	cTrue                        // true
	cFalse                       // false
	cPrefix                      // {"prefix": s}
	cSuffix                      // {"suffix": s}
	cPrefixFold                  // {"prefix": {"equals-ignore-case": s}}
	cSuffixFold                  // {"suffix": {"equals-ignore-case": s}}
	cEqualsFold                  // {"equals-ignore-case": s}
	cWildcard                    // {"wildcard": s}
	cRange                       // {"numeric": [...]}
	cCIDR                        // {"cidr": s}, and a string that is an IP address
	cExists                      // {"exists": true}
	cAbsent                      // {"exists": false}
	cAnythingBut                 // {"anything-but": ...}
)

// match reports whether the event value v satisfies c. Only leaf values
// exist for a pattern: objects and arrays are walked through, never matched.
func (c *cond) match(v *value, sc *scratch) bool {
	switch c.kind {
	case cString:
		return v.kind == vString && string(v.b) == c.s
	case cNumber:
		if v.kind != vNumber {
			return false
		}
		if c.inRange {
			n, ok := sc.micros(v)
			return ok && n == c.lo
		}
		return string(v.b) == c.s
	case cNull:
		return v.kind == vNull
	case cTrue:
		return v.kind == vTrue
	case cFalse:
		return v.kind == vFalse
	case cPrefix:
		return v.kind == vString && hasPrefix(v.b, c.s)
	case cSuffix:
		return v.kind == vString && hasSuffix(v.b, c.s)
	case cPrefixFold:
		return v.kind == vString && hasPrefix(sc.folded(v), c.s)
	case cSuffixFold:
		return v.kind == vString && hasSuffix(sc.folded(v), c.s)
	case cEqualsFold:
		return v.kind == vString && string(sc.folded(v)) == c.s
	case cWildcard:
		return v.kind == vString && c.wc.match(v.b)
	case cRange:
		if v.kind != vNumber {
			return false
		}
		n, ok := sc.micros(v)
		return ok && c.lo <= n && n <= c.hi
	case cCIDR:
		if v.kind != vString {
			return false
		}
		ip, ok := sc.ip(v)
		return ok && c.prefix.Contains(ip)
	case cExists:
		return true
	case cAbsent:
		return false
	case cAnythingBut:
		return !matchAny(c.neg, v, sc)
	}
	return false
}

// hasPrefix and hasSuffix compare without converting s to a byte slice,
// which could allocate on the matching path.
func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

func matchAny(conds []cond, v *value, sc *scratch) bool {
	for i := range conds {
		if conds[i].match(v, sc) {
			return true
		}
	}
	return false
}

// signature is a canonical encoding of c: two conds with the same
// signature match the same values.
func (c *cond) signature() string {
	var b []byte
	b = append(b, byte(c.kind))
	switch c.kind {
	case cNumber:
		if c.inRange {
			b = binary.BigEndian.AppendUint64(b, uint64(c.lo))
		} else {
			b = append(b, c.s...)
		}
	case cRange:
		b = binary.BigEndian.AppendUint64(b, uint64(c.lo))
		b = binary.BigEndian.AppendUint64(b, uint64(c.hi))
	case cCIDR:
		b = append(b, c.prefix.String()...)
	case cWildcard:
		b = append(b, c.wc.src...)
	case cAnythingBut:
		b = append(b, signature(c.neg)...)
	default:
		b = append(b, c.s...)
	}
	return string(b)
}

// signature encodes a set of alternatives canonically: sorted, without
// repeats, each length-prefixed so that no two sets share an encoding.
func signature(conds []cond) string {
	sigs := make([]string, len(conds))
	for i := range conds {
		sigs[i] = conds[i].signature()
	}
	slices.Sort(sigs)
	sigs = slices.Compact(sigs)
	var b strings.Builder
	for _, s := range sigs {
		b.Write(binary.AppendUvarint(nil, uint64(len(s))))
		b.WriteString(s)
	}
	return b.String()
}
