package events

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// Connection states. AWS passes through CREATING, AUTHORIZING and
// DEAUTHORIZING while it writes the Secrets Manager secret and, for OAuth,
// fetches a first token. Bridgeport's changes are immediate and it fetches
// OAuth tokens when it delivers, so a connection is only ever AUTHORIZED
// (its credentials are complete) or DEAUTHORIZED (DeauthorizeConnection
// removed them). DeleteConnection answers DELETING, the last state AWS
// reports before the connection is gone.
const (
	connectionAuthorized   = "AUTHORIZED"
	connectionDeauthorized = "DEAUTHORIZED"
	connectionDeleting     = "DELETING"
)

// Authorization types of a connection.
const (
	authBasic  = "BASIC"
	authOAuth  = "OAUTH_CLIENT_CREDENTIALS"
	authAPIKey = "API_KEY"
)

// ConnectionAuthParameters is a connection's AuthParameters. One shape
// serves CreateConnection and UpdateConnection input, the stored record
// (secrets included: store.Connection.AuthParameters is this as JSON) and
// DescribeConnection's answer (secrets removed), so the three cannot drift.
type ConnectionAuthParameters struct {
	BasicAuthParameters      *BasicAuthParameters      `json:",omitempty"`
	OAuthParameters          *OAuthParameters          `json:",omitempty"`
	APIKeyAuthParameters     *APIKeyAuthParameters     `json:"ApiKeyAuthParameters,omitempty"`
	InvocationHTTPParameters *ConnectionHTTPParameters `json:"InvocationHttpParameters,omitempty"`
	// ConnectivityParameters (a private OAuth endpoint reached through VPC
	// Lattice) is read only to refuse it.
	ConnectivityParameters json.RawMessage `json:",omitempty"`
}

// BasicAuthParameters are the credentials of a BASIC connection.
type BasicAuthParameters struct {
	Username string `json:",omitempty"`
	Password string `json:",omitempty"` // secret
}

// OAuthParameters configure the client-credentials grant of an
// OAUTH_CLIENT_CREDENTIALS connection.
type OAuthParameters struct {
	ClientParameters      *OAuthClientParameters    `json:",omitempty"`
	AuthorizationEndpoint string                    `json:",omitempty"`
	HTTPMethod            string                    `json:"HttpMethod,omitempty"`
	OAuthHTTPParameters   *ConnectionHTTPParameters `json:"OAuthHttpParameters,omitempty"`
}

// OAuthClientParameters are the OAuth client's credentials.
type OAuthClientParameters struct {
	ClientID     string `json:",omitempty"`
	ClientSecret string `json:",omitempty"` // secret
}

// APIKeyAuthParameters name the header that carries an API key, and the key.
type APIKeyAuthParameters struct {
	APIKeyName  string `json:"ApiKeyName,omitempty"`
	APIKeyValue string `json:"ApiKeyValue,omitempty"` // secret
}

// ConnectionHTTPParameters are extra headers, query string and body
// members sent with every request (InvocationHttpParameters) or with the
// OAuth token request (OAuthHttpParameters).
type ConnectionHTTPParameters struct {
	HeaderParameters      []ConnectionParameter `json:",omitempty"`
	QueryStringParameters []ConnectionParameter `json:",omitempty"`
	BodyParameters        []ConnectionParameter `json:",omitempty"`
}

// ConnectionParameter is one header, query or body parameter. A value
// marked IsValueSecret is kept like a password: never returned.
type ConnectionParameter struct {
	Key           string `json:",omitempty"`
	Value         string `json:",omitempty"`
	IsValueSecret bool   `json:",omitempty"`
}

// withoutSecrets is a deep copy of p with every secret value removed:
// what DescribeConnection shows, and what DeauthorizeConnection keeps.
func withoutSecrets(p ConnectionAuthParameters) ConnectionAuthParameters {
	out := ConnectionAuthParameters{InvocationHTTPParameters: p.InvocationHTTPParameters.withoutSecrets()}
	if b := p.BasicAuthParameters; b != nil {
		out.BasicAuthParameters = &BasicAuthParameters{Username: b.Username}
	}
	if k := p.APIKeyAuthParameters; k != nil {
		out.APIKeyAuthParameters = &APIKeyAuthParameters{APIKeyName: k.APIKeyName}
	}
	if o := p.OAuthParameters; o != nil {
		oc := *o
		if o.ClientParameters != nil {
			oc.ClientParameters = &OAuthClientParameters{ClientID: o.ClientParameters.ClientID}
		}
		oc.OAuthHTTPParameters = o.OAuthHTTPParameters.withoutSecrets()
		out.OAuthParameters = &oc
	}
	return out
}

