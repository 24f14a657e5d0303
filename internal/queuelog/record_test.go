package queuelog

import (
	"bytes"
	"slices"
	"testing"
)

func TestRecordsRoundTrip(t *testing.T) {
	const seq = 7
	b := appendHeader(nil, seq, 41, 1000)
	b, docAt := appendPut(b, seq, 42, -1234, []byte(`{"event":1}`))
	b = appendDelete(b, seq, []int64{1, 42, 1 << 40})
	b, _ = appendPut(b, seq, 43, 5, nil)

	var got []record
	for off := 0; off < len(b); {
		r, n, err := readRecord(b[off:], seq)
		if err != nil {
			t.Fatalf("record at %d: %v", off, err)
		}
		got = append(got, r)
		off += n
	}
	if len(got) != 4 {
		t.Fatalf("read %d records, want 4", len(got))
	}
	if got[0].kind != kindHeader || got[0].nextID != 41 || got[0].prevEnd != 1000 {
		t.Errorf("header = %+v", got[0])
	}
	if p := got[1]; p.kind != kindPut || p.id != 42 || p.due != -1234 || string(p.doc) != `{"event":1}` {
		t.Errorf("put = %+v", p)
	}
	if frame := len(appendHeader(nil, seq, 41, 1000)); got[1].docAt != docAt-frame {
		t.Errorf("docAt = %d, want %d (offset within its own frame)", got[1].docAt, docAt-frame)
	}
	if d := got[2]; d.kind != kindDelete || !slices.Equal(d.ids, []int64{1, 42, 1 << 40}) {
		t.Errorf("delete = %+v", d)
	}
	if p := got[3]; p.kind != kindPut || p.id != 43 || len(p.doc) != 0 {
		t.Errorf("empty put = %+v", p)
	}
}

func TestDamagedRecordsAreRefused(t *testing.T) {
	good, _ := appendPut(nil, 1, 9, 0, []byte("document"))
	tests := []struct {
		name string
		b    []byte
		seq  uint64
		want error
	}{
		{"empty", nil, 1, errTorn},
		{"frame cut short", good[:5], 1, errTorn},
		{"body cut short", good[:len(good)-1], 1, errTorn},
		{"zero length, as in a spare's zeros", make([]byte, 64), 1, errCorrupt},
		{"another segment's record", good, 2, errCorrupt},
		{"flipped byte", flip(good, len(good)-1), 1, errCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := readRecord(tc.b, tc.seq); err != tc.want {
				t.Errorf("readRecord = %v, want %v", err, tc.want)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x20
	return c
}

// FuzzReadRecord feeds arbitrary bytes to the reader that recovery runs on
// whatever a crash left: it must never panic, never report a size beyond
// its input, and give back what a writer wrote.
func FuzzReadRecord(f *testing.F) {
	put, _ := appendPut(nil, 3, 5, 77, []byte("doc"))
	f.Add(put, uint64(3))
	f.Add(appendDelete(nil, 3, []int64{1, 2}), uint64(3))
	f.Add(appendHeader(nil, 3, 9, 100), uint64(3))
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 2}, uint64(0))
	f.Fuzz(func(t *testing.T, b []byte, seq uint64) {
		r, n, err := readRecord(b, seq)
		if err != nil {
			return
		}
		if n > len(b) || n <= frameSize {
			t.Fatalf("size %d for input of %d bytes", n, len(b))
		}
		// A record that reads back must encode to the same bytes.
		var again []byte
		switch r.kind {
		case kindHeader:
			again = appendHeader(nil, seq, r.nextID, r.prevEnd)
		case kindPut:
			again, _ = appendPut(nil, seq, r.id, r.due, r.doc)
		case kindDelete:
			again = appendDelete(nil, seq, r.ids)
		}
		if !bytes.Equal(again, b[:n]) {
			// Varints have more than one encoding; only the canonical one
			// is written, and a non-canonical one still reads.
			if r2, _, err := readRecord(again, seq); err != nil || r2.kind != r.kind {
				t.Fatalf("re-encoded record does not read back: %v", err)
			}
		}
	})
}
