package apidest

import (
	"encoding/json"
	"fmt"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Authorization types and the state in which a connection may be used.
const (
	authBasic  = "BASIC"
	authOAuth  = "OAUTH_CLIENT_CREDENTIALS"
	authAPIKey = "API_KEY"

	stateAuthorized = "AUTHORIZED"
)

// authParameters is the part of a connection's AuthParameters (the API's
// shape, secrets included) that sending needs.
type authParameters struct {
	BasicAuthParameters *struct {
		Username string
		Password string
	}
	OAuthParameters *struct {
		ClientParameters *struct {
			ClientID     string
			ClientSecret string
		}
		AuthorizationEndpoint string
		HTTPMethod            string          `json:"HttpMethod"`
		OAuthHTTPParameters   *httpParameters `json:"OAuthHttpParameters"`
	}
	APIKeyAuthParameters *struct {
		APIKeyName  string `json:"ApiKeyName"`
		APIKeyValue string `json:"ApiKeyValue"`
	} `json:"ApiKeyAuthParameters"`
	InvocationHTTPParameters *httpParameters `json:"InvocationHttpParameters"`
}

// httpParameters are a connection's extra headers, query and body members.
type httpParameters struct {
	HeaderParameters      []parameter
	QueryStringParameters []parameter
	BodyParameters        []parameter
}

// parameter is one key and value. A value that DeauthorizeConnection
// removed is empty, and is not sent.
type parameter struct {
	Key   string
	Value string
}

func (h *httpParameters) headers() []parameter {
	if h == nil {
		return nil
	}
	return h.HeaderParameters
}

func (h *httpParameters) query() []parameter {
	if h == nil {
		return nil
	}
	return h.QueryStringParameters
}

func (h *httpParameters) body() []parameter {
	if h == nil {
		return nil
	}
	return h.BodyParameters
}

func decodeAuth(conn store.Connection) (authParameters, error) {
	var p authParameters
	if len(conn.AuthParameters) == 0 {
		return p, nil
	}
	if err := json.Unmarshal(conn.AuthParameters, &p); err != nil {
		return p, fmt.Errorf("decode auth parameters of connection %s: %w", conn.Name, err)
	}
	return p, nil
}
