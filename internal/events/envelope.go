package events

import (
	"time"

	"github.com/bridgeport/bridgeport/internal/jsonenc"
)

// envelopeOverhead is about what an envelope adds to its entry's fields:
// keys, id, account, region and time.
const envelopeOverhead = 256

// envelope is an event as rules match it and targets receive it (spec §6).
type envelope struct {
	id, detailType, source, account, region string
	time                                    time.Time
	resources                               []string
	detail                                  string // a JSON object, already validated
}

// appendJSON writes the envelope with AWS's key order. It appends by hand
// rather than through encoding/json: the detail is embedded verbatim (it was
// validated once already) and nothing is reflected on the per-event path.
func (e *envelope) appendJSON(b []byte) []byte {
	b = append(b, `{"version":"0","id":`...)
	b = jsonenc.AppendString(b, e.id)
	b = append(b, `,"detail-type":`...)
	b = jsonenc.AppendString(b, e.detailType)
	b = append(b, `,"source":`...)
	b = jsonenc.AppendString(b, e.source)
	b = append(b, `,"account":`...)
	b = jsonenc.AppendString(b, e.account)
	b = append(b, `,"time":"`...)
	b = e.time.UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
	b = append(b, `","region":`...)
	b = jsonenc.AppendString(b, e.region)
	b = append(b, `,"resources":[`...)
	for i, r := range e.resources {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, r)
	}
	b = append(b, `],"detail":`...)
	b = append(b, e.detail...)
	return append(b, '}')
}
