package pattern

import (
	"sync"
	"sync/atomic"
)

// Matcher holds the patterns of an event bus, each under an id, compiled
// together, and tells which of them an event matches. Match is safe for
// concurrent use by any number of goroutines and never waits: it works on
// an immutable snapshot of the compiled patterns. Set and Delete build the
// next snapshot (sharing all of the previous one that they do not change)
// and publish it atomically; calls to them are serialised.
//
// The zero Matcher is not ready for use; call NewMatcher.
type Matcher struct {
	snap atomic.Pointer[snapshot]

	mu      sync.Mutex // serialises updates; Match never takes it
	rules   map[string]*installed
	fields  map[string]*fieldInfo // by field.order
	nodeIDs idAlloc
	slotIDs idAlloc
	fieldID idAlloc
	root    *node
	froot   *fieldNode
}

// snapshot is a published, immutable state of a Matcher.
type snapshot struct {
	root    *node
	fields  *fieldNode // the tree of the paths in use
	nfields int32      // bounds of the dense ids, for sizing the marks
	nnodes  int32
	nslots  int32
}

// installed is a pattern in a Matcher.
type installed struct {
	slot  int32
	terms []*term
}

// fieldInfo is a path used by at least one installed pattern.
type fieldInfo struct {
	id   int32
	path []string
	refs int
}

// NewMatcher returns an empty Matcher.
func NewMatcher() *Matcher {
	m := &Matcher{rules: map[string]*installed{}, fields: map[string]*fieldInfo{}}
	m.root = &node{id: m.nodeIDs.get()}
	m.froot = buildFieldTree(m.fields)
	m.publish()
	return m
}

// Set adds the pattern p under id, replacing any pattern already there. A
// nil p removes the pattern under id.
func (m *Matcher) Set(id string, p *Pattern) {
	m.SetMany(map[string]*Pattern{id: p})
}

// SetMany adds several patterns at once, replacing those already under the
// same ids. It publishes one snapshot for all of them, which makes loading
// many patterns much cheaper than as many calls to Set.
func (m *Matcher) SetMany(patterns map[string]*Pattern) {
	m.mu.Lock()
	defer m.mu.Unlock()
	tx := &txn{m: m}
	changed := false
	for id, p := range patterns {
		if old := m.rules[id]; old != nil {
			changed = m.uninstall(tx, old) || changed
			delete(m.rules, id)
		}
		if p != nil {
			changed = m.install(tx, id, p) || changed
		}
	}
	m.commit(changed)
}

// Delete removes the patterns under the given ids; unknown ids are
// ignored.
func (m *Matcher) Delete(ids ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	tx := &txn{m: m}
	changed := false
	for _, id := range ids {
		if old := m.rules[id]; old != nil {
			changed = m.uninstall(tx, old) || changed
			delete(m.rules, id)
		}
	}
	m.commit(changed)
}

// Len returns the number of patterns in the Matcher.
func (m *Matcher) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.rules)
}

// Match appends to dst the ids of the patterns event matches, each once,
// in no particular order, and returns the extended slice. event is the
// JSON envelope of an event. An event that is not a well-formed JSON
// object gives an error wrapping ErrMalformedEvent, and no ids.
func (m *Matcher) Match(event []byte, dst []string) ([]string, error) {
	return m.snap.Load().match(event, dst)
}

// Match reports whether event matches the pattern. event is the JSON
// envelope of an event; an event that is not a well-formed JSON object
// gives an error wrapping ErrMalformedEvent.
func (p *Pattern) Match(event []byte) (bool, error) {
	p.once.Do(func() {
		m := NewMatcher()
		m.Set("", p)
		p.single = m.snap.Load()
	})
	var buf [1]string
	ids, err := p.single.match(event, buf[:0])
	return len(ids) > 0, err
}

// install adds pattern p under id and reports whether the set of used
// paths changed.
func (m *Matcher) install(tx *txn, id string, p *Pattern) bool {
	in := &installed{slot: m.slotIDs.get()}
	changed := false
	for i := range p.rules {
		r := &p.rules[i]
		t := &term{id: id, slot: in.slot, rule: r, fids: make([]int32, len(r.fields))}
		valued := 0
		for k := range r.fields {
			f := &r.fields[k]
			fi := m.fields[f.order]
			if fi == nil {
				fi = &fieldInfo{id: m.fieldID.get(), path: f.path}
				m.fields[f.order] = fi
				changed = true
			}
			fi.refs++
			t.fids[k] = fi.id
			if !onlyAbsent(f.conds) {
				valued++
			}
		}
		t.check = valued >= 2
		m.root = tx.insert(m.root, t, 0)
		in.terms = append(in.terms, t)
	}
	m.rules[id] = in
	return changed
}

