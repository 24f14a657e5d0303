package main

import "testing"

func TestFailedEntryCountReadsAnyEncoder(t *testing.T) {
	for _, tc := range []struct {
		body string
		n    int
		ok   bool
	}{
		{`{"FailedEntryCount":0,"Entries":[{"EventId":"a"}]}`, 0, true},
		{`{"Entries": [], "FailedEntryCount": 3}`, 3, true},
		{`{"FailedEntryCount" :12}`, 12, true},
		{`{"__type":"ValidationException"}`, 0, false},
		{`{"FailedEntryCount":null}`, 0, false},
	} {
		n, ok := failedEntryCount([]byte(tc.body))
		if n != tc.n || ok != tc.ok {
			t.Errorf("failedEntryCount(%s) = %d, %v; want %d, %v", tc.body, n, ok, tc.n, tc.ok)
		}
	}
}
