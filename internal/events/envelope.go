package events

import (
	"time"
	"unicode/utf8"
)

// envelope is an event as rules match it and targets receive it (spec §6).
type envelope struct {
	id, detailType, source, account, region string
	time                                    time.Time
	resources                               []string
	detail                                  []byte // a JSON object, already validated
}

// appendJSON writes the envelope with AWS's key order. It appends by hand
// rather than through encoding/json: the detail is embedded verbatim (it was
// validated once already) and nothing is reflected on the per-event path.
func (e *envelope) appendJSON(b []byte) []byte {
	b = append(b, `{"version":"0","id":`...)
	b = appendString(b, e.id)
	b = append(b, `,"detail-type":`...)
	b = appendString(b, e.detailType)
	b = append(b, `,"source":`...)
	b = appendString(b, e.source)
	b = append(b, `,"account":`...)
	b = appendString(b, e.account)
	b = append(b, `,"time":"`...)
	b = e.time.UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
	b = append(b, `","region":`...)
	b = appendString(b, e.region)
	b = append(b, `,"resources":[`...)
	for i, r := range e.resources {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, r)
	}
	b = append(b, `],"detail":`...)
	b = append(b, e.detail...)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
