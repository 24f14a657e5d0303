package transform

import "testing"

func TestTrieSharesPrefixesAndSlots(t *testing.T) {
	var paths []*Path
	for _, s := range []string{"$.detail.a", "$.detail.b", "$.detail['a']", "$.resources[0]", "$.detail", "$"} {
		p, err := CompilePath(s)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	root := buildTrie(paths)
	if root.hi != 5 {
		t.Errorf("%d slots, want 5 (two spellings of one path share a slot)", root.hi)
	}
	if slotOf(root, paths[0]) != slotOf(root, paths[2]) {
		t.Error("$.detail.a and $.detail['a'] have different slots")
	}
	seen := map[int]bool{}
	for _, p := range paths {
		seen[slotOf(root, p)] = true
	}
	if len(seen) != 5 {
		t.Errorf("slots %v, want 5 distinct", seen)
	}
	// Every subtree owns a contiguous range that holds its own slots.
	detail := root.member([]byte("detail"), false)
	for _, p := range paths[:3] {
		if s := slotOf(root, p); s < detail.lo || s >= detail.hi {
			t.Errorf("slot %d of %s outside detail's range [%d,%d)", s, p, detail.lo, detail.hi)
		}
	}
}

func TestOneWalkServesEveryPath(t *testing.T) {
	var paths []*Path
	for _, s := range []string{"$.detail.instance-id", "$.detail.state", "$.resources[0]", "$.id", "$.detail.none"} {
		p, _ := CompilePath(s)
		paths = append(paths, p)
	}
	root := buildTrie(paths)
	out := make([]span, root.hi)
	s := scanner{data: []byte(ec2Event)}
	if err := s.document(root, out); err != nil {
		t.Fatal(err)
	}
	want := []string{`"i-0123456789"`, `"RUNNING"`, `"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"`,
		`"7bf73129-1428-4cd3-a780-95db273d1602"`, ""}
	for i, p := range paths {
		sp := out[slotOf(root, p)]
		got := ""
		if sp.found() {
			got = ec2Event[sp.start:sp.end]
		}
		if got != want[i] {
			t.Errorf("%s = %q, want %q", p, got, want[i])
		}
	}
}
