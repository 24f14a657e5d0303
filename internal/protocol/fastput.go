package protocol

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/jsonenc"
	"github.com/bridgeport/bridgeport/internal/model"
)

// fastCall runs a busy operation on a body it can read in one pass. When
// handled is false it has done nothing, and the request goes the general
// way: generic decode, model validation, typed decode.
type fastCall func(ctx context.Context, c events.Caller, body []byte) (payload []byte, handled bool, err error)

// The members of the put operations. A partner entry has the first five
// members of a PutEvents entry, so one set of key indices serves both.
var (
	putEventsKeys  = []string{"Entries", "EndpointId"}
	putEntryKeys   = []string{"Time", "Source", "Resources", "DetailType", "Detail", "EventBusName", "TraceHeader"}
	partnerKeys    = putEventsKeys[:1]
	partnerEntKeys = putEntryKeys[:5]
)

// Indices of the entry members in putEntryKeys.
const (
	keyTime = iota
	keySource
	keyResources
	keyDetailType
	keyDetail
	keyEventBusName
	keyTraceHeader
)

// entryFields are the model's members of one put entry, by key index.
type entryFields struct {
	keys      []string
	fields    []model.Field
	required  uint64
	resources model.Field // the elements of Resources
}

// putDecoder reads PutEvents or PutPartnerEvents requests.
type putDecoder struct {
	topKeys  []string
	top      []model.Field // by key index
	required uint64
	entry    entryFields
}

// newPutDecoder prepares a decoder for op, whose input has the members
// topKeys with Entries first, and entries with the members entryKeys. It
// fails if the model has members the decoder does not know: a model
// update must not let the one-pass decoder skip what validation checks.
func newPutDecoder(op *model.Operation, topKeys, entryKeys []string) (*putDecoder, error) {
	d := &putDecoder{topKeys: topKeys, entry: entryFields{keys: entryKeys}}
	var err error
	if d.top, d.required, err = fieldsOf(op, nil, topKeys); err != nil {
		return nil, err
	}
	if d.entry.fields, d.entry.required, err = fieldsOf(op, []string{"Entries", "member"}, entryKeys); err != nil {
		return nil, err
	}
	if d.entry.resources, err = op.Field("Entries", "member", "Resources", "member"); err != nil {
		return nil, err
	}
	return d, nil
}

