package apidest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/store"
)

const destARN = "arn:aws:events:us-east-1:222222222222:api-destination/hook/d-1"

// resolver answers every lookup with one destination and connection.
type resolver struct {
	dest store.APIDestination
	conn store.Connection
	err  error
}

func (r *resolver) ResolveAPIDestination(_ context.Context, arn string) (store.APIDestination, store.Connection, error) {
	if arn != destARN {
		return store.APIDestination{}, store.Connection{}, awserr.NotFoundf("no %s", arn)
	}
	return r.dest, r.conn, r.err
}

func destination(endpoint, method string) store.APIDestination {
	return store.APIDestination{Account: "222222222222", Region: "us-east-1", Name: "hook", ID: "d-1",
		ConnectionArn: "arn:aws:events:us-east-1:222222222222:connection/conn/c-1", InvocationEndpoint: endpoint,
		HTTPMethod: method, InvocationRateLimitPerSecond: 300, State: "ACTIVE"}
}

func connection(authType, authParameters string) store.Connection {
	return store.Connection{Account: "222222222222", Region: "us-east-1", Name: "conn", ID: "c-1",
		AuthorizationType: authType, AuthParameters: json.RawMessage(authParameters), State: "AUTHORIZED",
		LastModifiedTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

const apiKeyAuth = `{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"k-123"}}`

// request is what a test endpoint received.
type request struct {
	Method, Path, RawPath, Query, Body string
	Header                             http.Header
}

// endpoint is a test HTTP endpoint that records requests and answers
// with the status status returns (200 when nil).
func endpoint(t *testing.T, status func(r *http.Request) int) (*httptest.Server, func() []request) {
	t.Helper()
	var mu sync.Mutex
	var got []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, request{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			Body: string(body), Header: r.Header.Clone()})
		mu.Unlock()
		code := http.StatusOK
		if status != nil {
			code = status(r)
		}
		if code >= 300 && code < 400 {
			w.Header().Set("Location", "/redirected")
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"message":"answer body"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []request {
		mu.Lock()
		defer mu.Unlock()
		return append([]request(nil), got...)
	}
}

func job(payload string, http *delivery.HTTPParameters) *delivery.Job {
	return &delivery.Job{TargetArn: destARN, Payload: []byte(payload), Target: delivery.TargetSpec{HTTP: http}}
}

func TestSendAuthorizesWithEachConnectionType(t *testing.T) {
	tests := []struct {
		name, authType, auth string
		header, want         string
	}{
		{"API key in its header", "API_KEY", apiKeyAuth, "X-Api-Key", "k-123"},
		{"API key named Authorization", "API_KEY", `{"ApiKeyAuthParameters":{"ApiKeyName":"Authorization","ApiKeyValue":"Token abc"}}`,
			"Authorization", "Token abc"},
		{"basic", "BASIC", `{"BasicAuthParameters":{"Username":"user","Password":"pa:ss"}}`,
			"Authorization", "Basic dXNlcjpwYTpzcw=="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, got := endpoint(t, nil)
			s := New(&resolver{dest: destination(srv.URL+"/hook", "POST"), conn: connection(tc.authType, tc.auth)}, nil)
			if err := s.Send(context.Background(), job(`{"detail":{"n":1}}`, nil)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			reqs := got()
			if len(reqs) != 1 {
				t.Fatalf("endpoint got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if v := r.Header.Get(tc.header); v != tc.want {
				t.Errorf("%s = %q, want %q", tc.header, v, tc.want)
			}
			if r.Method != "POST" || r.Path != "/hook" || r.Body != `{"detail":{"n":1}}` {
				t.Errorf("request = %s %s %q", r.Method, r.Path, r.Body)
			}
			if ct, ua := r.Header.Get("Content-Type"), r.Header.Get("User-Agent"); ct != "application/json; charset=utf-8" || ua != "Amazon/EventBridge/ApiDestinations" {
				t.Errorf("Content-Type %q, User-Agent %q", ct, ua)
			}
		})
	}
}

func TestSendFillsPathWildcardsAndMergesParametersWithConnectionPrecedence(t *testing.T) {
	srv, got := endpoint(t, nil)
	auth := `{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"k"},
		"InvocationHttpParameters":{
			"HeaderParameters":[{"Key":"X-Team","Value":"connection"},{"Key":"X-Secret","Value":"hidden","IsValueSecret":true}],
			"QueryStringParameters":[{"Key":"team","Value":"connection"},{"Key":"cleared","Value":""}],
			"BodyParameters":[{"Key":"source","Value":"connection"},{"Key":"extra","Value":"x"}]}}`
	s := New(&resolver{dest: destination(srv.URL+"/orgs/*/hooks/*?fixed=1", "PUT"), conn: connection("API_KEY", auth)}, nil)
	err := s.Send(context.Background(), job(`{"source":"event","detail":{}}`, &delivery.HTTPParameters{
		PathParameterValues:   []string{"acme inc", "a/b"},
		HeaderParameters:      map[string]string{"X-Team": "target", "X-Target": "t", "Content-Type": "application/vnd.x+json"},
		QueryStringParameters: map[string]string{"team": "target", "page": "2"},
	}))
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r := got()[0]
	if r.RawPath != "/orgs/acme%20inc/hooks/a%2Fb" {
		t.Errorf("path = %q, want wildcards filled in order and escaped", r.RawPath)
	}
	if r.Query != "fixed=1&page=2&team=connection" {
		t.Errorf("query = %q", r.Query)
	}
	for h, want := range map[string]string{"X-Team": "connection", "X-Target": "t", "X-Secret": "hidden",
		"Content-Type": "application/vnd.x+json", "X-Api-Key": "k"} {
		if v := r.Header.Get(h); v != want {
			t.Errorf("header %s = %q, want %q", h, v, want)
		}
	}
	if r.Body != `{"detail":{},"source":"connection","extra":"x"}` {
		t.Errorf("body = %s", r.Body)
	}
}

func TestSendGetCarriesNoBody(t *testing.T) {
	srv, got := endpoint(t, nil)
	s := New(&resolver{dest: destination(srv.URL+"/ping", "GET"), conn: connection("API_KEY", apiKeyAuth)}, nil)
	if err := s.Send(context.Background(), job(`{"a":1}`, nil)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if r := got()[0]; r.Method != "GET" || r.Body != "" || r.Header.Get("Content-Type") != "" {
		t.Errorf("GET request = %+v, want no body", r)
	}
}

func TestStatusClassification(t *testing.T) {
	tests := []struct {
		status int
		want   string // "ok", "retry" or the permanent ERROR_CODE
	}{
		{200, "ok"}, {201, "ok"}, {204, "ok"}, {302, "ok"}, {304, "ok"},
		{400, "SDK_CLIENT_ERROR"}, {403, "SDK_CLIENT_ERROR"}, {404, "SDK_CLIENT_ERROR"}, {405, "SDK_CLIENT_ERROR"},
		{408, "SDK_CLIENT_ERROR"}, {410, "SDK_CLIENT_ERROR"}, {413, "SDK_CLIENT_ERROR"}, {422, "SDK_CLIENT_ERROR"},
		{401, "retry"}, {407, "retry"}, {409, "retry"}, {429, "retry"},
		{500, "retry"}, {502, "retry"}, {503, "retry"}, {504, "retry"},
	}
	for _, tc := range tests {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			srv, got := endpoint(t, func(*http.Request) int { return tc.status })
			s := New(&resolver{dest: destination(srv.URL+"/x", "POST"), conn: connection("API_KEY", apiKeyAuth)}, nil)
			err := s.Send(context.Background(), job(`{}`, nil))
			if outcomeOf(err) != tc.want {
				t.Errorf("HTTP %d: Send = %v, want %s", tc.status, err, tc.want)
			}
			if n := len(got()); n != 1 {
				t.Errorf("HTTP %d: endpoint got %d requests, want 1 (redirects are not followed)", tc.status, n)
			}
		})
	}
}

// outcomeOf names what a Send result means for the job.
func outcomeOf(err error) string {
	var p *delivery.PermanentError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &p):
		return p.Code
	}
	return "retry"
}