func (h *ConnectionHTTPParameters) withoutSecrets() *ConnectionHTTPParameters {
	if h == nil {
		return nil
	}
	strip := func(ps []ConnectionParameter) []ConnectionParameter {
		if ps == nil {
			return nil
		}
		out := make([]ConnectionParameter, len(ps))
		for i, p := range ps {
			if p.IsValueSecret {
				p.Value = ""
			}
			out[i] = p
		}
		return out
	}
	return &ConnectionHTTPParameters{HeaderParameters: strip(h.HeaderParameters),
		QueryStringParameters: strip(h.QueryStringParameters), BodyParameters: strip(h.BodyParameters)}
}

// authMember is the AuthParameters member an authorization type takes,
// by its API name.
func authMember(authType string) string {
	switch authType {
	case authBasic:
		return "BasicAuthParameters"
	case authOAuth:
		return "OAuthParameters"
	case authAPIKey:
		return "ApiKeyAuthParameters"
	}
	return authType + " parameters"
}

// given lists the authorization members present in p, by API name.
func (p ConnectionAuthParameters) given() []string {
	var out []string
	if p.BasicAuthParameters != nil {
		out = append(out, authMember(authBasic))
	}
	if p.OAuthParameters != nil {
		out = append(out, authMember(authOAuth))
	}
	if p.APIKeyAuthParameters != nil {
		out = append(out, authMember(authAPIKey))
	}
	return out
}

// checkAuthMembers enforces that AuthParameters carries the member of its
// AuthorizationType and no other. required says the member must be there
// (CreateConnection, or UpdateConnection changing the type); an update of
// the same type may leave it out.
func checkAuthMembers(authType string, p ConnectionAuthParameters, required bool) error {
	want := authMember(authType)
	has := false
	for _, m := range p.given() {
		if m != want {
			return awserr.Validationf("%s cannot be specified for the authorization type %s; use %s.", m, authType, want)
		}
		has = true
	}
	if required && !has {
		return awserr.Validationf("%s must be specified for the authorization type %s.", want, authType)
	}
	if len(p.ConnectivityParameters) > 0 {
		return errNoPrivateConnectivity()
	}
	if o := p.OAuthParameters; o != nil && o.AuthorizationEndpoint != "" {
		if err := checkEndpoint("AuthorizationEndpoint", o.AuthorizationEndpoint); err != nil {
			return err
		}
	}
	return nil
}

// complete reports whether the credentials of authType are all present,
// secrets included: whether Bridgeport can authorize requests with them.
func (p ConnectionAuthParameters) complete(authType string) bool {
	switch authType {
	case authBasic:
		b := p.BasicAuthParameters
		return b != nil && b.Username != "" && b.Password != ""
	case authAPIKey:
		k := p.APIKeyAuthParameters
		return k != nil && k.APIKeyName != "" && k.APIKeyValue != ""
	case authOAuth:
		o := p.OAuthParameters
		return o != nil && o.AuthorizationEndpoint != "" && o.HTTPMethod != "" &&
			o.ClientParameters != nil && o.ClientParameters.ClientID != "" && o.ClientParameters.ClientSecret != ""
	}
	return false
}

// merge applies an UpdateConnection's AuthParameters to the stored ones:
// a member that is given replaces the stored one, field by field for the
// credentials and list by list for the HTTP parameters; a member left out
// keeps its value.
func merge(cur, upd ConnectionAuthParameters) ConnectionAuthParameters {
	out := cur
	if u := upd.BasicAuthParameters; u != nil {
		b := valueOf(cur.BasicAuthParameters)
		b.Username = firstSet(u.Username, b.Username)
		b.Password = firstSet(u.Password, b.Password)
		out.BasicAuthParameters = &b
	}
	if u := upd.APIKeyAuthParameters; u != nil {
		k := valueOf(cur.APIKeyAuthParameters)
		k.APIKeyName = firstSet(u.APIKeyName, k.APIKeyName)
		k.APIKeyValue = firstSet(u.APIKeyValue, k.APIKeyValue)
		out.APIKeyAuthParameters = &k
	}
	if u := upd.OAuthParameters; u != nil {
		o := valueOf(cur.OAuthParameters)
		if uc := u.ClientParameters; uc != nil {
			cp := valueOf(o.ClientParameters)
			cp.ClientID = firstSet(uc.ClientID, cp.ClientID)
			cp.ClientSecret = firstSet(uc.ClientSecret, cp.ClientSecret)
			o.ClientParameters = &cp
		}
		o.AuthorizationEndpoint = firstSet(u.AuthorizationEndpoint, o.AuthorizationEndpoint)
		o.HTTPMethod = firstSet(u.HTTPMethod, o.HTTPMethod)
		o.OAuthHTTPParameters = mergeHTTP(o.OAuthHTTPParameters, u.OAuthHTTPParameters)
		out.OAuthParameters = &o
	}
	out.InvocationHTTPParameters = mergeHTTP(cur.InvocationHTTPParameters, upd.InvocationHTTPParameters)
	return out
}

