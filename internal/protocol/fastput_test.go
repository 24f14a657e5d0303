package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/model"
)

func putDecoders(t testing.TB) (putEvents, partner *putDecoder, mdl *model.Model) {
	t.Helper()
	mdl, err := model.Load()
	if err != nil {
		t.Fatal(err)
	}
	pe, _ := mdl.Operation("PutEvents")
	pp, _ := mdl.Operation("PutPartnerEvents")
	if putEvents, err = newPutDecoder(pe, putEventsKeys, putEntryKeys); err != nil {
		t.Fatal(err)
	}
	if partner, err = newPutDecoder(pp, partnerKeys, partnerEntKeys); err != nil {
		t.Fatal(err)
	}
	return putEvents, partner, mdl
}

// generalInput decodes body the general way: generic decode, model check,
// typed decode. ok is false if any step refuses it or strips a member.
func generalInput(mdl *model.Model, op string, body []byte, into any) (string, bool) {
	spec, _ := mdl.Operation(op)
	tree, apiErr := model.Decode(body)
	if apiErr != nil {
		return apiErr.Message, false
	}
	stripped, apiErr := spec.Check(tree)
	if apiErr != nil {
		return apiErr.Message, false
	}
	if stripped {
		return "members stripped", false
	}
	if err := json.Unmarshal(body, into); err != nil {
		return err.Error(), false
	}
	return "", true
}

// checkAgrees fails if the one-pass decoders accept a body that the
// general path refuses, or read it differently.
func checkAgrees(t *testing.T, pe, pp *putDecoder, mdl *model.Model, body string) (fastPut, fastPartner bool) {
	t.Helper()
	if got, ok := pe.putEventsInput([]byte(body)); ok {
		fastPut = true
		var want events.PutEventsInput
		if why, ok := generalInput(mdl, "PutEvents", []byte(body), &want); !ok {
			t.Fatalf("PutEvents %q: one pass accepts, the general path refuses: %s", body, why)
		}
		if !sameIgnoringCapacity(*got, want) {
			t.Fatalf("PutEvents %q:\none pass %+v\ngeneral  %+v", body, *got, want)
		}
	}
	if got, ok := pp.partnerEventsInput([]byte(body)); ok {
		fastPartner = true
		var want events.PutPartnerEventsInput
		if why, ok := generalInput(mdl, "PutPartnerEvents", []byte(body), &want); !ok {
			t.Fatalf("PutPartnerEvents %q: one pass accepts, the general path refuses: %s", body, why)
		}
		if !sameIgnoringCapacity(*got, want) {
			t.Fatalf("PutPartnerEvents %q:\none pass %+v\ngeneral  %+v", body, *got, want)
		}
	}
	return fastPut, fastPartner
}

