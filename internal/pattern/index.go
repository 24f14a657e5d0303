package pattern

import (
	"maps"
	"slices"
)

// A step with many edges (many rules testing the same field at the same
// point of the trie) gets a valueIndex: every alternative of every edge is
// filed by its operand, so that a value of the event finds the edges it
// satisfies by lookups whose cost does not grow with the number of edges:
//
//   - exact strings, numbers (by their value in millionths) and
//     equals-ignore-case operands: hash maps;
//   - prefixes and suffixes: a hash map per operand, probed once for each
//     distinct operand length, with the matching prefix (suffix) of the
//     value;
//   - wildcards: filed by the literal text before their first '*', then by
//     the text after their last one (wildIndex), then checked in full;
//   - numeric ranges: an interval tree, a stabbing query;
//   - CIDR ranges: a hash map per mask length, probed with the value's
//     address masked to each length in use;
//   - anything-but, which every value but a few satisfies: a list, each
//     checked in turn.
//
// A valueIndex is copied before it is changed (see trie.go), so its maps
// and slices are never written once a snapshot can see them.
type valueIndex struct {
	strs   map[string][]*node
	nums   map[int64][]*node  // in-range numbers, by value
	texts  map[string][]*node // out-of-range numbers, by text
	lits   [3][]*node         // null, true, false
	fold   map[string][]*node
	prefix affixIndex[*node]
	suffix affixIndex[*node]
	pfold  affixIndex[*node] // prefix, ignoring case
	sfold  affixIndex[*node] // suffix, ignoring case
	wild   wildIndex
	ranges rangeIndex
	cidrs  cidrIndex
	exists []*node
	absent []*node
	linear []*edge // edges with an anything-but: checked one by one
}

func (ix *valueIndex) clone() *valueIndex {
	c := *ix
	c.strs = maps.Clone(ix.strs)
	c.nums = maps.Clone(ix.nums)
	c.texts = maps.Clone(ix.texts)
	c.fold = maps.Clone(ix.fold)
	c.prefix = ix.prefix.clone()
	c.suffix = ix.suffix.clone()
	c.pfold = ix.pfold.clone()
	c.sfold = ix.sfold.clone()
	c.wild = ix.wild.clone()
	c.ranges = ix.ranges.clone()
	c.cidrs = ix.cidrs.clone()
	// Slices are copied when they change (appendNode, removeNode).
	return &c
}

// add files every alternative of edge e.
func (ix *valueIndex) add(e *edge) {
	if e.linear {
		ix.linear = append(slices.Clip(ix.linear), e)
		if e.absent {
			ix.absent = appendNode(ix.absent, e.child)
		}
		return
	}
	n := e.child
	for i := range e.conds {
		c := &e.conds[i]
		switch c.kind {
		case cString:
			ix.strs = mapAdd(ix.strs, c.s, n)
		case cNumber:
			if c.inRange {
				ix.nums = mapAdd(ix.nums, c.lo, n)
			} else {
				ix.texts = mapAdd(ix.texts, c.s, n)
			}
		case cNull, cTrue, cFalse:
			k := c.kind - cNull
			ix.lits[k] = appendNode(ix.lits[k], n)
		case cEqualsFold:
			ix.fold = mapAdd(ix.fold, c.s, n)
		case cPrefix:
			ix.prefix.add(c.s, n)
		case cSuffix:
			ix.suffix.add(c.s, n)
		case cPrefixFold:
			ix.pfold.add(c.s, n)
		case cSuffixFold:
			ix.sfold.add(c.s, n)
		case cWildcard:
			ix.wild.add(wildTarget{c.wc, n})
		case cRange:
			ix.ranges.add(c.lo, c.hi, n)
		case cCIDR:
			ix.cidrs.add(c.prefix, n)
		case cExists:
			ix.exists = appendNode(ix.exists, n)
		case cAbsent:
			ix.absent = appendNode(ix.absent, n)
		}
	}
}

// remove undoes add(e).
func (ix *valueIndex) remove(e *edge) {
	if e.linear {
		ix.linear = slices.DeleteFunc(slices.Clone(ix.linear), func(x *edge) bool { return x == e })
		if e.absent {
			ix.absent = removeNode(ix.absent, e.child)
		}
		return
	}
	n := e.child
	for i := range e.conds {
		c := &e.conds[i]
		switch c.kind {
		case cString:
			mapRemove(ix.strs, c.s, n)
		case cNumber:
			if c.inRange {
				mapRemove(ix.nums, c.lo, n)
			} else {
				mapRemove(ix.texts, c.s, n)
			}
		case cNull, cTrue, cFalse:
			k := c.kind - cNull
			ix.lits[k] = removeNode(ix.lits[k], n)
		case cEqualsFold:
			mapRemove(ix.fold, c.s, n)
		case cPrefix:
			ix.prefix.remove(c.s, n)
		case cSuffix:
			ix.suffix.remove(c.s, n)
		case cPrefixFold:
			ix.pfold.remove(c.s, n)
		case cSuffixFold:
			ix.sfold.remove(c.s, n)
		case cWildcard:
			ix.wild.remove(wildTarget{c.wc, n})
		case cRange:
			ix.ranges.remove(c.lo, c.hi, n)
		case cCIDR:
			ix.cidrs.remove(c.prefix, n)
		case cExists:
			ix.exists = removeNode(ix.exists, n)
		case cAbsent:
			ix.absent = removeNode(ix.absent, n)
		}
	}
}

