package pattern

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

func matchIDs(t *testing.T, m *Matcher, ev string) []string {
	t.Helper()
	ids, err := m.Match([]byte(ev), nil)
	if err != nil {
		t.Fatalf("Match(%s): %v", ev, err)
	}
	slices.Sort(ids)
	return ids
}

func TestMatcherReportsEachPatternOnce(t *testing.T) {
	m := NewMatcher()
	// Both alternatives match, and the event array matches twice.
	m.Set("r", mustParse(t, `{"$or":[{"a":["x"]},{"b":["y"]}],"c":["1","2"]}`))
	if got := matchIDs(t, m, `{"a":"x","b":"y","c":["1","2"]}`); !slices.Equal(got, []string{"r"}) {
		t.Errorf("ids %v, want [r]", got)
	}
}

func TestMatcherAppendsToDst(t *testing.T) {
	m := NewMatcher()
	m.Set("r", mustParse(t, `{"a":["x"]}`))
	dst := []string{"earlier"}
	got, err := m.Match([]byte(`{"a":"x"}`), dst)
	if err != nil || !slices.Equal(got, []string{"earlier", "r"}) {
		t.Errorf("Match = %v, %v", got, err)
	}
}

func TestMatcherSetReplacesThePatternUnderAnID(t *testing.T) {
	m := NewMatcher()
	m.Set("r", mustParse(t, `{"a":["x"]}`))
	m.Set("r", mustParse(t, `{"a":["y"]}`))
	if got := matchIDs(t, m, `{"a":"x"}`); len(got) != 0 {
		t.Errorf("the replaced pattern still matches: %v", got)
	}
	if got := matchIDs(t, m, `{"a":"y"}`); !slices.Equal(got, []string{"r"}) {
		t.Errorf("ids %v, want [r]", got)
	}
	if m.Len() != 1 {
		t.Errorf("Len() = %d, want 1", m.Len())
	}
}

func TestMatcherDeleteRemovesPatterns(t *testing.T) {
	m := NewMatcher()
	m.Set("a", mustParse(t, `{"a":["x"]}`))
	m.Set("b", mustParse(t, `{"a":["x"],"b":[{"exists":false}]}`))
	m.Set("c", mustParse(t, `{"z":["x"]}`))
	m.Delete("a", "unknown")
	if got := matchIDs(t, m, `{"a":"x"}`); !slices.Equal(got, []string{"b"}) {
		t.Errorf("ids %v, want [b]", got)
	}
	m.Set("b", nil)
	if got := matchIDs(t, m, `{"a":"x"}`); len(got) != 0 {
		t.Errorf("ids %v, want none", got)
	}
	m.Delete("c")
	if m.Len() != 0 {
		t.Errorf("Len() = %d, want 0", m.Len())
	}
	// Every path, node and slot is released with the last pattern.
	if len(m.fields) != 0 || len(m.root.steps) != 0 || len(m.root.terms) != 0 {
		t.Errorf("left behind: %d fields, %d steps, %d terms", len(m.fields), len(m.root.steps), len(m.root.terms))
	}
	if live := m.nodeIDs.next - int32(len(m.nodeIDs.free)); live != 1 {
		t.Errorf("%d nodes live, want the root only", live)
	}
}

func TestMatcherReportsMalformedEvents(t *testing.T) {
	m := NewMatcher()
	m.Set("r", mustParse(t, `{"a":["x"]}`))
	ids, err := m.Match([]byte(`{"a":"x"`), []string{"kept"})
	if !errors.Is(err, ErrMalformedEvent) {
		t.Errorf("error %v, want ErrMalformedEvent", err)
	}
	if !slices.Equal(ids, []string{"kept"}) {
		t.Errorf("ids %v, want dst unchanged", ids)
	}
}

func TestEmptyMatcherMatchesNothing(t *testing.T) {
	m := NewMatcher()
	if got := matchIDs(t, m, string(benchEvent)); len(got) != 0 {
		t.Errorf("ids %v", got)
	}
	if _, err := m.Match([]byte(`[]`), nil); !errors.Is(err, ErrMalformedEvent) {
		t.Errorf("an empty matcher still checks the event: %v", err)
	}
}

// TestManyRulesOnOneField puts enough rules on one field for the matcher
// to index them (see indexThreshold), for every kind of operator, and
// checks each rule set against the patterns one by one, then again after
// deleting most rules.
func TestManyRulesOnOneField(t *testing.T) {
	events := []string{string(benchEvent),
		`{"source":"com.example.orders","detail-type":"Order Placed","detail":{"orderId":"ord-000142","total":148.5,"sourceIp":"10.3.2.9","status":"RETURNED-20","customer":{"id":"cust-8814"}}}`,
		`{"source":"com.example.orders","detail-type":"Order Event 3","detail":{"orderId":"ord-0000003","total":-1,"sourceIp":"10.2.2.200","status":"CANCELLED","customer":{"id":"cust-8812"}}}`,
	}
	for _, kind := range benchKinds {
		t.Run(kind, func(t *testing.T) {
			m := NewMatcher()
			patterns := map[string]*Pattern{}
			for i := 0; i < 300; i++ {
				id := fmt.Sprint(i)
				patterns[id] = mustParse(t, benchRule(kind, i))
				m.Set(id, patterns[id])
			}
			check := func() {
				for _, ev := range events {
					var want []string
					for id, p := range patterns {
						if ok, _ := p.Match([]byte(ev)); ok {
							want = append(want, id)
						}
					}
					slices.Sort(want)
					if got := matchIDs(t, m, ev); !slices.Equal(got, want) {
						t.Fatalf("event %s\nmatcher %v\nwant %v", ev, got, want)
					}
				}
			}
			check()
			for i := 0; i < 295; i++ {
				id := fmt.Sprint(i)
				m.Delete(id)
				delete(patterns, id)
				if i%50 == 0 {
					check()
				}
			}
			check()
		})
	}
}

// TestMatchingDuringUpdates runs matches while patterns are added and
// removed: a pattern present throughout is always reported, and nothing
// waits or fails. Run it with -race.
func TestMatchingDuringUpdates(t *testing.T) {
	m := NewMatcher()
	m.Set("always", mustParse(t, `{"source":["com.example.orders"]}`))
	ev := benchEvent
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst []string
			for {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				dst, err = m.Match(ev, dst[:0])
				if err != nil || !slices.Contains(dst, "always") {
					t.Errorf("Match = %v, %v", dst, err)
					return
				}
			}
		}()
	}
	for i := 0; i < 300; i++ {
		id := fmt.Sprint("r", i%40)
		if i%3 == 2 {
			m.Delete(id)
		} else {
			m.Set(id, mustParse(t, benchRule("mixed", i)))
		}
	}
	close(stop)
	wg.Wait()
}
