package events

import (
	"encoding/json"
	"testing"
	"time"
)

func TestEnvelopeHasAWSKeysInOrder(t *testing.T) {
	e := envelope{id: "id-1", detailType: "Order \"Placed\"", source: "aws.partner/a/b", account: "222222222222",
		region: "us-east-1", time: time.Date(2026, 1, 2, 3, 4, 5, 999, time.UTC), resources: []string{"r1", "r2"},
		detail: `{"n": 1}`}
	got := string(e.appendJSON(nil))
	want := `{"version":"0","id":"id-1","detail-type":"Order \"Placed\"","source":"aws.partner/a/b","account":"222222222222","time":"2026-01-02T03:04:05Z","region":"us-east-1","resources":["r1","r2"],"detail":{"n": 1}}`
	if got != want {
		t.Fatalf("envelope\n got %s\nwant %s", got, want)
	}
	e.resources = nil
	var parsed map[string]any
	if err := json.Unmarshal(e.appendJSON(nil), &parsed); err != nil {
		t.Fatal(err)
	}
	if r, ok := parsed["resources"].([]any); !ok || len(r) != 0 {
		t.Fatalf("resources without entries = %#v, want []", parsed["resources"])
	}
}

func TestDetailMustBeOneJSONObject(t *testing.T) {
	cases := map[string]bool{
		`{}`: true, ` {"a":[1,{"b":null}]} `: true, `[]`: false, `"{}"`: false, `"{\"a\":1}"`: false,
		`{"a":}`: false, `{} {}`: false, `{"a":1},"b":2`: false, `12`: false, `null`: false,
	}
	for detail, valid := range cases {
		res, ok := checkEntry("com.example", "Order", detail)
		if ok != valid || (!ok && res.ErrorCode != "MalformedDetail") {
			t.Errorf("checkEntry(detail %q) = %+v, %v; want valid %v", detail, res, ok, valid)
		}
	}
}

func TestEntrySizeFollowsAWSAlgorithm(t *testing.T) {
	if got := entrySize(true, "src", "dt", `{"a":1}`, []string{"r1", "é"}); got != 14+3+2+7+2+2 {
		t.Fatalf("entrySize = %d", got)
	}
}
