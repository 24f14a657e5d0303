package apidest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// tokenEndpoint is a fake OAuth authorization server: the nth token it
// issues is "token-n", valid for expiresIn seconds (omitted when 0).
type tokenEndpoint struct {
	mu        sync.Mutex
	issued    int
	requests  []request
	expiresIn int
	status    int // answer this status instead of a token when set
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	te.mu.Lock()
	defer te.mu.Unlock()
	te.requests = append(te.requests, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Body: string(body), Header: r.Header.Clone()})
	if te.status != 0 {
		w.WriteHeader(te.status)
		_, _ = io.WriteString(w, `{"error":"invalid_client"}`)
		return
	}
	te.issued++
	w.Header().Set("Content-Type", "application/json")
	if te.expiresIn > 0 {
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":%d}`, te.issued, te.expiresIn)
		return
	}
	fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer"}`, te.issued)
}

func (te *tokenEndpoint) calls() []request {
	te.mu.Lock()
	defer te.mu.Unlock()
	return append([]request(nil), te.requests...)
}

// oauthSetup is an API destination behind an OAuth connection. The
// endpoint accepts only the token currently in valid.
type oauthSetup struct {
	sender *Sender
	tokens *tokenEndpoint
	clock  *time.Time
	mu     sync.Mutex
	valid  string
	seen   []string // Authorization headers the endpoint received
}

func newOAuthSetup(t *testing.T, method string, expiresIn int) *oauthSetup {
	t.Helper()
	o := &oauthSetup{tokens: &tokenEndpoint{expiresIn: expiresIn}, valid: "token-1"}
	tokenSrv := httptest.NewServer(o.tokens)
	t.Cleanup(tokenSrv.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.seen = append(o.seen, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") != "Bearer "+o.valid {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(api.Close)
	auth := fmt.Sprintf(`{"OAuthParameters":{
		"ClientParameters":{"ClientID":"client-1","ClientSecret":"s3cret"},
		"AuthorizationEndpoint":%q,"HttpMethod":%q,
		"OAuthHttpParameters":{
			"HeaderParameters":[{"Key":"X-Tenant","Value":"acme"}],
			"QueryStringParameters":[{"Key":"audience","Value":"api"}],
			"BodyParameters":[{"Key":"scope","Value":"events:write"}]}}}`, tokenSrv.URL+"/oauth/token", method)
	o.sender = New(&resolver{dest: destination(api.URL+"/hook", "POST"), conn: connection("OAUTH_CLIENT_CREDENTIALS", auth)}, nil)
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	o.clock = &now
	o.sender.now = func() time.Time { return *o.clock }
	return o
}

// accept makes the endpoint accept only token.
func (o *oauthSetup) accept(token string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.valid = token
}

// received is the Authorization headers of the invocations so far.
func (o *oauthSetup) received() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.seen...)
}

func (o *oauthSetup) send(t *testing.T) error {
	t.Helper()
	return o.sender.Send(context.Background(), job(`{}`, nil))
}

func TestOAuthTokenRequestUsesClientCredentialsGrant(t *testing.T) {
	for _, method := range []string{"POST", "GET"} {
		t.Run(method, func(t *testing.T) {
			o := newOAuthSetup(t, method, 3600)
			if err := o.send(t); err != nil {
				t.Fatalf("Send: %v", err)
			}
			calls := o.tokens.calls()
			if len(calls) != 1 {
				t.Fatalf("token endpoint called %d times, want 1", len(calls))
			}
			r := calls[0]
			user, pass, ok := (&http.Request{Header: r.Header}).BasicAuth()
			if !ok || user != "client-1" || pass != "s3cret" {
				t.Errorf("client credentials = %q %q %v, want Basic client-1:s3cret", user, pass, ok)
			}
			if r.Method != method || r.Path != "/oauth/token" || r.Header.Get("X-Tenant") != "acme" {
				t.Errorf("token request = %s %s, X-Tenant %q", r.Method, r.Path, r.Header.Get("X-Tenant"))
			}
			form := r.Body
			if method == "GET" {
				form = r.Query
			}
			params, _ := url.ParseQuery(form)
			query, _ := url.ParseQuery(r.Query)
			if params.Get("grant_type") != "client_credentials" || params.Get("scope") != "events:write" || query.Get("audience") != "api" {
				t.Errorf("token request query %q, form %q", r.Query, form)
			}
			if method == "POST" && r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("token request Content-Type %q", r.Header.Get("Content-Type"))
			}
			if seen := o.received(); seen[0] != "Bearer token-1" {
				t.Errorf("invocation Authorization = %q, want Bearer token-1", seen[0])
			}
		})
	}
}

