package pattern

import (
	"net/netip"
	"sync"
)

// scratch is the working memory of one match: the flattened event and the
// marks of the walk through the compiled patterns. Scratches are pooled and
// reused, so matching allocates nothing once they have grown to the size
// events and snapshots need. Marks are generation stamps: a mark is set
// when it equals gen, so starting the next event is one increment, not a
// clear.
type scratch struct {
	gen uint32

	vals      []value
	chains    []chainLink
	arrays    int32
	needCheck bool   // some array can hold values of two fields in different elements
	buf       []byte // decoded strings and folded forms
	skipStack []byte

	fieldGen  []uint32 // fieldGen[f] == gen: field f has values, from fieldHead[f] to fieldTail[f]
	fieldHead []int32
	fieldTail []int32
	nodeGen   []uint32 // the node has been reached
	ruleGen   []uint32 // the rule has been reported
	stack     []*node
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// begin prepares sc for one event matched against s.
func (sc *scratch) begin(s *snapshot) {
	sc.gen++
	if sc.gen == 0 {
		clear(sc.fieldGen)
		clear(sc.nodeGen)
		clear(sc.ruleGen)
		sc.gen = 1
	}
	sc.fieldGen = grow(sc.fieldGen, s.nfields)
	sc.fieldHead = grow(sc.fieldHead, s.nfields)
	sc.fieldTail = grow(sc.fieldTail, s.nfields)
	sc.nodeGen = grow(sc.nodeGen, s.nnodes)
	sc.ruleGen = grow(sc.ruleGen, s.nslots)
	sc.vals = sc.vals[:0]
	sc.chains = sc.chains[:0]
	sc.arrays = 0
	sc.needCheck = false
	sc.buf = sc.buf[:0]
	sc.stack = sc.stack[:0]
}

// end drops the references into the event, which the caller owns.
func (sc *scratch) end() {
	clear(sc.vals)
	sc.vals = sc.vals[:0]
	clear(sc.stack)
}

// grow returns s with at least n elements; new elements are zero, which
// no generation equals.
func grow[T any](s []T, n int32) []T {
	if int(n) <= len(s) {
		return s
	}
	if int(n) <= cap(s) {
		return s[:n]
	}
	return append(s[:cap(s)], make([]T, int(n)-cap(s))...)
}

// add records a value of field f.
func (sc *scratch) add(f int32, kind valueKind, b []byte, chain int32) {
	vi := int32(len(sc.vals))
	sc.vals = append(sc.vals, value{b: b, field: f, next: -1, chain: chain, kind: kind})
	if sc.fieldGen[f] != sc.gen {
		sc.fieldGen[f] = sc.gen
		sc.fieldHead[f] = vi
	} else {
		sc.vals[sc.fieldTail[f]].next = vi
	}
	sc.fieldTail[f] = vi
}

// head returns the first value of field f, or -1 if the event has none.
func (sc *scratch) head(f int32) int32 {
	if sc.fieldGen[f] != sc.gen {
		return -1
	}
	return sc.fieldHead[f]
}

// push schedules node n for the walk unless it has been reached already.
func (sc *scratch) push(n *node) {
	if sc.nodeGen[n.id] != sc.gen {
		sc.nodeGen[n.id] = sc.gen
		sc.stack = append(sc.stack, n)
	}
}

func (sc *scratch) micros(v *value) (int64, bool) {
	if !v.numDone {
		v.micros, v.numOK = parseMicros(v.b)
		v.numDone = true
	}
	return v.micros, v.numOK
}

func (sc *scratch) folded(v *value) []byte {
	if !v.foldDone {
		mark := len(sc.buf)
		sc.buf = appendFold(sc.buf, v.b)
		v.fold = sc.buf[mark:len(sc.buf):len(sc.buf)]
		v.foldDone = true
	}
	return v.fold
}

func (sc *scratch) ip(v *value) (netip.Addr, bool) {
	if !v.ipDone {
		v.ip, v.ipOK = parseIPBytes(v.b)
		v.ipDone = true
	}
	return v.ip, v.ipOK
}