// uninstall removes an installed pattern and reports whether the set of
// used paths changed.
func (m *Matcher) uninstall(tx *txn, in *installed) bool {
	changed := false
	for _, t := range in.terms {
		m.root = tx.remove(m.root, t, 0)
		for k := range t.rule.fields {
			order := t.rule.fields[k].order
			fi := m.fields[order]
			if fi.refs--; fi.refs == 0 {
				delete(m.fields, order)
				m.fieldID.put(fi.id)
				changed = true
			}
		}
	}
	m.slotIDs.put(in.slot)
	return changed
}

func onlyAbsent(conds []cond) bool {
	for _, c := range conds {
		if c.kind != cAbsent {
			return false
		}
	}
	return true
}

func (m *Matcher) commit(fieldsChanged bool) {
	if fieldsChanged {
		m.froot = buildFieldTree(m.fields)
	}
	m.publish()
}

func (m *Matcher) publish() {
	m.snap.Store(&snapshot{
		root:    m.root,
		fields:  m.froot,
		nfields: m.fieldID.next,
		nnodes:  m.nodeIDs.next,
		nslots:  m.slotIDs.next,
	})
}

// buildFieldTree makes the tree of the used paths for the flattener.
func buildFieldTree(fields map[string]*fieldInfo) *fieldNode {
	root := &fieldNode{id: -1, m: map[string]*fieldNode{}}
	for _, fi := range fields {
		n := root
		for _, k := range fi.path {
			c := n.m[k]
			if c == nil {
				c = &fieldNode{id: -1, m: map[string]*fieldNode{}}
				n.m[k] = c
			}
			n = c
		}
		n.id = fi.id
	}
	compactFieldTree(root)
	return root
}

// compactFieldTree turns small maps into slices, which are faster to
// search for the few keys a node of the tree usually has.
func compactFieldTree(n *fieldNode) {
	for _, c := range n.m {
		compactFieldTree(c)
	}
	if len(n.m) <= fieldFanout {
		for k, c := range n.m {
			n.keys = append(n.keys, k)
			n.kids = append(n.kids, c)
		}
		n.m = nil
	}
}

// match flattens event and walks the trie.
func (s *snapshot) match(event []byte, dst []string) ([]string, error) {
	sc := scratchPool.Get().(*scratch)
	defer func() {
		sc.end()
		scratchPool.Put(sc)
	}()
	sc.begin(s)
	if err := sc.flatten(event, s.fields); err != nil {
		return dst, err
	}
	sc.push(s.root)
	for len(sc.stack) > 0 {
		n := sc.stack[len(sc.stack)-1]
		sc.stack = sc.stack[:len(sc.stack)-1]
		for _, t := range n.terms {
			if sc.ruleGen[t.slot] == sc.gen {
				continue
			}
			if t.check && sc.needCheck && !sc.consistent(t) {
				continue
			}
			sc.ruleGen[t.slot] = sc.gen
			dst = append(dst, t.id)
		}
		for _, st := range n.steps {
			sc.walkStep(st)
		}
	}
	return dst, nil
}

// walkStep schedules the nodes that the event's values for st's field lead
// to.
func (sc *scratch) walkStep(st *step) {
	head := sc.head(st.fid)
	if st.ix != nil {
		if head < 0 {
			pushAll(sc, st.ix.absent)
			return
		}
		for vi := head; vi >= 0; vi = sc.vals[vi].next {
			st.ix.lookup(&sc.vals[vi], sc)
		}
		return
	}
	for _, e := range st.edges {
		if head < 0 {
			if e.absent {
				sc.push(e.child)
			}
			continue
		}
		if sc.nodeGen[e.child.id] == sc.gen {
			continue
		}
		for vi := head; vi >= 0; vi = sc.vals[vi].next {
			if matchAny(e.conds, &sc.vals[vi], sc) {
				sc.push(e.child)
				break
			}
		}
	}
}
