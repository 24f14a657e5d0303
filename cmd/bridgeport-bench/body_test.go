package main

import (
	"encoding/json"
	"testing"
)

func TestRenderedBodyCarriesSendTimeInEveryEntry(t *testing.T) {
	for _, s := range allScenarios {
		tpl, err := newBodyTemplate(s, "bench")
		if err != nil {
			t.Fatal(err)
		}
		const sent = 1795469703076000000
		var body struct{ Entries []wireEntry }
		if err := json.Unmarshal(tpl.render(sent), &body); err != nil {
			t.Fatalf("%s: body is not JSON: %v", s.name, err)
		}
		if len(body.Entries) != s.entries {
			t.Fatalf("%s: %d entries, want %d", s.name, len(body.Entries), s.entries)
		}
		for _, e := range body.Entries {
			var d benchDetail
			if err := json.Unmarshal([]byte(e.Detail), &d); err != nil {
				t.Fatalf("%s: detail %q is not JSON: %v", s.name, e.Detail, err)
			}
			if got, _ := d.Bench.Sent.Int64(); got != sent || d.Bench.K != matchValue {
				t.Fatalf("%s: detail %q, want sent %d", s.name, e.Detail, int64(sent))
			}
			if s.partner != (e.Source == partnerSource) || (e.EventBusName != "") == s.partner {
				t.Fatalf("%s: entry %+v has the wrong source or bus", s.name, e)
			}
		}
	}
}
