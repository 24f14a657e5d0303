package queuelog

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

// modelJob is a job as the reference model keeps it.
type modelJob struct {
	due, lease int64
	doc        string
}

// model is the queue reduced to a map: what the log must behave like.
type model map[int64]modelJob

func (m model) claim(now, leaseUntil int64, limit int) []string {
	var ids []int64
	for id, j := range m {
		if j.due <= now && j.lease <= now {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b int64) int { return cmp.Or(cmp.Compare(m[a].due, m[b].due), cmp.Compare(a, b)) })
	if limit >= 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		j := m[id]
		j.lease = leaseUntil
		m[id] = j
		out[i] = fmt.Sprintf("%d:%s", id, j.doc)
	}
	return out
}

// TestLogBehavesLikeAMap runs random sequences of puts, updates, deletes,
// claims, partial and whole rollbacks, commits and reopens against the log
// and against a map, and compares every claim and count. Small segments
// make the log roll, forward and retire segments as it goes.
func TestLogBehavesLikeAMap(t *testing.T) {
	for seed := range uint64(modelSeeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkAgainstModel(t, seed) })
	}
}

func checkAgainstModel(t *testing.T, seed uint64) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	dir := t.TempDir()
	const segSize = 2 << 10
	l := openLog(t, dir, segSize)
	defer func() { l.Close() }()
	committed := model{}
	cur := maps.Clone(committed)
	b := l.Begin()
	type mark struct {
		at    int
		state model
	}
	var marks []mark
	pick := func() int64 {
		if len(cur) == 0 || rnd.IntN(8) == 0 {
			return 1 << 30 // not queued
		}
		ids := slices.Sorted(maps.Keys(cur))
		return ids[rnd.IntN(len(ids))]
	}
	for step := range 400 {
		switch op := rnd.IntN(100); {
		case op < 25:
			n := 1 + rnd.IntN(3)
			ds := make([]store.Delivery, n)
			for i := range ds {
				ds[i] = store.Delivery{DueAt: ms(rnd.Int64N(50)), LeaseUntil: ms(rnd.Int64N(80)),
					Doc: fmt.Appendf(nil, "s%d-%d%0*d", step, i, rnd.IntN(300), 0)}
			}
			b.Put(ds)
			for _, d := range ds {
				cur[d.ID] = modelJob{due: d.DueAt.UnixMilli(), lease: d.LeaseUntil.UnixMilli(), doc: string(d.Doc)}
			}
		case op < 37:
			id := pick()
			d := store.Delivery{ID: id, DueAt: ms(rnd.Int64N(50)), LeaseUntil: ms(rnd.Int64N(80)), Doc: fmt.Appendf(nil, "u%d", step)}
			b.Update(d)
			if _, ok := cur[id]; ok {
				cur[id] = modelJob{due: d.DueAt.UnixMilli(), lease: d.LeaseUntil.UnixMilli(), doc: string(d.Doc)}
			}
		case op < 55:
			ids := []int64{pick(), pick()}
			b.Delete(ids)
			for _, id := range ids {
				delete(cur, id)
			}
		case op < 70:
			now, until, limit := rnd.Int64N(100), rnd.Int64N(120), rnd.IntN(6)-1
			got, err := b.Claim(now, until, limit)
			if err != nil {
				t.Fatalf("step %d: Claim: %v", step, err)
			}
			gotDocs := make([]string, len(got))
			for i, d := range got {
				gotDocs[i] = fmt.Sprintf("%d:%s", d.ID, d.Doc)
			}
			if want := cur.claim(now, until, limit); !slices.Equal(gotDocs, want) {
				t.Fatalf("step %d: Claim(%d, %d, %d) = %.200q, want %.200q", step, now, until, limit, gotDocs, want)
			}
		case op < 74:
			b.ReleaseLeases()
			for id, j := range cur {
				j.lease = 0
				cur[id] = j
			}
		case op < 78:
			marks = append(marks, mark{b.Mark(), maps.Clone(cur)})
		case op < 83 && len(marks) > 0:
			m := marks[len(marks)-1]
			marks = marks[:len(marks)-1]
			b.RollbackTo(m.at)
			cur = m.state
		case op < 86:
			b.Rollback()
			cur, marks = maps.Clone(committed), nil
		case op < 97:
			commit(t, b)
			committed, marks = maps.Clone(cur), nil
			b = l.Begin()
		default:
			// Reopen: what was committed stays, leases do not.
			b.Rollback()
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			l = openLog(t, dir, segSize)
			for id, j := range committed {
				j.lease = 0
				committed[id] = j
			}
			cur, marks = maps.Clone(committed), nil
			b = l.Begin()
		}
		if got := l.Count(); got != len(cur) {
			t.Fatalf("step %d: Count = %d, want %d", step, got, len(cur))
		}
	}
}

// modelSeeds is how many random sequences TestLogBehavesLikeAMap runs.
const modelSeeds = 40
