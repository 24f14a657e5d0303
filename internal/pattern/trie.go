package pattern

import "slices"

// The rules of a Matcher are compiled together into a trie. Every rule (a
// $or-free conjunction, see parse.go) is a sequence of steps, one per
// field, in a global field order; a step tests one field against the
// alternatives of the rule's leaf for it. Rules that begin with the same
// steps share the trie nodes for them, so the thousands of rules of a bus
// that all start with "source": ["aws.ec2"] are one edge out of the root.
//
// Matching walks the trie from the root. At each node reached, each step
// (one per field tested there) looks the event's values for its field up in
// the step's edges, and every edge satisfied leads to a node reached in
// turn; a node's terms are the rules that are complete there. Each node is
// visited at most once per event, so the work is bounded by the nodes the
// event actually reaches, not by the number of rules.
//
// An edge is shared only by rules whose alternatives for the field are the
// same set (equal signatures). Were ["a","b"] and ["a"] to share a child,
// a rule continuing under ["a"] would wrongly match a value "b".
//
// Updates never touch what a published snapshot can see: the nodes and
// steps on the path of a change are copied (path copying), and the rest is
// shared. A copy belongs to the transaction that made it (owner), which
// may change it in place until the snapshot is published; after that no
// transaction owns it and it is immutable.

type node struct {
	id    int32 // dense, for the walk's marks; a copy keeps its original's id
	owner *txn
	steps []*step // sorted by order
	terms []*term
}

// step is everything a node tests on one field.
type step struct {
	owner *txn
	fid   int32
	order string
	edges []*edge
	bySig map[string]int // edge positions, kept with ix
	ix    *valueIndex    // nil while the edges are few
}

// indexThreshold is the number of edges above which a step files them in a
// valueIndex. Below it, trying each edge in turn is as fast and takes less
// memory; most steps, deep in the trie, have a single edge.
const indexThreshold = 8

// edge leads from a step to the node of the rules whose leaf for the
// step's field is conds.
type edge struct {
	sig    string
	conds  []cond
	absent bool // some alternative is {"exists": false}
	linear bool // some alternative is anything-but: a valueIndex checks the edge in full
	child  *node
}

// term is a rule complete at a node: one conjunction of one pattern.
type term struct {
	id    string // the Matcher id of the pattern
	slot  int32  // dense number of the pattern, for the walk's marks
	rule  *rule
	fids  []int32 // field ids of rule.fields
	check bool    // two fields or more take values, whose consistency may need checking
}

type txn struct {
	m *Matcher
}

func (tx *txn) ownNode(n *node) *node {
	if n.owner == tx {
		return n
	}
	c := &node{id: n.id, owner: tx, steps: slices.Clone(n.steps), terms: slices.Clone(n.terms)}
	return c
}

func (tx *txn) ownStep(s *step) *step {
	if s.owner == tx {
		return s
	}
	c := &step{owner: tx, fid: s.fid, order: s.order, edges: slices.Clone(s.edges)}
	if s.ix != nil {
		c.ix = s.ix.clone()
		c.bySig = make(map[string]int, len(s.bySig))
		for k, v := range s.bySig {
			c.bySig[k] = v
		}
	}
	return c
}

func (tx *txn) newNode() *node {
	return &node{id: tx.m.nodeIDs.get(), owner: tx}
}

// insert adds term t below n, from its k-th field on, and returns the node
// that replaces n.
func (tx *txn) insert(n *node, t *term, k int) *node {
	n = tx.ownNode(n)
	if k == len(t.rule.fields) {
		n.terms = append(n.terms, t)
		return n
	}
	f := &t.rule.fields[k]
	si, found := n.findStep(f.order)
	var st *step
	if found {
		st = tx.ownStep(n.steps[si])
		n.steps[si] = st
	} else {
		st = &step{owner: tx, fid: t.fids[k], order: f.order}
		n.steps = slices.Insert(n.steps, si, st)
	}
	if ei := st.find(f.sig); ei >= 0 {
		old := st.edges[ei]
		if child := tx.insert(old.child, t, k+1); child != old.child {
			st.setEdge(ei, old.withChild(child))
		}
		return n
	}
	e := &edge{sig: f.sig, conds: f.conds, child: tx.insert(tx.newNode(), t, k+1)}
	for _, c := range f.conds {
		e.absent = e.absent || c.kind == cAbsent
		e.linear = e.linear || c.kind == cAnythingBut
	}
	st.addEdge(e)
	return n
}