func TestClientErrorNamesStatusAndBody(t *testing.T) {
	srv, _ := endpoint(t, func(*http.Request) int { return 404 })
	s := New(&resolver{dest: destination(srv.URL+"/x", "POST"), conn: connection("API_KEY", apiKeyAuth)}, nil)
	err := s.Send(context.Background(), job(`{}`, nil))
	if err == nil || !strings.Contains(err.Error(), "HTTP 404") || !strings.Contains(err.Error(), "answer body") {
		t.Errorf("Send = %v, want the status and the answer's body", err)
	}
}

func TestTimeoutIsRetryable(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	s := New(&resolver{dest: destination(srv.URL+"/slow", "POST"), conn: connection("API_KEY", apiKeyAuth)}, nil)
	s.timeout = 20 * time.Millisecond
	err := s.Send(context.Background(), job(`{}`, nil))
	if outcomeOf(err) != "retry" || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send to a silent endpoint = %v, want a retryable deadline error", err)
	}
}

func TestNetworkErrorIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	s := New(&resolver{dest: destination(url+"/x", "POST"), conn: connection("API_KEY", apiKeyAuth)}, nil)
	if err := s.Send(context.Background(), job(`{}`, nil)); outcomeOf(err) != "retry" {
		t.Errorf("Send to a closed port = %v, want retryable", err)
	}
}

func TestUnusableDestinationsFailPermanently(t *testing.T) {
	srv, got := endpoint(t, nil)
	deauthorized := connection("API_KEY", `{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key"}}`)
	deauthorized.State = "DEAUTHORIZED"
	noSecret := connection("BASIC", `{"BasicAuthParameters":{"Username":"u"}}`)
	tests := []struct {
		name string
		r    *resolver
		arn  string
		want string
	}{
		{"deauthorized connection", &resolver{dest: destination(srv.URL, "POST"), conn: deauthorized}, destARN, "NO_PERMISSIONS"},
		{"credentials missing", &resolver{dest: destination(srv.URL, "POST"), conn: noSecret}, destARN, "NO_PERMISSIONS"},
		{"destination missing", &resolver{}, destARN + "-gone", "NO_RESOURCE"},
		{"connection missing", &resolver{err: awserr.NotFoundf("Connection 'conn' does not exist.")}, destARN, "NO_RESOURCE"},
		{"store failing is retried", &resolver{err: errors.New("disk on fire")}, destARN, "retry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := job(`{}`, nil)
			j.TargetArn = tc.arn
			if err := New(tc.r, nil).Send(context.Background(), j); outcomeOf(err) != tc.want {
				t.Errorf("Send = %v, want %s", err, tc.want)
			}
		})
	}
	if n := len(got()); n != 0 {
		t.Errorf("endpoint got %d requests, want none", n)
	}
}