// valueOf is a copy of *p, or the zero value when p is nil.
func valueOf[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// mergeHTTP replaces each parameter list that upd gives; an empty list
// given clears it.
func mergeHTTP(cur, upd *ConnectionHTTPParameters) *ConnectionHTTPParameters {
	if upd == nil {
		return cur
	}
	out := valueOf(cur)
	if upd.HeaderParameters != nil {
		out.HeaderParameters = upd.HeaderParameters
	}
	if upd.QueryStringParameters != nil {
		out.QueryStringParameters = upd.QueryStringParameters
	}
	if upd.BodyParameters != nil {
		out.BodyParameters = upd.BodyParameters
	}
	return &out
}

func firstSet(given, current string) string {
	if given != "" {
		return given
	}
	return current
}

// checkEndpoint accepts absolute http and https URLs. AWS accepts only
// https; a self-hosted server's targets are often plain-HTTP services on
// its own network, so Bridgeport accepts both.
func checkEndpoint(member, endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return awserr.Validationf("%s %s is not valid: it must be an absolute http or https URL.", member, endpoint)
	}
	return nil
}

func errNoPrivateConnectivity() error {
	return awserr.Validationf("Connectivity parameters for private endpoints are not supported: Bridgeport reaches endpoints directly from its own network.")
}

func connectionNotFound(name string) error {
	return awserr.NotFoundf("Failed to describe the connection(s). Connection '%s' does not exist.", name)
}

func (s *Service) connectionARN(c store.Connection) string {
	return "arn:" + s.opts.Partition + ":events:" + c.Region + ":" + c.Account + ":connection/" + c.Name + "/" + c.ID
}

// secretARN is the Secrets Manager ARN AWS reports for a connection's
// secret. Bridgeport keeps the secret in its own store; the ARN keeps
// AWS's shape (Secrets Manager appends six random characters) and is
// derived from the connection's id, so it is stable.
func (s *Service) secretARN(c store.Connection) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	h := fnv.New64a()
	h.Write([]byte(c.ID))
	n := h.Sum64()
	suffix := make([]byte, 6)
	for i := range suffix {
		suffix[i] = alphabet[n%uint64(len(alphabet))]
		n /= uint64(len(alphabet))
	}
	return "arn:" + s.opts.Partition + ":secretsmanager:" + c.Region + ":" + c.Account +
		":secret:events!connection/" + c.Name + "/" + c.ID + "-" + string(suffix)
}

// parseResourceARN splits arn:<partition>:events:<region>:<account>:<kind>/<name>/<id>,
// the ARN of a connection or API destination.
func (s *Service) parseResourceARN(arn, kind string) (account, region, name, id string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != s.opts.Partition || parts[2] != "events" {
		return "", "", "", "", false
	}
	rest, ok := strings.CutPrefix(parts[5], kind+"/")
	if !ok {
		return "", "", "", "", false
	}
	name, id, ok = strings.Cut(rest, "/")
	if !ok || name == "" || id == "" || strings.Contains(id, "/") {
		return "", "", "", "", false
	}
	return parts[4], parts[3], name, id, true
}

// connectionByARN finds the caller's connection an ARN names. An ARN of
// another account or region, or of a connection since deleted and
// re-created under the same name, names nothing.
func (s *Service) connectionByARN(tx store.Tx, c Caller, arn string) (store.Connection, error) {
	account, region, name, id, ok := s.parseResourceARN(arn, "connection")
	if !ok || account != c.Account || region != c.Region {
		return store.Connection{}, connectionNotFound(connectionNameOf(arn))
	}
	conn, found, err := tx.GetConnection(account, region, name)
	if err != nil {
		return store.Connection{}, err
	}
	if !found || conn.ID != id {
		return store.Connection{}, connectionNotFound(name)
	}
	return conn, nil
}

