package delivery

import (
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
