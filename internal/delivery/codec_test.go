package delivery

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func TestJobRecordRoundTrips(t *testing.T) {
	put := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	cases := map[string]*Job{
		"payload is the event": {ID: 7, Account: "1", RuleArn: "arn:r", TargetID: "t", TargetArn: "arn:t", EventID: "e",
			Event: []byte(`{"id":"e"}`), Payload: []byte(`{"id":"e"}`), Attempts: 2, FirstPut: put, DueAt: put,
			Target: TargetSpec{DeadLetterArn: "arn:dlq", RetryPolicy: &RetryPolicy{MaximumRetryAttempts: 3, MaximumEventAge: time.Hour}}},
		"transformed text payload": {ID: 8, EventID: "e", Event: []byte(`{"id":"e"}`), Payload: []byte("Order \x00 shipped"),
			FirstPut: put, DueAt: put, Target: TargetSpec{HTTP: &HTTPParameters{HeaderParameters: map[string]string{"a": "b"}}}},
	}
	for name, j := range cases {
		t.Run(name, func(t *testing.T) {
			rec, err := record(j, put)
			if err != nil {
				t.Fatal(err)
			}
			got, err := jobOf(rec)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, j) {
				t.Fatalf("round trip\n got %+v\nwant %+v", got, j)
			}
		})
	}
}

func FuzzJobOf(f *testing.F) {
	rec, _ := record(&Job{EventID: "e", Event: []byte("{}"), Payload: []byte("x")}, time.Time{})
	f.Add(rec.Doc)
	f.Add([]byte{1, 200})
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, _ = jobOf(store.Delivery{Doc: doc}) // must not panic
	})
}

// metaOf is the jobMeta encoding/json would write for j.
func metaOf(j *Job, same bool) jobMeta {
	return jobMeta{Account: j.Account, Region: j.Region, Bus: j.Bus, RuleName: j.RuleName, RuleArn: j.RuleArn,
		TargetID: j.TargetID, TargetArn: j.TargetArn, EventID: j.EventID, Target: j.Target, Attempts: j.Attempts,
		FirstPut: j.FirstPut, SamePayload: same}
}

func TestAppendMetaWritesWhatEncodingJSONWrites(t *testing.T) {
	put := time.Date(2026, 11, 23, 1, 2, 3, 456789, time.FixedZone("x", 3600))
	cases := map[string]*Job{
		"bare": {EventID: "e", FirstPut: put},
		"every field": {Account: "222222222222", Region: "us-east-1", Bus: "b\"us", RuleName: "r", RuleArn: "arn:r",
			TargetID: "t", TargetArn: "arn:t", EventID: "e", Attempts: 4, FirstPut: put,
			Target: TargetSpec{RoleArn: "arn:role", RetryPolicy: &RetryPolicy{MaximumRetryAttempts: 3, MaximumEventAge: time.Hour},
				DeadLetterArn: "arn:dlq", MessageGroupID: "g\n", PartitionKey: "k\\",
				HTTP: &HTTPParameters{PathParameterValues: []string{"p"}, HeaderParameters: map[string]string{"a": "b"}}}},
	}
	for name, j := range cases {
		for _, same := range []bool{false, true} {
			got, err := appendMeta(nil, j, same)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(metaOf(j, same))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s, same=%v:\n got %s\nwant %s", name, same, got, want)
			}
		}
	}
}

// FuzzAppendMeta holds the hand-written encoder to encoding/json for any
// strings: what it writes must decode to the same jobMeta.
func FuzzAppendMeta(f *testing.F) {
	f.Add("222222222222", "arn:aws:events:us-east-1:1:rule/r", "<&>\u2028", "\xff", int64(0))
	f.Fuzz(func(t *testing.T, account, ruleArn, eventID, role string, nanos int64) {
		j := &Job{Account: account, RuleArn: ruleArn, EventID: eventID, Target: TargetSpec{RoleArn: role},
			FirstPut: time.Unix(0, nanos).UTC()}
		b, err := appendMeta(nil, j, false)
		if err != nil {
			t.Fatal(err)
		}
		var got, want jobMeta
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s is not valid: %v", b, err)
		}
		std, _ := json.Marshal(metaOf(j, false))
		if err := json.Unmarshal(std, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded\n got %+v\nwant %+v", got, want)
		}
	})
}
