package pattern

// Arrays in events make one question subtle: may a rule take the values of
// two of its fields from different elements of an array? AWS event-ruler,
// when it matches a JSON event, says no: given
//
//	{"detail": {"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]}}
//
// the pattern {"detail": {"items": {"sku": ["a"], "qty": [2]}}} does not
// match, because "a" and 2 are in different items. Every array element a
// value lies in is recorded while flattening (chainLink); a rule matches
// only if each of its fields can take a satisfying value so that any two
// of the chosen values that lie in the same array lie in the same element
// of it.
//
// The walk of the trie does not track this; it finds the rules each of
// whose fields has some satisfying value. That is a necessary condition,
// and for most events sufficient: only an array with two elements or more,
// one of them an object or an array, can separate the values of two fields.
// When an event has one, the rules found with two fields or more are
// checked here.
//
// The check follows the shape of the event. The arrays a path goes through
// are fixed by the path and the event, so at each nesting level the fields
// not yet satisfied fall into groups, one per array they continue in; the
// fields of a group must all be satisfied within one element of their
// array, which is tried element by element, and different groups are
// independent. This takes polynomial time, where trying every combination
// of values could take exponential time.

// consistent reports whether the fields of t can take satisfying values
// from compatible array elements.
func (sc *scratch) consistent(t *term) bool {
	var cands [][]int32
	for k := range t.rule.fields {
		head := sc.head(t.fids[k])
		if head < 0 {
			continue // satisfied by {"exists": false}
		}
		conds := t.rule.fields[k].conds
		var c []int32
		for vi := head; vi >= 0; vi = sc.vals[vi].next {
			if matchAny(conds, &sc.vals[vi], sc) {
				c = append(c, vi)
			}
		}
		if len(c) == 0 {
			return false
		}
		cands = append(cands, c)
	}
	return sc.solve(cands, 0)
}

// solve reports whether every field (its candidate values in cands) can be
// satisfied inside the array element at depth d that all candidates share.
func (sc *scratch) solve(cands [][]int32, d int32) bool {
	var pending [][]int32
	for _, c := range cands {
		free := false
		for _, vi := range c {
			if sc.depth(vi) == d {
				free = true // not inside any further array
				break
			}
		}
		if !free {
			pending = append(pending, c)
		}
	}
	for len(pending) > 0 {
		arr := sc.linkAt(pending[0][0], d+1).arr
		var group, rest [][]int32
		for _, c := range pending {
			if sc.linkAt(c[0], d+1).arr == arr {
				group = append(group, c)
			} else {
				rest = append(rest, c)
			}
		}
		if !sc.solveGroup(group, arr, d+1) {
			return false
		}
		pending = rest
	}
	return true
}

// solveGroup reports whether one element of array arr, whose links are at
// depth d, satisfies every field of group.
func (sc *scratch) solveGroup(group [][]int32, arr, d int32) bool {
	var tried []int32
	for _, vi := range group[0] {
		l := sc.linkAt(vi, d)
		if l.arr != arr || contains(tried, l.idx) {
			continue
		}
		tried = append(tried, l.idx)
		sub := make([][]int32, 0, len(group))
		for _, c := range group {
			var in []int32
			for _, vj := range c {
				if m := sc.linkAt(vj, d); m.arr == arr && m.idx == l.idx {
					in = append(in, vj)
				}
			}
			if len(in) == 0 {
				break
			}
			sub = append(sub, in)
		}
		if len(sub) == len(group) && sc.solve(sub, d) {
			return true
		}
	}
	return false
}

func contains(s []int32, x int32) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// depth is the number of array elements value vi lies in.
func (sc *scratch) depth(vi int32) int32 {
	if c := sc.vals[vi].chain; c >= 0 {
		return sc.chains[c].depth
	}
	return 0
}

// linkAt returns the link of value vi at depth d (1 is the outermost
// array); the caller knows vi lies that deep.
func (sc *scratch) linkAt(vi int32, d int32) chainLink {
	l := sc.chains[sc.vals[vi].chain]
	for l.depth > d {
		l = sc.chains[l.parent]
	}
	return l
}
