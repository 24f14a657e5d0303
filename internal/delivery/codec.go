package delivery

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bridgeport/bridgeport/internal/jsonenc"
	"github.com/bridgeport/bridgeport/internal/store"
)

// A queued job is stored as one document: a version byte, the job's
// metadata as JSON, then the event and the payload as raw bytes, each
// behind its length. Keeping the event and payload out of the JSON spares
// encoding them as base64 (a third larger, and slower) on every enqueue.
const codecVersion = 1

// jobMeta is everything of a Job but its ID, due time, event and payload.
type jobMeta struct {
	Account   string     `json:"account"`
	Region    string     `json:"region"`
	Bus       string     `json:"bus"`
	RuleName  string     `json:"ruleName"`
	RuleArn   string     `json:"ruleArn"`
	TargetID  string     `json:"targetId"`
	TargetArn string     `json:"targetArn"`
	EventID   string     `json:"eventId"`
	Target    TargetSpec `json:"target"`
	Attempts  int        `json:"attempts,omitempty"`
	FirstPut  time.Time  `json:"firstPut"`
	// SamePayload is true when the payload is the event itself.
	SamePayload bool `json:"samePayload,omitempty"`
}

// record converts a job to its queue row.
func record(j *Job, leaseUntil time.Time) (store.Delivery, error) {
	same := string(j.Payload) == string(j.Event)
	// The metadata is written in place, after room for the longest length
	// prefix, and moved up to its real prefix once its length is known:
	// one buffer for the whole row.
	const metaAt = 1 + binary.MaxVarintLen64
	doc := make([]byte, metaAt, metaAt+512+2*binary.MaxVarintLen64+len(j.Event)+len(j.Payload))
	doc[0] = codecVersion
	doc, err := appendMeta(doc, j, same)
	if err != nil {
		return store.Delivery{}, fmt.Errorf("encode delivery job: %w", err)
	}
	var prefix [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(prefix[:], uint64(len(doc)-metaAt))
	copy(doc[1:], prefix[:n])
	doc = append(doc[:1+n], doc[metaAt:]...)
	doc = appendChunk(doc, j.Event)
	if !same {
		doc = appendChunk(doc, j.Payload)
	}
	return store.Delivery{ID: j.ID, DueAt: j.DueAt, LeaseUntil: leaseUntil, Doc: doc}, nil
}

// appendMeta writes the jobMeta of j as JSON by hand: every queued job is
// encoded once on the request path, and encoding/json's reflection cost
// more than the rest of the encoding. jobOf reads it back with
// encoding/json; the tests hold the two to the same fields.
func appendMeta(b []byte, j *Job, same bool) ([]byte, error) {
	str := func(key, v string) {
		b = append(b, key...)
		b = jsonenc.AppendString(b, v)
	}
	str(`{"account":`, j.Account)
	str(`,"region":`, j.Region)
	str(`,"bus":`, j.Bus)
	str(`,"ruleName":`, j.RuleName)
	str(`,"ruleArn":`, j.RuleArn)
	str(`,"targetId":`, j.TargetID)
	str(`,"targetArn":`, j.TargetArn)
	str(`,"eventId":`, j.EventID)
	b = append(b, `,"target":{`...)
	first := true
	field := func(key string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, key...)
	}
	t := &j.Target
	if t.RoleArn != "" {
		field(`"roleArn":`)
		b = jsonenc.AppendString(b, t.RoleArn)
	}
	if t.RetryPolicy != nil {
		field(`"retryPolicy":{"MaximumRetryAttempts":`)
		b = strconv.AppendInt(b, int64(t.RetryPolicy.MaximumRetryAttempts), 10)
		b = append(b, `,"MaximumEventAge":`...)
		b = strconv.AppendInt(b, int64(t.RetryPolicy.MaximumEventAge), 10)
		b = append(b, '}')
	}
	if t.DeadLetterArn != "" {
		field(`"deadLetterArn":`)
		b = jsonenc.AppendString(b, t.DeadLetterArn)
	}
	if t.MessageGroupID != "" {
		field(`"messageGroupId":`)
		b = jsonenc.AppendString(b, t.MessageGroupID)
	}
	if t.PartitionKey != "" {
		field(`"partitionKey":`)
		b = jsonenc.AppendString(b, t.PartitionKey)
	}
	if t.HTTP != nil {
		// Rare, and maps: not worth writing by hand.
		h, err := json.Marshal(t.HTTP)
		if err != nil {
			return nil, err
		}
		field(`"http":`)
		b = append(b, h...)
	}
	b = append(b, '}')
	if j.Attempts != 0 {
		b = append(b, `,"attempts":`...)
		b = strconv.AppendInt(b, int64(j.Attempts), 10)
	}
	if j.FirstPut.Year() < 0 || j.FirstPut.Year() > 9999 {
		return nil, fmt.Errorf("first put time %v is outside the years 0-9999", j.FirstPut)
	}
	b = append(b, `,"firstPut":"`...)
	b = j.FirstPut.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if same {
		b = append(b, `,"samePayload":true`...)
	}
	return append(b, '}'), nil
}

func appendChunk(b, chunk []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(chunk)))
	return append(b, chunk...)
}

var errCorruptJob = errors.New("corrupt delivery job")

func readChunk(b []byte) (chunk, rest []byte, err error) {
	n, size := binary.Uvarint(b)
	if size <= 0 || uint64(len(b)-size) < n {
		return nil, nil, errCorruptJob
	}
	return b[size : size+int(n)], b[size+int(n):], nil
}

// jobOf decodes a queue row.
func jobOf(d store.Delivery) (*Job, error) {
	if len(d.Doc) == 0 || d.Doc[0] != codecVersion {
		return nil, fmt.Errorf("decode delivery job %d: %w", d.ID, errCorruptJob)
	}
	meta, rest, err := readChunk(d.Doc[1:])
	var event, payload []byte
	if err == nil {
		event, rest, err = readChunk(rest)
	}
	var m jobMeta
	if err == nil {
		err = json.Unmarshal(meta, &m)
	}
	if err == nil {
		payload = event
		if !m.SamePayload {
			payload, _, err = readChunk(rest)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("decode delivery job %d: %w", d.ID, err)
	}
	return &Job{ID: d.ID, Account: m.Account, Region: m.Region, Bus: m.Bus, RuleName: m.RuleName, RuleArn: m.RuleArn,
		TargetID: m.TargetID, TargetArn: m.TargetArn, EventID: m.EventID, Event: event, Payload: payload,
		Target: m.Target, Attempts: m.Attempts, FirstPut: m.FirstPut, DueAt: d.DueAt}, nil
}
