package apidest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

const (
	userAgent   = "Amazon/EventBridge/ApiDestinations"
	contentType = "application/json; charset=utf-8"
)

// invocationURL is the destination's endpoint with its path wildcards
// filled from values, in order, and the query parameters added: the
// target's first, then the connection's, which win on a conflict. A
// wildcard left without a value stays a literal `*`.
func invocationURL(endpoint string, values []string, query ...[]parameter) (*url.URL, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("invocation endpoint %q: %w", endpoint, err)
	}
	if len(values) > 0 {
		var path strings.Builder
		rest := u.EscapedPath()
		for _, v := range values {
			i := strings.IndexByte(rest, '*')
			if i < 0 {
				break
			}
			path.WriteString(rest[:i])
			path.WriteString(url.PathEscape(v))
			rest = rest[i+1:]
		}
		path.WriteString(rest)
		if u.Path, err = url.PathUnescape(path.String()); err != nil {
			return nil, fmt.Errorf("invocation endpoint %q: %w", endpoint, err)
		}
		u.RawPath = path.String()
	}
	var q url.Values
	for _, ps := range query {
		for _, p := range ps {
			if p.Value == "" {
				continue
			}
			if q == nil {
				q = u.Query()
			}
			q.Set(p.Key, p.Value)
		}
	}
	if q != nil {
		// Encode sorts by key: the endpoint's own query is re-encoded too.
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// targetParameters turns a target's HttpParameters maps into parameters.
func targetParameters(m map[string]string) []parameter {
	out := make([]parameter, 0, len(m))
	for k, v := range m {
		out = append(out, parameter{Key: k, Value: v})
	}
	return out
}

// withBodyParameters adds the connection's body parameters to a payload
// that is a JSON object, as string members that replace members of the
// same name; any other payload is sent as it is. The payload's members
// keep their order and their text.
func withBodyParameters(payload []byte, params []parameter) []byte {
	if len(params) == 0 {
		return payload
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return payload
	}
	replace := make(map[string]string, len(params))
	var order []string
	for _, p := range params {
		if p.Value == "" {
			continue
		}
		if _, dup := replace[p.Key]; !dup {
			order = append(order, p.Key)
		}
		replace[p.Key] = p.Value
	}
	var out bytes.Buffer
	out.WriteByte('{')
	write := func(k string, v []byte) {
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		out.Write(key)
		out.WriteByte(':')
		out.Write(v)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return payload
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return payload
		}
		if _, replaced := replace[key]; replaced {
			continue
		}
		write(key, v)
	}
	for _, k := range order {
		v, _ := json.Marshal(replace[k])
		write(k, v)
	}
	out.WriteByte('}')
	return out.Bytes()
}

// newInvocation builds the request for one job, without credentials.
func newInvocation(ctx context.Context, method string, u *url.URL, job *delivery.Job, conn *httpParameters) (*http.Request, error) {
	var body io.Reader
	hasBody := method != http.MethodGet && method != http.MethodHead
	if hasBody {
		body = bytes.NewReader(withBodyParameters(job.Payload, conn.body()))
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("build request to %s: %w", u.Redacted(), err)
	}
	if hasBody {
		req.Header.Set("Content-Type", contentType)
	}
	if job.Target.HTTP != nil {
		setHeaders(req.Header, targetParameters(job.Target.HTTP.HeaderParameters))
	}
	setHeaders(req.Header, conn.headers())
	req.Header.Set("User-Agent", userAgent)
	return req, nil
}

func setHeaders(h http.Header, params []parameter) {
	for _, p := range params {
		if p.Value != "" {
			h.Set(p.Key, p.Value)
		}
	}
}
