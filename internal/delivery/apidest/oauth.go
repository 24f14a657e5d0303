package apidest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// maxRefreshMargin bounds how long before its expiry a token is replaced,
// so that a request never leaves with a token about to lapse in flight.
const maxRefreshMargin = time.Minute

// tokenCache keeps one OAuth access token per connection.
type tokenCache struct {
	mu     sync.Mutex
	tokens map[string]cachedToken // by connectionKey
}

type cachedToken struct {
	// version is the connection's LastModifiedTime: an update or a
	// deauthorization makes the cached token stale at once.
	version time.Time
	value   string
	// refreshAt is when to fetch a new token; zero means the token did
	// not say when it expires and is used until the endpoint answers 401.
	refreshAt time.Time
}

func (c *tokenCache) get(key string, version, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.tokens[key]
	if !ok || !t.version.Equal(version) || (!t.refreshAt.IsZero() && !now.Before(t.refreshAt)) {
		return "", false
	}
	return t.value, true
}

func (c *tokenCache) put(key string, t cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens == nil {
		c.tokens = make(map[string]cachedToken)
	}
	c.tokens[key] = t
}

// tokenResponse is the token endpoint's JSON answer (RFC 6749 §5.1).
// expires_in is a number, though some servers send it as a string.
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
}

// bearerToken returns a token for conn, from the cache unless fresh is
// set. key identifies the connection.
func (s *Sender) bearerToken(ctx context.Context, key string, conn store.Connection, p authParameters, fresh bool) (string, error) {
	now := s.now()
	if !fresh {
		if tok, ok := s.tokens.get(key, conn.LastModifiedTime, now); ok {
			return tok, nil
		}
	}
	o := p.OAuthParameters
	if o == nil || o.ClientParameters == nil {
		return "", permanent("NO_PERMISSIONS", "connection %s has no OAuth parameters", conn.Name)
	}
	resp, err := s.fetchToken(ctx, conn.Name, p)
	if err != nil {
		return "", err
	}
	t := cachedToken{version: conn.LastModifiedTime, value: resp.AccessToken}
	if lifetime, ok := expiresIn(resp.ExpiresIn); ok {
		margin := min(maxRefreshMargin, lifetime/10)
		t.refreshAt = now.Add(lifetime - margin)
	}
	s.tokens.put(key, t)
	return t.value, nil
}

// fetchToken asks the connection's authorization endpoint for a token
// with the client-credentials grant.
func (s *Sender) fetchToken(ctx context.Context, connName string, p authParameters) (tokenResponse, error) {
	o := p.OAuthParameters
	u, err := url.Parse(o.AuthorizationEndpoint)
	if err != nil {
		return tokenResponse{}, permanent("INVALID_PARAMETER", "authorization endpoint of connection %s: %v", connName, err)
	}
	form := url.Values{}
	for _, b := range o.OAuthHTTPParameters.body() {
		if b.Value != "" {
			form.Set(b.Key, b.Value)
		}
	}
	if !form.Has("grant_type") {
		form.Set("grant_type", "client_credentials")
	}
	method := o.HTTPMethod
	if method == "" {
		method = http.MethodPost
	}
	q := u.Query()
	for _, qp := range o.OAuthHTTPParameters.query() {
		if qp.Value != "" {
			q.Set(qp.Key, qp.Value)
		}
	}
	var body io.Reader
	if method == http.MethodGet {
		for k, vs := range form {
			q[k] = vs
		}
	} else {
		body = strings.NewReader(form.Encode())
	}
	u.RawQuery = q.Encode()

	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return tokenResponse{}, permanent("INVALID_PARAMETER", "authorization request of connection %s: %v", connName, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	setHeaders(req.Header, o.OAuthHTTPParameters.headers())
	req.Header.Set("User-Agent", userAgent)
	req.SetBasicAuth(o.ClientParameters.ClientID, o.ClientParameters.ClientSecret)

	res, err := s.client.Do(req)
	if err != nil {
		return tokenResponse{}, fmt.Errorf("OAuth token request of connection %s: %w", connName, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return tokenResponse{}, fmt.Errorf("read OAuth token response of connection %s: %w", connName, err)
	}
	if err := statusError("authorization endpoint of connection "+connName, res.StatusCode, raw); err != nil {
		return tokenResponse{}, err
	}
	var tr tokenResponse
	if err := json.Unmarshal(raw, &tr); err != nil || tr.AccessToken == "" {
		return tokenResponse{}, errors.New("the authorization endpoint of connection " + connName + " answered without an access_token")
	}
	return tr, nil
}

// expiresIn reads expires_in, a number of seconds (or a string of one).
func expiresIn(raw json.RawMessage) (time.Duration, bool) {
	s := strings.Trim(string(raw), `"`)
	if s == "" || s == "null" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || secs <= 0 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}