// sameIgnoringCapacity compares through JSON, where a slice's capacity and
// the identity of its backing array do not show.
func sameIgnoringCapacity(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

func TestOnePassDecodersTakeWhatSDKsSend(t *testing.T) {
	pe, pp, mdl := putDecoders(t)
	for _, body := range []string{
		`{"Entries":[{"Source":"bench.load","DetailType":"Bench Event","Detail":"{\"bench\":{\"k\":\"v\"}}","EventBusName":"bench"}]}`,
		// botocore: spaces after separators, non-ASCII escaped, a float time.
		`{"Entries": [{"Time": 1700000000.123, "Source": "aws.partner/acme.com/x", "Resources": ["arn:aws:s3:::b"], "DetailType": "Caf\u00e9 \ud83d\ude00", "Detail": "{\"a\": [1, 2, {\"b\": null}]}"}]}`,
		// The Go SDK: an integer time, a trace header and an ARN bus.
		`{"Entries":[{"Detail":"{}","DetailType":"t","EventBusName":"arn:aws:events:us-east-1:222222222222:event-bus/b","Source":"s","Time":1700000000,"TraceHeader":"Root=1"}],"EndpointId":"abc.xyz"}`,
		"{\n  \"Entries\" : [ { \"Source\" : \"s\" , \"Resources\" : [ ] , \"DetailType\" : \"t\\n\\t\\\\\" , \"Detail\" : \"{}\" } ]\n}\n",
	} {
		fastPut, _ := checkAgrees(t, pe, pp, mdl, body)
		if !fastPut {
			t.Errorf("PutEvents %q: the one-pass decoder did not take it", body)
		}
	}
	_, fastPartner := checkAgrees(t, pe, pp, mdl,
		`{"Entries":[{"Source":"aws.partner/acme.com/x","DetailType":"t","Detail":"{}","Resources":["r"]}]}`)
	if !fastPartner {
		t.Error("PutPartnerEvents: the one-pass decoder did not take a plain body")
	}
}

func TestOnePassDecodersLeaveTheRestToTheGeneralPath(t *testing.T) {
	pe, pp, mdl := putDecoders(t)
	eleven := `{"Entries":[` + strings.Repeat(`{"Source":"s"},`, 10) + `{"Source":"s"}]}`
	for name, body := range map[string]string{
		"empty":              ``,
		"not an object":      `[]`,
		"no entries":         `{}`,
		"no entry":           `{"Entries":[]}`,
		"eleven entries":     eleven,
		"null member":        `{"Entries":[{"Source":null}]}`,
		"null entry":         `{"Entries":[null]}`,
		"unknown member":     `{"Entries":[{"Source":"s","Extra":1}]}`,
		"lower-case member":  `{"Entries":[{"source":"s"}]}`,
		"duplicate member":   `{"Entries":[{"Source":"a","Source":"b"}]}`,
		"wrong type":         `{"Entries":[{"Source":1}]}`,
		"bus fails pattern":  `{"Entries":[{"Source":"s","EventBusName":"a b"}]}`,
		"empty trace header": `{"Entries":[{"Source":"s","TraceHeader":""}]}`,
		"time as a string":   `{"Entries":[{"Time":"2026-01-01T00:00:00Z"}]}`,
		"time out of range":  `{"Entries":[{"Time":1e300}]}`,
		"lone surrogate":     `{"Entries":[{"Source":"\ud800"}]}`,
		"invalid UTF-8":      "{\"Entries\":[{\"Source\":\"\xff\"}]}",
		"raw control char":   "{\"Entries\":[{\"Source\":\"a\x01\"}]}",
		"trailing data":      `{"Entries":[{"Source":"s"}]} {}`,
		"truncated":          `{"Entries":[{"Source":"s"}]`,
	} {
		fastPut, fastPartner := checkAgrees(t, pe, pp, mdl, body)
		if fastPut || fastPartner {
			t.Errorf("%s: the one-pass decoder took %q", name, body)
		}
	}
}

// FuzzOnePassDecoders holds the one-pass decoders to the general path:
// whatever they accept, it accepts and reads the same way.
func FuzzOnePassDecoders(f *testing.F) {
	pe, pp, mdl := putDecoders(f)
	for _, s := range []string{
		`{"Entries":[{"Source":"s","DetailType":"t","Detail":"{\"a\":1}","EventBusName":"b","Resources":["r"]}]}`,
		`{"Entries":[{"Time":1700000000.5,"Source":"aws.partner/a/b","DetailType":"\u00e9","Detail":"{}"}]}`,
		`{"Entries":[{"TraceHeader":"x"}],"EndpointId":"a.b"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkAgrees(t, pe, pp, mdl, body)
	})
}

func TestAppendResultsWritesWhatEncodingJSONWrites(t *testing.T) {
	entries := []events.ResultEntry{{EventId: "e1"}, {ErrorCode: "InvalidArgument", ErrorMessage: `say "no" <&>`}, {}}
	got := appendResults(nil, 1, entries)
	var a, b any
	want, _ := json.Marshal(events.PutEventsOutput{FailedEntryCount: 1, Entries: entries})
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	_ = json.Unmarshal(want, &b)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("got %s, want %s", got, want)
	}
}
