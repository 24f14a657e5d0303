package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// sentPlaceholder stands for the send time in a body template. UnixNano has
// 19 digits from 2001 to 2286, so the time always fits the placeholder
// exactly and a body is a copy plus a few in-place writes.
const sentPlaceholder = "1111111111111111111"

// matchValue is the detail value of the generated events: the one rule
// that matches it is the rule with the target.
const matchValue = "match"

// bodyTemplate is a request body with holes for the send time.
type bodyTemplate struct {
	raw  []byte
	hole []int // offsets of sentPlaceholder in raw
}

// benchDetail is the Detail of every generated event. The sink reads
// bench.sent back from the delivered event to compute put-to-target latency
// from the payload alone.
type benchDetail struct {
	Bench struct {
		Sent json.Number `json:"sent"`
		K    string      `json:"k"`
	} `json:"bench"`
}

// wireEntry is one entry of PutEvents or PutPartnerEvents.
type wireEntry struct {
	Source       string
	DetailType   string
	Detail       string
	EventBusName string `json:",omitempty"`
}

// newBodyTemplate builds the body of one request of scenario s. bus is
// the PutEvents bus ("" or "default" for the default bus).
func newBodyTemplate(s scenario, bus string) (*bodyTemplate, error) {
	var d benchDetail
	d.Bench.Sent = sentPlaceholder
	d.Bench.K = matchValue
	detail, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode detail: %w", err)
	}
	entry := wireEntry{Source: customSource, DetailType: detailType, Detail: string(detail)}
	if s.partner {
		entry.Source = partnerSource
	} else if bus != "default" {
		entry.EventBusName = bus
	}
	entries := make([]wireEntry, s.entries)
	for i := range entries {
		entries[i] = entry
	}
	raw, err := json.Marshal(struct{ Entries []wireEntry }{entries})
	if err != nil {
		return nil, fmt.Errorf("encode %s body: %w", s.name, err)
	}
	t := &bodyTemplate{raw: raw}
	for from := 0; ; {
		i := bytes.Index(raw[from:], []byte(sentPlaceholder))
		if i < 0 {
			break
		}
		t.hole = append(t.hole, from+i)
		from += i + len(sentPlaceholder)
	}
	if len(t.hole) != s.entries {
		return nil, fmt.Errorf("%s body has %d send-time holes, want %d", s.name, len(t.hole), s.entries)
	}
	return t, nil
}

// render returns a fresh body carrying sentNanos. Each request gets its own
// slice: the transport may still hold the previous one.
func (t *bodyTemplate) render(sentNanos int64) []byte {
	var digits [20]byte
	ts := strconv.AppendInt(digits[:0], sentNanos, 10)
	out := make([]byte, len(t.raw))
	copy(out, t.raw)
	if len(ts) == len(sentPlaceholder) {
		for _, at := range t.hole {
			copy(out[at:], ts)
		}
	}
	return out
}
