package apidest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/store"
)

// requestTimeout is how long one HTTP request may take; AWS gives an API
// destination five seconds to answer.
const requestTimeout = 5 * time.Second

// Resolver finds an API destination and its connection, secrets included.
// An *awserr.Error with code ResourceNotFoundException means they do not
// exist; any other error is taken as transient.
type Resolver interface {
	ResolveAPIDestination(ctx context.Context, arn string) (store.APIDestination, store.Connection, error)
}

// Sender delivers jobs to API destinations. It is safe for concurrent use.
type Sender struct {
	resolver Resolver
	client   *http.Client
	timeout  time.Duration
	// now and sleep are the clock the rate limiter and the token cache run
	// on; tests replace them to observe waits without waiting.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	limits limiters
	tokens tokenCache
	cache  resolveCache
}

// New returns a Sender that looks destinations up with r and sends with a
// copy of client (when nil, one whose transport keeps enough connections
// alive per destination) that does not follow redirects: AWS reports a 3xx
// as delivered.
func New(r Resolver, client *http.Client) *Sender {
	if client == nil {
		// Many workers send to one destination at once: keep that many
		// connections alive instead of the default transport's two.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		client = &http.Client{Transport: tr}
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Sender{resolver: r, client: &c, timeout: requestTimeout, now: time.Now, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Send delivers one job. It returns nil when the endpoint answered 1xx,
// 2xx or 3xx, a *delivery.PermanentError when retrying cannot help, and
// any other error for a failure worth retrying.
func (s *Sender) Send(ctx context.Context, job *delivery.Job) error {
	r, err := s.resolve(ctx, job.TargetArn)
	if err != nil {
		var apiErr *awserr.Error
		if errors.As(err, &apiErr) && apiErr.Code == awserr.ResourceNotFound {
			return permanent("NO_RESOURCE", "%s", apiErr.Message)
		}
		return fmt.Errorf("look up API destination %s: %w", job.TargetArn, err)
	}
	dest, conn, auth := r.dest, r.conn, r.auth
	if conn.State != stateAuthorized {
		return permanent("NO_PERMISSIONS", "connection %s of API destination %s is %s", conn.Name, dest.Name, conn.State)
	}
	if r.authErr != nil {
		return permanent("INVALID_PARAMETER", "%v", r.authErr)
	}
	var pathValues []string
	var targetQuery []parameter
	if job.Target.HTTP != nil {
		pathValues = job.Target.HTTP.PathParameterValues
		targetQuery = targetParameters(job.Target.HTTP.QueryStringParameters)
	}
	u, err := invocationURL(dest.InvocationEndpoint, pathValues, targetQuery, auth.InvocationHTTPParameters.query())
	if err != nil {
		return permanent("INVALID_PARAMETER", "%v", err)
	}

	if err := s.awaitTurn(ctx, dest); err != nil {
		return err
	}
	status, body, err := s.invoke(ctx, dest, conn, auth, u, job, false)
	if err == nil && status == http.StatusUnauthorized && conn.AuthorizationType == authOAuth {
		// The token may have been revoked before its expiry: fetch a new
		// one and try once more.
		status, body, err = s.invoke(ctx, dest, conn, auth, u, job, true)
	}
	if err != nil {
		return err
	}
	return statusError("API destination "+dest.Name, status, body)
}

// awaitTurn waits for the destination's rate limit to allow one more
// request. A wait the context's deadline would cut short is not started:
// the job fails at once and is retried later.
func (s *Sender) awaitTurn(ctx context.Context, dest store.APIDestination) error {
	maxWait := time.Duration(math.MaxInt64)
	if deadline, ok := ctx.Deadline(); ok {
		maxWait = time.Until(deadline)
	}
	wait, ok := s.limits.reserve(destinationKey(dest), dest.InvocationRateLimitPerSecond, s.now(), maxWait)
	if !ok {
		return fmt.Errorf("API destination %s is at its invocation rate limit of %d per second", dest.Name, dest.InvocationRateLimitPerSecond)
	}
	if wait > 0 {
		if err := s.sleep(ctx, wait); err != nil {
			return fmt.Errorf("wait for the invocation rate limit of API destination %s: %w", dest.Name, err)
		}
	}
	return nil
}

// destinationKey identifies a destination's rate limit: a destination
// deleted and re-created under the same name starts afresh.
func destinationKey(d store.APIDestination) string {
	return d.Account + "/" + d.Region + "/" + d.Name + "/" + d.ID
}

// invoke sends the request once and returns the answer's status and the
// start of its body. Fetching an OAuth token has its own time limit, so
// the endpoint always gets its full five seconds.
func (s *Sender) invoke(ctx context.Context, dest store.APIDestination, conn store.Connection, auth authParameters,
	u *url.URL, job *delivery.Job, freshToken bool) (int, []byte, error) {
	var token string
	if conn.AuthorizationType == authOAuth {
		var err error
		if token, err = s.bearerToken(ctx, connectionKey(conn), conn, auth, freshToken); err != nil {
			return 0, nil, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := newInvocation(ctx, dest.HTTPMethod, u, job, auth.InvocationHTTPParameters)
	if err != nil {
		return 0, nil, permanent("INVALID_PARAMETER", "%v", err)
	}
	if err := authorize(req, conn, auth, token); err != nil {
		return 0, nil, err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("invoke API destination %s: %w", dest.Name, err)
	}
	defer res.Body.Close()
	// Reading the body lets the connection be reused; its start goes into
	// the error, where it often says what the endpoint disliked.
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, body, nil
}

// connectionKey identifies a connection's cached token: a connection
// deleted and re-created under the same name starts afresh.
func connectionKey(c store.Connection) string {
	return c.Account + "/" + c.Region + "/" + c.Name + "/" + c.ID
}

// authorize adds the connection's credentials to req; token is the OAuth
// bearer token, for OAuth connections.
func authorize(req *http.Request, conn store.Connection, auth authParameters, token string) error {
	switch conn.AuthorizationType {
	case authAPIKey:
		if k := auth.APIKeyAuthParameters; k != nil && k.APIKeyValue != "" {
			req.Header.Set(k.APIKeyName, k.APIKeyValue)
			return nil
		}
	case authBasic:
		if b := auth.BasicAuthParameters; b != nil && b.Password != "" {
			req.SetBasicAuth(b.Username, b.Password)
			return nil
		}
	case authOAuth:
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}
	}
	return permanent("NO_PERMISSIONS", "connection %s has no %s credentials", conn.Name, conn.AuthorizationType)
}

// outcome is what an HTTP status means for a delivery.
type outcome int

const (
	delivered outcome = iota
	retry
	fail
)

// classify sorts an HTTP status as AWS does for API destinations: 1xx-3xx
// succeed; 401, 407, 409, 429 and 5xx are retried; other 4xx are final.
func classify(status int) outcome {
	switch {
	case status < 400:
		return delivered
	case status == http.StatusUnauthorized, status == http.StatusProxyAuthRequired,
		status == http.StatusConflict, status == http.StatusTooManyRequests, status >= 500:
		return retry
	default:
		return fail
	}
}

// statusError is the error a job reports for an answer that is not a
// success: permanent for a final status, plain for one worth retrying.
func statusError(what string, status int, body []byte) error {
	class := classify(status)
	if class == delivered {
		return nil
	}
	msg := fmt.Sprintf("%s answered HTTP %d", what, status)
	if snippet := bodySnippet(body); snippet != "" {
		msg += ": " + snippet
	}
	if class == fail {
		return permanent("SDK_CLIENT_ERROR", "%s", msg)
	}
	return errors.New(msg)
}

// bodySnippet is the start of a response body, on one line.
func bodySnippet(body []byte) string {
	const limit = 256
	if !utf8.Valid(body) {
		return ""
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

func permanent(code, format string, args ...any) error {
	return delivery.Permanentf(code, format, args...)
}