// lookup schedules every edge target that value v satisfies.
func (ix *valueIndex) lookup(v *value, sc *scratch) {
	pushAll(sc, ix.exists)
	switch v.kind {
	case vString:
		s := v.b
		pushAll(sc, ix.strs[string(s)])
		ix.prefix.prefixes(s, func(ns []*node) { pushAll(sc, ns) })
		ix.suffix.suffixes(s, func(ns []*node) { pushAll(sc, ns) })
		if ix.fold != nil || ix.pfold.m != nil || ix.sfold.m != nil {
			f := sc.folded(v)
			pushAll(sc, ix.fold[string(f)])
			ix.pfold.prefixes(f, func(ns []*node) { pushAll(sc, ns) })
			ix.sfold.suffixes(f, func(ns []*node) { pushAll(sc, ns) })
		}
		ix.wild.lookup(s, sc)
		if ix.cidrs.m != nil {
			if ip, ok := sc.ip(v); ok {
				ix.cidrs.lookup(ip, sc)
			}
		}
	case vNumber:
		if n, ok := sc.micros(v); ok {
			pushAll(sc, ix.nums[n])
			ix.ranges.stab(n, sc)
		} else {
			pushAll(sc, ix.texts[string(v.b)])
		}
	case vNull:
		pushAll(sc, ix.lits[0])
	case vTrue:
		pushAll(sc, ix.lits[1])
	case vFalse:
		pushAll(sc, ix.lits[2])
	}
	for _, e := range ix.linear {
		if matchAny(e.conds, v, sc) {
			sc.push(e.child)
		}
	}
}

func pushAll(sc *scratch, ns []*node) {
	for _, n := range ns {
		sc.push(n)
	}
}

// The lists of nodes in the maps are shared between snapshots, so they
// are never appended to in place: appendNode and removeNode make new ones.
func appendNode(ns []*node, n *node) []*node {
	return append(slices.Clip(ns), n)
}

func removeNode(ns []*node, n *node) []*node {
	i := slices.Index(ns, n)
	if i < 0 {
		return ns
	}
	out := make([]*node, 0, len(ns)-1)
	out = append(out, ns[:i]...)
	out = append(out, ns[i+1:]...)
	if len(out) == 0 {
		return nil
	}
	return out
}

func mapAdd[K comparable](m map[K][]*node, k K, n *node) map[K][]*node {
	if m == nil {
		m = map[K][]*node{}
	}
	m[k] = appendNode(m[k], n)
	return m
}

func mapRemove[K comparable](m map[K][]*node, k K, n *node) {
	if ns := removeNode(m[k], n); ns == nil {
		delete(m, k)
	} else {
		m[k] = ns
	}
}

// affixIndex files values by a string key, and finds the keys that are
// prefixes (or suffixes) of a given string by probing once per distinct
// key length.
type affixIndex[T comparable] struct {
	m    map[string][]T
	lens []lenCount // sorted by length
}

type lenCount struct{ n, count int }

func (a affixIndex[T]) clone() affixIndex[T] {
	return affixIndex[T]{m: maps.Clone(a.m), lens: slices.Clip(a.lens)}
}

func (a *affixIndex[T]) add(key string, t T) {
	if a.m == nil {
		a.m = map[string][]T{}
	}
	if _, ok := a.m[key]; !ok {
		a.lens = addLen(a.lens, len(key))
	}
	a.m[key] = append(slices.Clip(a.m[key]), t)
}

func (a *affixIndex[T]) remove(key string, t T) {
	ts := a.m[key]
	i := slices.Index(ts, t)
	if i < 0 {
		return
	}
	if len(ts) == 1 {
		delete(a.m, key)
		a.lens = removeLen(a.lens, len(key))
		if len(a.m) == 0 {
			a.m = nil
		}
		return
	}
	a.m[key] = slices.Delete(slices.Clone(ts), i, i+1)
}

func (a *affixIndex[T]) prefixes(s []byte, f func([]T)) {
	if a.m == nil {
		return
	}
	for _, l := range a.lens {
		if l.n > len(s) {
			return
		}
		if ts, ok := a.m[string(s[:l.n])]; ok {
			f(ts)
		}
	}
}

func (a *affixIndex[T]) suffixes(s []byte, f func([]T)) {
	if a.m == nil {
		return
	}
	for _, l := range a.lens {
		if l.n > len(s) {
			return
		}
		if ts, ok := a.m[string(s[len(s)-l.n:])]; ok {
			f(ts)
		}
	}
}

func addLen(ls []lenCount, n int) []lenCount {
	i, found := slices.BinarySearchFunc(ls, n, func(l lenCount, n int) int { return l.n - n })
	ls = slices.Clone(ls)
	if found {
		ls[i].count++
		return ls
	}
	return slices.Insert(ls, i, lenCount{n, 1})
}

func removeLen(ls []lenCount, n int) []lenCount {
	i, found := slices.BinarySearchFunc(ls, n, func(l lenCount, n int) int { return l.n - n })
	if !found {
		return ls
	}
	ls = slices.Clone(ls)
	if ls[i].count > 1 {
		ls[i].count--
		return ls
	}
	return slices.Delete(ls, i, i+1)
}
