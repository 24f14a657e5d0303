package transform

// node is one step of a trie that merges several paths, so that the
// scanner can serve all of a transformer's placeholders in one walk.
// Paths that share a prefix share nodes; identical paths share a slot.
type node struct {
	step
	slot     int     // result slot of the path ending here, or -1
	lo, hi   int     // slots of this node's subtree: [lo, hi)
	members  []*node // children selected by name
	elements []*node // children selected by index
}

// buildTrie merges the paths and numbers their end nodes in depth-first
// order, so every subtree owns a contiguous run of slots. The slot of
// paths[i] is then slotOf(root, paths[i]).
func buildTrie(paths []*Path) *node {
	root := &node{slot: -1}
	for _, p := range paths {
		n := root
		for _, st := range p.steps {
			n = n.child(st)
		}
		n.slot = 0 // marked; numbered below
	}
	number(root, 0)
	return root
}

func (n *node) child(st step) *node {
	list := &n.members
	if st.isIndex {
		list = &n.elements
	}
	for _, c := range *list {
		if c.step == st {
			return c
		}
	}
	c := &node{step: st, slot: -1}
	*list = append(*list, c)
	return c
}

func number(n *node, next int) int {
	n.lo = next
	if n.slot >= 0 {
		n.slot = next
		next++
	}
	for _, c := range n.members {
		next = number(c, next)
	}
	for _, c := range n.elements {
		next = number(c, next)
	}
	n.hi = next
	return next
}

// slotOf finds the slot a path was given in the trie at root.
func slotOf(root *node, p *Path) int {
	n := root
	for _, st := range p.steps {
		n = n.child(st) // exists: the trie was built from p
	}
	return n.slot
}

// member returns the child for an object key, or nil.
func (n *node) member(key []byte, escaped bool) *node {
	for _, c := range n.members {
		if keyEquals(key, escaped, c.name) {
			return c
		}
	}
	return nil
}

// element returns the child for an array index, or nil.
func (n *node) element(i int) *node {
	for _, c := range n.elements {
		if c.index == i {
			return c
		}
	}
	return nil
}