// connectionNameOf is the name segment of a connection ARN, for messages.
func connectionNameOf(arn string) string {
	_, rest, ok := strings.Cut(arn, ":connection/")
	if !ok {
		return arn
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

func (s *Service) loadConnection(tx store.Tx, c Caller, name string) (store.Connection, error) {
	conn, found, err := tx.GetConnection(c.Account, c.Region, name)
	if err != nil {
		return store.Connection{}, err
	}
	if !found {
		return store.Connection{}, connectionNotFound(name)
	}
	return conn, nil
}

// authOf decodes a stored connection's AuthParameters.
func authOf(conn store.Connection) (ConnectionAuthParameters, error) {
	var p ConnectionAuthParameters
	if len(conn.AuthParameters) == 0 {
		return p, nil
	}
	if err := json.Unmarshal(conn.AuthParameters, &p); err != nil {
		return p, fmt.Errorf("decode auth parameters of connection %s: %w", conn.Name, err)
	}
	return p, nil
}

// CreateConnectionInput creates a connection.
type CreateConnectionInput struct {
	Name              string
	Description       string
	AuthorizationType string
	AuthParameters    *ConnectionAuthParameters
	// InvocationConnectivityParameters (private endpoints) is refused.
	InvocationConnectivityParameters json.RawMessage
	// KmsKeyIdentifier is accepted and not used: secrets stay in
	// Bridgeport's store, which has no customer-managed key.
	KmsKeyIdentifier string
}

// ConnectionStateOutput is what CreateConnection, UpdateConnection,
// DeleteConnection and DeauthorizeConnection answer.
type ConnectionStateOutput struct {
	ConnectionArn      string    `json:",omitempty"`
	ConnectionState    string    `json:",omitempty"`
	CreationTime       Timestamp `json:",omitzero"`
	LastModifiedTime   Timestamp `json:",omitzero"`
	LastAuthorizedTime Timestamp `json:",omitzero"`
}

func (s *Service) connectionState(conn store.Connection) *ConnectionStateOutput {
	return &ConnectionStateOutput{ConnectionArn: s.connectionARN(conn), ConnectionState: conn.State,
		CreationTime: At(conn.CreationTime), LastModifiedTime: At(conn.LastModifiedTime),
		LastAuthorizedTime: At(conn.LastAuthorizedTime)}
}

// CreateConnection creates a connection. It is AUTHORIZED at once for
// every authorization type: for OAuth, AWS first fetches a token
// (AUTHORIZING) while Bridgeport fetches tokens when it delivers, so a bad
// client secret shows as failed deliveries, not as a connection state.
func (s *Service) CreateConnection(ctx context.Context, c Caller, in *CreateConnectionInput) (*ConnectionStateOutput, error) {
	if len(in.InvocationConnectivityParameters) > 0 {
		return nil, errNoPrivateConnectivity()
	}
	var auth ConnectionAuthParameters
	if in.AuthParameters != nil {
		auth = *in.AuthParameters
	}
	if err := checkAuthMembers(in.AuthorizationType, auth, true); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(auth)
	if err != nil {
		return nil, fmt.Errorf("encode auth parameters of connection %s: %w", in.Name, err)
	}
	now := s.now()
	conn := store.Connection{Account: c.Account, Region: c.Region, Name: in.Name, ID: s.opts.NewID(),
		Description: in.Description, AuthorizationType: in.AuthorizationType, AuthParameters: doc,
		State: connectionAuthorized, CreationTime: now, LastModifiedTime: now, LastAuthorizedTime: now}
	err = s.update(ctx, func(tx store.Tx) error {
		if _, found, err := tx.GetConnection(c.Account, c.Region, in.Name); err != nil || found {
			if err == nil {
				err = awserr.New(awserr.ResourceAlreadyExists, "Connection %s already exists.", in.Name)
			}
			return err
		}
		return tx.PutConnection(conn)
	})
	if err != nil {
		return nil, err
	}
	return s.connectionState(conn), nil
}

// DescribeConnectionInput names a connection.
type DescribeConnectionInput struct{ Name string }

// DescribeConnectionOutput is one connection without its secrets.
type DescribeConnectionOutput struct {
	ConnectionArn      string                    `json:",omitempty"`
	Name               string                    `json:",omitempty"`
	Description        string                    `json:",omitempty"`
	ConnectionState    string                    `json:",omitempty"`
	StateReason        string                    `json:",omitempty"`
	AuthorizationType  string                    `json:",omitempty"`
	SecretArn          string                    `json:",omitempty"`
	AuthParameters     *ConnectionAuthParameters `json:",omitempty"`
	CreationTime       Timestamp                 `json:",omitzero"`
	LastModifiedTime   Timestamp                 `json:",omitzero"`
	LastAuthorizedTime Timestamp                 `json:",omitzero"`
}

// DescribeConnection returns a connection. Passwords, API key values,
// client secrets and parameter values marked secret are never returned.
func (s *Service) DescribeConnection(ctx context.Context, c Caller, in *DescribeConnectionInput) (*DescribeConnectionOutput, error) {
	var conn store.Connection
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		conn, err = s.loadConnection(tx, c, in.Name)
		return err
	})
	if err != nil {
		return nil, err
	}
	auth, err := authOf(conn)
	if err != nil {
		return nil, err
	}
	shown := withoutSecrets(auth)
	return &DescribeConnectionOutput{ConnectionArn: s.connectionARN(conn), Name: conn.Name,
		Description: conn.Description, ConnectionState: conn.State, StateReason: conn.StateReason,
		AuthorizationType: conn.AuthorizationType, SecretArn: s.secretARN(conn), AuthParameters: &shown,
		CreationTime: At(conn.CreationTime), LastModifiedTime: At(conn.LastModifiedTime),
		LastAuthorizedTime: At(conn.LastAuthorizedTime)}, nil
}