// remove takes term t out from below n, from its k-th field on, and
// returns the node that replaces n, or nil if nothing is left below it.
func (tx *txn) remove(n *node, t *term, k int) *node {
	n = tx.ownNode(n)
	if k == len(t.rule.fields) {
		n.terms = slices.DeleteFunc(n.terms, func(x *term) bool { return x == t })
	} else {
		f := &t.rule.fields[k]
		si, found := n.findStep(f.order)
		if !found {
			return n
		}
		st := tx.ownStep(n.steps[si])
		n.steps[si] = st
		ei := st.find(f.sig)
		if ei < 0 {
			return n
		}
		old := st.edges[ei]
		switch child := tx.remove(old.child, t, k+1); {
		case child == nil:
			st.removeEdge(ei)
			if len(st.edges) == 0 {
				n.steps = slices.Delete(n.steps, si, si+1)
			}
		case child != old.child:
			st.setEdge(ei, old.withChild(child))
		}
	}
	if k > 0 && len(n.terms) == 0 && len(n.steps) == 0 {
		tx.m.nodeIDs.put(n.id)
		return nil
	}
	return n
}

func (n *node) findStep(order string) (int, bool) {
	return slices.BinarySearchFunc(n.steps, order, func(s *step, o string) int {
		switch {
		case s.order < o:
			return -1
		case s.order > o:
			return 1
		}
		return 0
	})
}

func (e *edge) withChild(n *node) *edge {
	c := *e
	c.child = n
	return &c
}

func (st *step) find(sig string) int {
	if st.bySig != nil {
		if i, ok := st.bySig[sig]; ok {
			return i
		}
		return -1
	}
	for i, e := range st.edges {
		if e.sig == sig {
			return i
		}
	}
	return -1
}

func (st *step) addEdge(e *edge) {
	st.edges = append(st.edges, e)
	if st.ix != nil {
		st.bySig[e.sig] = len(st.edges) - 1
		st.ix.add(e)
		return
	}
	if len(st.edges) > indexThreshold {
		st.ix = &valueIndex{}
		st.bySig = make(map[string]int, len(st.edges))
		for i, e := range st.edges {
			st.bySig[e.sig] = i
			st.ix.add(e)
		}
	}
}

func (st *step) setEdge(i int, e *edge) {
	if st.ix != nil {
		st.ix.remove(st.edges[i])
		st.ix.add(e)
	}
	st.edges[i] = e
}

// removeEdge deletes edge i; the last edge takes its place.
func (st *step) removeEdge(i int) {
	if st.ix != nil {
		st.ix.remove(st.edges[i])
		delete(st.bySig, st.edges[i].sig)
	}
	last := len(st.edges) - 1
	if i != last {
		st.edges[i] = st.edges[last]
		if st.bySig != nil {
			st.bySig[st.edges[i].sig] = i
		}
	}
	st.edges[last] = nil
	st.edges = st.edges[:last]
}

// idAlloc hands out dense ids, reusing freed ones so that the marks of the
// walk stay as small as the live trie.
type idAlloc struct {
	next int32
	free []int32
}

func (a *idAlloc) get() int32 {
	if n := len(a.free); n > 0 {
		id := a.free[n-1]
		a.free = a.free[:n-1]
		return id
	}
	a.next++
	return a.next - 1
}

func (a *idAlloc) put(id int32) { a.free = append(a.free, id) }