func TestOAuthTokenIsCachedAndRefetchedOnceOn401(t *testing.T) {
	o := newOAuthSetup(t, "POST", 3600)
	for range 3 {
		if err := o.send(t); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	if n := len(o.tokens.calls()); n != 1 {
		t.Fatalf("token endpoint called %d times for 3 deliveries, want 1 (cached)", n)
	}
	// The endpoint revokes token-1 before it expires: the next delivery
	// gets a 401, fetches token-2 and succeeds with it.
	o.accept("token-2")
	if err := o.send(t); err != nil {
		t.Fatalf("Send after revocation: %v", err)
	}
	if n := len(o.tokens.calls()); n != 2 {
		t.Errorf("token endpoint called %d times, want 2", n)
	}
	if seen := o.received(); seen[len(seen)-2] != "Bearer token-1" || seen[len(seen)-1] != "Bearer token-2" {
		t.Errorf("last two invocations carried %q, want token-1 then token-2", seen[len(seen)-2:])
	}
	// A token the endpoint still refuses is retried later, after one refetch only.
	o.accept("never")
	if err := o.send(t); outcomeOf(err) != "retry" {
		t.Errorf("Send with refused tokens = %v, want retryable", err)
	}
	if n := len(o.tokens.calls()); n != 3 {
		t.Errorf("token endpoint called %d times, want 3", n)
	}
}

func TestOAuthTokenIsReplacedShortlyBeforeItExpires(t *testing.T) {
	o := newOAuthSetup(t, "POST", 100) // refreshed 10% early: after 90s
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	*o.clock = o.clock.Add(89 * time.Second)
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	if n := len(o.tokens.calls()); n != 1 {
		t.Fatalf("token endpoint called %d times before the refresh point, want 1", n)
	}
	o.accept("token-2")
	*o.clock = o.clock.Add(time.Second)
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	if n := len(o.tokens.calls()); n != 2 {
		t.Errorf("token endpoint called %d times after the refresh point, want 2", n)
	}
	if seen := o.received(); seen[len(seen)-1] != "Bearer token-2" {
		t.Errorf("invocation after refresh carried %q, want the new token", seen[len(seen)-1])
	}
}

func TestOAuthTokenWithoutExpiryIsKeptUntilRefused(t *testing.T) {
	o := newOAuthSetup(t, "POST", 0)
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	*o.clock = o.clock.Add(30 * 24 * time.Hour)
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	if n := len(o.tokens.calls()); n != 1 {
		t.Errorf("token endpoint called %d times, want 1", n)
	}
}

func TestOAuthTokenIsDroppedWhenTheConnectionChanges(t *testing.T) {
	o := newOAuthSetup(t, "POST", 3600)
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	r := o.sender.resolver.(*resolver)
	r.conn.LastModifiedTime = r.conn.LastModifiedTime.Add(time.Second) // UpdateConnection
	o.accept("token-2")
	if err := o.send(t); err != nil {
		t.Fatal(err)
	}
	if n := len(o.tokens.calls()); n != 2 {
		t.Errorf("token endpoint called %d times, want a new token after the update", n)
	}
}

func TestOAuthTokenEndpointFailures(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{
		{400, "SDK_CLIENT_ERROR"}, {403, "SDK_CLIENT_ERROR"}, {401, "retry"}, {429, "retry"}, {500, "retry"}, {503, "retry"},
	}
	for _, tc := range tests {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			o := newOAuthSetup(t, "POST", 3600)
			o.tokens.status = tc.status
			err := o.send(t)
			if outcomeOf(err) != tc.want || !strings.Contains(err.Error(), "authorization endpoint") {
				t.Errorf("Send with token endpoint answering %d = %v, want %s", tc.status, err, tc.want)
			}
			if len(o.received()) != 0 {
				t.Errorf("endpoint invoked without a token")
			}
		})
	}
}