// ListConnectionsInput filters the caller's connections.
type ListConnectionsInput struct {
	NamePrefix      string
	ConnectionState string
	NextToken       string
	Limit           int
}

// Connection is one element of ListConnections.
type Connection struct {
	ConnectionArn      string    `json:",omitempty"`
	Name               string    `json:",omitempty"`
	ConnectionState    string    `json:",omitempty"`
	StateReason        string    `json:",omitempty"`
	AuthorizationType  string    `json:",omitempty"`
	CreationTime       Timestamp `json:",omitzero"`
	LastModifiedTime   Timestamp `json:",omitzero"`
	LastAuthorizedTime Timestamp `json:",omitzero"`
}

// ListConnectionsOutput is one page of connections.
type ListConnectionsOutput struct {
	Connections []Connection
	NextToken   string `json:",omitempty"`
}

// ListConnections lists the caller's connections in name order.
func (s *Service) ListConnections(ctx context.Context, c Caller, in *ListConnectionsInput) (*ListConnectionsOutput, error) {
	scope := "connections|" + c.Account + "|" + c.Region + "|" + in.NamePrefix + "|" + in.ConnectionState
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := pageSize(in.Limit)
	var conns []store.Connection
	err = s.view(ctx, func(tx store.Tx) error {
		conns, err = tx.ListConnections(store.ConnectionQuery{Account: c.Account, Region: c.Region,
			NamePrefix: in.NamePrefix, State: in.ConnectionState, After: after, Limit: limit + 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &ListConnectionsOutput{Connections: []Connection{}}
	if len(conns) > limit {
		conns = conns[:limit]
		out.NextToken = pageToken(scope, conns[limit-1].Name)
	}
	for _, conn := range conns {
		out.Connections = append(out.Connections, Connection{ConnectionArn: s.connectionARN(conn), Name: conn.Name,
			ConnectionState: conn.State, StateReason: conn.StateReason, AuthorizationType: conn.AuthorizationType,
			CreationTime: At(conn.CreationTime), LastModifiedTime: At(conn.LastModifiedTime),
			LastAuthorizedTime: At(conn.LastAuthorizedTime)})
	}
	return out, nil
}

// UpdateConnectionInput changes a connection. Members left out keep their
// value; Description given empty clears it.
type UpdateConnectionInput struct {
	Name                             string
	Description                      *string
	AuthorizationType                string
	AuthParameters                   *ConnectionAuthParameters
	InvocationConnectivityParameters json.RawMessage
	KmsKeyIdentifier                 string
}

// UpdateConnection merges new settings into a connection. Changing the
// AuthorizationType replaces the credentials, so the new type's members
// must then be given in full. A connection whose credentials are complete
// after the update is AUTHORIZED again: this is how a deauthorized
// connection is reused, as AWS documents.
func (s *Service) UpdateConnection(ctx context.Context, c Caller, in *UpdateConnectionInput) (*ConnectionStateOutput, error) {
	if len(in.InvocationConnectivityParameters) > 0 {
		return nil, errNoPrivateConnectivity()
	}
	var upd ConnectionAuthParameters
	if in.AuthParameters != nil {
		upd = *in.AuthParameters
	}
	var conn store.Connection
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		conn, err = s.loadConnection(tx, c, in.Name)
		if err != nil {
			return err
		}
		cur, err := authOf(conn)
		if err != nil {
			return err
		}
		authType := firstSet(in.AuthorizationType, conn.AuthorizationType)
		changesType := authType != conn.AuthorizationType
		if err := checkAuthMembers(authType, upd, changesType); err != nil {
			return err
		}
		if changesType {
			// The old type's credentials go; only the HTTP parameters carry over.
			cur = ConnectionAuthParameters{InvocationHTTPParameters: cur.InvocationHTTPParameters}
		}
		next := merge(cur, upd)
		if changesType && !next.complete(authType) {
			return awserr.Validationf("%s must be given in full when the authorization type changes to %s.",
				authMember(authType), authType)
		}
		doc, err := json.Marshal(next)
		if err != nil {
			return fmt.Errorf("encode auth parameters of connection %s: %w", in.Name, err)
		}
		now := s.now()
		if in.Description != nil {
			conn.Description = *in.Description
		}
		wasAuthorized := conn.State == connectionAuthorized
		conn.AuthorizationType, conn.AuthParameters, conn.LastModifiedTime = authType, doc, now
		conn.State, conn.StateReason = connectionDeauthorized, ""
		if next.complete(authType) {
			conn.State = connectionAuthorized
			if !wasAuthorized || len(upd.given()) > 0 {
				conn.LastAuthorizedTime = now
			}
		}
		return tx.PutConnection(conn)
	})
	if err != nil {
		return nil, err
	}
	return s.connectionState(conn), nil
}

// DeleteConnectionInput names a connection.
type DeleteConnectionInput struct{ Name string }

// DeleteConnection deletes a connection. A connection that API
// destinations still use is refused, as DeleteEventBus refuses a bus with
// rules: deleting it would leave those destinations unable to deliver,
// and deleting them first must be the caller's explicit choice.
func (s *Service) DeleteConnection(ctx context.Context, c Caller, in *DeleteConnectionInput) (*ConnectionStateOutput, error) {
	var conn store.Connection
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		conn, err = s.loadConnection(tx, c, in.Name)
		if err != nil {
			return err
		}
		users, err := tx.ListAPIDestinations(store.APIDestinationQuery{Account: c.Account, Region: c.Region,
			ConnectionArn: s.connectionARN(conn), Limit: 1})
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return awserr.Validationf("Connection '%s' can't be deleted since it is used by API destination '%s'.", in.Name, users[0].Name)
		}
		return tx.DeleteConnection(c.Account, c.Region, in.Name)
	})
	if err != nil {
		return nil, err
	}
	out := s.connectionState(conn)
	out.ConnectionState = connectionDeleting
	return out, nil
}

// DeauthorizeConnectionInput names a connection.
type DeauthorizeConnectionInput struct{ Name string }

// DeauthorizeConnection removes a connection's secrets and makes it
// DEAUTHORIZED: deliveries through it then fail without retry until
// UpdateConnection supplies credentials again. The non-secret settings
// stay, so only the secrets need supplying.
func (s *Service) DeauthorizeConnection(ctx context.Context, c Caller, in *DeauthorizeConnectionInput) (*ConnectionStateOutput, error) {
	var conn store.Connection
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		conn, err = s.loadConnection(tx, c, in.Name)
		if err != nil {
			return err
		}
		auth, err := authOf(conn)
		if err != nil {
			return err
		}
		doc, err := json.Marshal(withoutSecrets(auth))
		if err != nil {
			return fmt.Errorf("encode auth parameters of connection %s: %w", in.Name, err)
		}
		conn.AuthParameters, conn.State, conn.StateReason, conn.LastModifiedTime = doc, connectionDeauthorized, "", s.now()
		return tx.PutConnection(conn)
	})
	if err != nil {
		return nil, err
	}
	return s.connectionState(conn), nil
}
