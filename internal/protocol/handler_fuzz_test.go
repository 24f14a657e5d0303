package protocol

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/auth"
	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/model"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

func newTestHandler(t testing.TB) (*Handler, *model.Model) {
	t.Helper()
	mdl, err := model.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fuzz.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := events.New(st, events.Options{Logger: log})
	h, err := New(Options{Model: mdl, Verifier: auth.NewOpen("000000000000", "us-east-1"), Service: svc, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return h, mdl
}

// FuzzHandler sends arbitrary bodies to every operation of the model: the
// answer is always a well-formed AWS JSON document, never a 5xx or a panic.
func FuzzHandler(f *testing.F) {
	h, mdl := newTestHandler(f)
	names := mdl.OperationNames()
	seeds := []string{``, `{}`, `{"Name":"aws.partner/a/b","Account":"222222222222"}`, `{"Entries":[{"Source":"aws.partner/a/b","DetailType":"x","Detail":"{}"}]}`,
		`{"Name":"aws.partner/a/b","EventSourceName":"aws.partner/a/b"}`, `{"Limit":5,"NextToken":"abc"}`, `{"Name":null}`, `[]`, `{"Entries":[null]}`}
	for i, s := range seeds {
		f.Add(uint16(i*7), s)
	}
	f.Fuzz(func(t *testing.T, op uint16, body string) {
		name := names[int(op)%len(names)]
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSEvents."+name)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q answered %d: %s", name, body, rec.Code, rec.Body)
		}
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%s %q answered a body that is not a JSON object: %q", name, body, rec.Body)
		}
		if rec.Code != 200 && (doc["__type"] == nil || rec.Header().Get("X-Amzn-Errortype") == "") {
			t.Fatalf("%s %q: error without __type: %q", name, body, rec.Body)
		}
	})
}