// fieldsOf looks up the members keys of the structure at path, checking
// that they are all of its members.
func fieldsOf(op *model.Operation, path, keys []string) ([]model.Field, uint64, error) {
	s, err := op.Field(path...)
	if err != nil {
		return nil, 0, err
	}
	if members := s.Members(); !sameSet(members, keys) {
		return nil, 0, fmt.Errorf("%s %v: the model has members %v, the one-pass decoder knows %v", op.Name(), path, members, keys)
	}
	fields := make([]model.Field, len(keys))
	var required uint64
	for i, k := range keys {
		if fields[i], err = op.Field(append(slices.Clip(path), k)...); err != nil {
			return nil, 0, err
		}
		if fields[i].Required() {
			required |= 1 << i
		}
	}
	return fields, required, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// entry is the members common to both kinds of put entry.
type entry struct {
	time                       *events.Timestamp
	source, detailType, detail string
	resources                  []string
	busName, traceHeader       string
}

// read reads a request: the top-level members, with the entries passed to
// add one by one. ok is false when anything is not plainly valid.
func (d *putDecoder) read(body []byte, add func(entry), other func(k int, r *jsonReader) bool) bool {
	if !utf8.Valid(body) {
		return false
	}
	r := &jsonReader{text: string(body)}
	n := 0
	seen, ok := r.object(d.topKeys, func(k int) bool {
		if k != 0 {
			return other(k, r)
		}
		return r.array(func() bool {
			n++
			e, ok := d.entry.read(r)
			if ok {
				add(e)
			}
			return ok
		})
	})
	return ok && r.end() && seen&d.required == d.required && d.top[0].ValidCount(n)
}

// read reads one entry.
func (f *entryFields) read(r *jsonReader) (entry, bool) {
	var e entry
	seen, ok := r.object(f.keys, func(k int) bool {
		switch k {
		case keyTime:
			return f.readTime(r, &e.time)
		case keyResources:
			return f.readResources(r, &e.resources)
		}
		s, ok := r.str()
		if !ok || !f.fields[k].ValidString(s) {
			return false
		}
		switch k {
		case keySource:
			e.source = s
		case keyDetailType:
			e.detailType = s
		case keyDetail:
			e.detail = s
		case keyEventBusName:
			e.busName = s
		case keyTraceHeader:
			e.traceHeader = s
		}
		return true
	})
	return e, ok && seen&f.required == f.required
}

// readTime takes epoch seconds; an RFC 3339 string is left to the general
// path.
func (f *entryFields) readTime(r *jsonReader, t **events.Timestamp) bool {
	num, ok := r.number()
	if !ok || !f.fields[keyTime].ValidTimestamp(num) {
		return false
	}
	ts := new(events.Timestamp)
	if err := ts.UnmarshalJSON([]byte(num)); err != nil {
		return false
	}
	*t = ts
	return true
}

func (f *entryFields) readResources(r *jsonReader, out *[]string) bool {
	list := []string{}
	ok := r.array(func() bool {
		s, ok := r.str()
		if ok && f.resources.ValidString(s) {
			list = append(list, s)
			return true
		}
		return false
	})
	if !ok || !f.fields[keyResources].ValidCount(len(list)) {
		return false
	}
	*out = list
	return true
}

// entriesHint guesses how many entries a body holds from its size (a
// typical entry is a few hundred bytes), so that a single-entry request
// does not allocate room for the most a request may hold. A wrong guess
// costs only the appends' growth.
func entriesHint(body []byte, most int) int {
	return min(max(len(body)/250, 1), most)
}

// putEventsInput reads a PutEvents body, or reports that it cannot.
func (d *putDecoder) putEventsInput(body []byte) (*events.PutEventsInput, bool) {
	in := &events.PutEventsInput{Entries: make([]events.PutEventsEntry, 0, entriesHint(body, 10))}
	ok := d.read(body, func(e entry) {
		in.Entries = append(in.Entries, events.PutEventsEntry{Time: e.time, Source: e.source, Resources: e.resources,
			DetailType: e.detailType, Detail: e.detail, EventBusName: e.busName, TraceHeader: e.traceHeader})
	}, func(k int, r *jsonReader) bool {
		s, ok := r.str()
		if ok && d.top[k].ValidString(s) {
			in.EndpointId = s
			return true
		}
		return false
	})
	return in, ok
}

// partnerEventsInput reads a PutPartnerEvents body, or reports that it
// cannot.
func (d *putDecoder) partnerEventsInput(body []byte) (*events.PutPartnerEventsInput, bool) {
	in := &events.PutPartnerEventsInput{Entries: make([]events.PutPartnerEventsEntry, 0, entriesHint(body, 20))}
	ok := d.read(body, func(e entry) {
		in.Entries = append(in.Entries, events.PutPartnerEventsEntry{Time: e.time, Source: e.source,
			Resources: e.resources, DetailType: e.detailType, Detail: e.detail})
	}, func(int, *jsonReader) bool { return false })
	return in, ok
}

// putCall runs a put operation on a body that decode reads in one pass,
// and writes its per-entry results.
func putCall[In, Out any](decode func([]byte) (*In, bool), act func(context.Context, events.Caller, *In) (*Out, error),
	results func(*Out) (failed int, entries []events.ResultEntry)) fastCall {
	return func(ctx context.Context, c events.Caller, body []byte) ([]byte, bool, error) {
		in, ok := decode(body)
		if !ok {
			return nil, false, nil
		}
		out, err := act(ctx, c, in)
		if err != nil {
			return nil, true, err
		}
		failed, entries := results(out)
		return appendResults(nil, failed, entries), true, nil
	}
}

// appendResults writes a put operation's output as encoding/json would.
func appendResults(b []byte, failed int, entries []events.ResultEntry) []byte {
	b = append(b, `{"FailedEntryCount":`...)
	b = strconv.AppendInt(b, int64(failed), 10)
	b = append(b, `,"Entries":[`...)
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		sep := ""
		for _, kv := range [...][2]string{{"EventId", e.EventId}, {"ErrorCode", e.ErrorCode}, {"ErrorMessage", e.ErrorMessage}} {
			if kv[1] == "" {
				continue
			}
			b = append(b, sep...)
			b = append(b, '"')
			b = append(b, kv[0]...)
			b = append(b, `":`...)
			b = jsonenc.AppendString(b, kv[1])
			sep = ","
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// fastOperations builds the one-pass decoders of the busiest operations.
func fastOperations(m *model.Model, s *events.Service) (map[string]fastCall, error) {
	ops := map[string]fastCall{}
	for _, spec := range []struct {
		name              string
		topKeys, entryKey []string
		call              func(*putDecoder) fastCall
	}{
		{"PutEvents", putEventsKeys, putEntryKeys, func(d *putDecoder) fastCall {
			return putCall(d.putEventsInput, s.PutEvents, func(o *events.PutEventsOutput) (int, []events.ResultEntry) {
				return o.FailedEntryCount, o.Entries
			})
		}},
		{"PutPartnerEvents", partnerKeys, partnerEntKeys, func(d *putDecoder) fastCall {
			return putCall(d.partnerEventsInput, s.PutPartnerEvents, func(o *events.PutPartnerEventsOutput) (int, []events.ResultEntry) {
				return o.FailedEntryCount, o.Entries
			})
		}},
	} {
		op, ok := m.Operation(spec.name)
		if !ok {
			return nil, fmt.Errorf("the model has no operation %s", spec.name)
		}
		d, err := newPutDecoder(op, spec.topKeys, spec.entryKey)
		if err != nil {
			return nil, err
		}
		ops[spec.name] = spec.call(d)
	}
	return ops, nil
}
