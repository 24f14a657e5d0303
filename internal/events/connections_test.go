package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

// connectionFixture is a Service over a fresh store, with a clock the test
// moves and ids id-1, id-2, ...
type connectionFixture struct {
	svc   *Service
	clock time.Time
	ids   int
}

func newConnectionFixture(t *testing.T) *connectionFixture {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "bridgeport.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &connectionFixture{clock: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	f.svc = New(st, Options{
		Now:   func() time.Time { return f.clock },
		NewID: func() string { f.ids++; return fmt.Sprintf("id-%d", f.ids) },
	})
	return f
}

func (f *connectionFixture) tick() { f.clock = f.clock.Add(time.Second) }

var (
	connOwner    = Caller{Account: "222222222222", Region: "us-east-1"}
	connStranger = Caller{Account: "333333333333", Region: "us-east-1"}
	connCtx      = context.Background()
)

func basicAuthParams(user, password string) *ConnectionAuthParameters {
	return &ConnectionAuthParameters{BasicAuthParameters: &BasicAuthParameters{Username: user, Password: password}}
}

func apiKeyAuthParams(name, value string) *ConnectionAuthParameters {
	return &ConnectionAuthParameters{APIKeyAuthParameters: &APIKeyAuthParameters{APIKeyName: name, APIKeyValue: value}}
}

func oauthAuthParams(secret string) *ConnectionAuthParameters {
	return &ConnectionAuthParameters{OAuthParameters: &OAuthParameters{
		ClientParameters:      &OAuthClientParameters{ClientID: "client", ClientSecret: secret},
		AuthorizationEndpoint: "https://auth.example.com/token", HTTPMethod: "POST",
		OAuthHTTPParameters: &ConnectionHTTPParameters{BodyParameters: []ConnectionParameter{
			{Key: "scope", Value: "write"}, {Key: "audience", Value: "oauth-secret-value", IsValueSecret: true}}},
	}}
}

func (f *connectionFixture) create(t *testing.T, c Caller, name, authType string, auth *ConnectionAuthParameters) *ConnectionStateOutput {
	t.Helper()
	out, err := f.svc.CreateConnection(connCtx, c, &CreateConnectionInput{Name: name, AuthorizationType: authType, AuthParameters: auth})
	if err != nil {
		t.Fatalf("CreateConnection(%s): %v", name, err)
	}
	return out
}

// wantConnError asserts err is an API error with code and, if msg is not
// empty, exactly that message.
func wantConnError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var apiErr *awserr.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if apiErr.Code != code || (msg != "" && apiErr.Message != msg) {
		t.Fatalf("error = %s: %q, want %s: %q", apiErr.Code, apiErr.Message, code, msg)
	}
}

func TestCreateConnectionIsAuthorizedForEveryType(t *testing.T) {
	tests := []struct {
		authType string
		auth     *ConnectionAuthParameters
	}{
		{"BASIC", basicAuthParams("user", "pw")},
		{"API_KEY", apiKeyAuthParams("x-api-key", "key")},
		{"OAUTH_CLIENT_CREDENTIALS", oauthAuthParams("secret")},
	}
	for _, tc := range tests {
		t.Run(tc.authType, func(t *testing.T) {
			f := newConnectionFixture(t)
			out := f.create(t, connOwner, "conn", tc.authType, tc.auth)
			if out.ConnectionArn != "arn:aws:events:us-east-1:222222222222:connection/conn/id-1" {
				t.Errorf("ConnectionArn = %s", out.ConnectionArn)
			}
			if out.ConnectionState != "AUTHORIZED" || !out.CreationTime.Equal(f.clock) || !out.LastAuthorizedTime.Equal(f.clock) {
				t.Errorf("create answered %+v", out)
			}
		})
	}
}

func TestCreateConnectionChecksAuthParametersAgainstType(t *testing.T) {
	both := basicAuthParams("u", "p")
	both.APIKeyAuthParameters = apiKeyAuthParams("k", "v").APIKeyAuthParameters
	private := basicAuthParams("u", "p")
	private.ConnectivityParameters = json.RawMessage(`{"ResourceParameters":{}}`)
	badEndpoint := oauthAuthParams("s")
	badEndpoint.OAuthParameters.AuthorizationEndpoint = "ftp://auth.example.com/token"
	tests := []struct {
		name, authType string
		auth           *ConnectionAuthParameters
		message        string
	}{
		{"no parameters for the type", "BASIC", &ConnectionAuthParameters{}, "BasicAuthParameters must be specified for the authorization type BASIC."},
		{"another type's parameters", "API_KEY", basicAuthParams("u", "p"), "BasicAuthParameters cannot be specified for the authorization type API_KEY; use ApiKeyAuthParameters."},
		{"two types' parameters", "BASIC", both, ""},
		{"private connectivity", "BASIC", private, ""},
		{"token endpoint not http", "OAUTH_CLIENT_CREDENTIALS", badEndpoint, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newConnectionFixture(t)
			_, err := f.svc.CreateConnection(connCtx, connOwner, &CreateConnectionInput{Name: "c", AuthorizationType: tc.authType, AuthParameters: tc.auth})
			wantConnError(t, err, awserr.Validation, tc.message)
		})
	}
}

func TestCreateConnectionTwiceIsAlreadyExists(t *testing.T) {
	f := newConnectionFixture(t)
	f.create(t, connOwner, "conn", "BASIC", basicAuthParams("u", "p"))
	_, err := f.svc.CreateConnection(connCtx, connOwner, &CreateConnectionInput{Name: "conn", AuthorizationType: "BASIC", AuthParameters: basicAuthParams("u", "p")})
	wantConnError(t, err, awserr.ResourceAlreadyExists, "Connection conn already exists.")
	// The name is per account.
	f.create(t, connStranger, "conn", "BASIC", basicAuthParams("u", "p"))
}

func TestDescribeConnectionNeverReturnsSecrets(t *testing.T) {
	tests := []struct {
		authType string
		auth     *ConnectionAuthParameters
		secrets  []string
		shown    []string
	}{
		{"BASIC", basicAuthParams("the-user", "basic-secret-value"), []string{"basic-secret-value"}, []string{"the-user"}},
		{"API_KEY", apiKeyAuthParams("x-api-key", "apikey-secret-value"), []string{"apikey-secret-value"}, []string{"x-api-key"}},
		{"OAUTH_CLIENT_CREDENTIALS", oauthAuthParams("client-secret-value"), []string{"client-secret-value", "oauth-secret-value"},
			[]string{"client", "https://auth.example.com/token", "scope", "write", "audience"}},
	}
	for _, tc := range tests {
		t.Run(tc.authType, func(t *testing.T) {
			f := newConnectionFixture(t)
			tc.auth.InvocationHTTPParameters = &ConnectionHTTPParameters{
				HeaderParameters:      []ConnectionParameter{{Key: "X-Plain", Value: "plain-value"}, {Key: "X-Token", Value: "header-secret-value", IsValueSecret: true}},
				QueryStringParameters: []ConnectionParameter{{Key: "sig", Value: "query-secret-value", IsValueSecret: true}},
				BodyParameters:        []ConnectionParameter{{Key: "pin", Value: "body-secret-value", IsValueSecret: true}},
			}
			f.create(t, connOwner, "conn", tc.authType, tc.auth)
			out, err := f.svc.DescribeConnection(connCtx, connOwner, &DescribeConnectionInput{Name: "conn"})
			if err != nil {
				t.Fatal(err)
			}
			list, err := f.svc.ListConnections(connCtx, connOwner, &ListConnectionsInput{})
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal([]any{out, list})
			for _, secret := range append(tc.secrets, "header-secret-value", "query-secret-value", "body-secret-value") {
				if strings.Contains(string(raw), secret) {
					t.Errorf("Describe/List show secret %q: %s", secret, raw)
				}
			}
			for _, s := range append(tc.shown, "X-Plain", "plain-value", "X-Token", "sig", "pin", `"IsValueSecret":true`) {
				if !strings.Contains(string(raw), s) {
					t.Errorf("Describe does not show %q: %s", s, raw)
				}
			}
			secretARN := regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:222222222222:secret:events!connection/conn/id-1-[A-Za-z0-9]{6}$`)
			if !secretARN.MatchString(out.SecretArn) {
				t.Errorf("SecretArn = %s", out.SecretArn)
			}
			if out.Name != "conn" || out.AuthorizationType != tc.authType || out.ConnectionState != "AUTHORIZED" {
				t.Errorf("Describe = %+v", out)
			}
		})
	}
}

func TestUpdateConnectionMergesWhatIsGiven(t *testing.T) {
	f := newConnectionFixture(t)
	auth := basicAuthParams("user", "old")
	auth.InvocationHTTPParameters = &ConnectionHTTPParameters{
		HeaderParameters:      []ConnectionParameter{{Key: "X-A", Value: "a"}},
		QueryStringParameters: []ConnectionParameter{{Key: "q", Value: "1"}},
	}
	f.create(t, connOwner, "conn", "BASIC", auth)
	f.tick()
	desc := "rotated"
	out, err := f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", Description: &desc,
		AuthParameters: &ConnectionAuthParameters{
			BasicAuthParameters:      &BasicAuthParameters{Password: "new"},
			InvocationHTTPParameters: &ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "X-B", Value: "b"}}},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if out.ConnectionState != "AUTHORIZED" || !out.LastModifiedTime.Equal(f.clock) || !out.LastAuthorizedTime.Equal(f.clock) {
		t.Errorf("update answered %+v", out)
	}
	got := f.storedAuth(t, "conn")
	want := basicAuthParams("user", "new")
	want.InvocationHTTPParameters = &ConnectionHTTPParameters{
		HeaderParameters:      []ConnectionParameter{{Key: "X-B", Value: "b"}},
		QueryStringParameters: []ConnectionParameter{{Key: "q", Value: "1"}},
	}
	if g, w := connJSON(got), connJSON(want); g != w {
		t.Errorf("stored after update\n got %s\nwant %s", g, w)
	}
	d, _ := f.svc.DescribeConnection(connCtx, connOwner, &DescribeConnectionInput{Name: "conn"})
	if d.Description != "rotated" {
		t.Errorf("Description = %q", d.Description)
	}
}

func TestUpdateConnectionTypeChange(t *testing.T) {
	f := newConnectionFixture(t)
	f.create(t, connOwner, "conn", "BASIC", basicAuthParams("user", "pw"))
	_, err := f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", AuthorizationType: "API_KEY"})
	wantConnError(t, err, awserr.Validation, "ApiKeyAuthParameters must be specified for the authorization type API_KEY.")
	_, err = f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", AuthorizationType: "API_KEY",
		AuthParameters: &ConnectionAuthParameters{APIKeyAuthParameters: &APIKeyAuthParameters{APIKeyName: "k"}}})
	wantConnError(t, err, awserr.Validation, "ApiKeyAuthParameters must be given in full when the authorization type changes to API_KEY.")
	_, err = f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", AuthParameters: apiKeyAuthParams("k", "v")})
	wantConnError(t, err, awserr.Validation, "")

	if _, err := f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", AuthorizationType: "API_KEY",
		AuthParameters: apiKeyAuthParams("k", "v")}); err != nil {
		t.Fatal(err)
	}
	if got := connJSON(f.storedAuth(t, "conn")); got != connJSON(apiKeyAuthParams("k", "v")) {
		t.Errorf("stored after type change = %s, want only the API key", got)
	}
}

func TestDeauthorizeRemovesSecretsAndUpdateReauthorizes(t *testing.T) {
	f := newConnectionFixture(t)
	auth := oauthAuthParams("client-secret")
	auth.InvocationHTTPParameters = &ConnectionHTTPParameters{HeaderParameters: []ConnectionParameter{{Key: "X-S", Value: "hidden", IsValueSecret: true}}}
	created := f.create(t, connOwner, "conn", "OAUTH_CLIENT_CREDENTIALS", auth)
	f.tick()
	out, err := f.svc.DeauthorizeConnection(connCtx, connOwner, &DeauthorizeConnectionInput{Name: "conn"})
	if err != nil {
		t.Fatal(err)
	}
	if out.ConnectionState != "DEAUTHORIZED" || !out.LastModifiedTime.Equal(f.clock) || !out.LastAuthorizedTime.Equal(created.LastAuthorizedTime.Time) {
		t.Errorf("deauthorize answered %+v", out)
	}
	stored := connJSON(f.storedAuth(t, "conn"))
	for _, secret := range []string{"client-secret", "hidden", "oauth-secret-value"} {
		if strings.Contains(stored, secret) {
			t.Errorf("secret %q kept after deauthorization: %s", secret, stored)
		}
	}
	if !strings.Contains(stored, "https://auth.example.com/token") {
		t.Errorf("non-secret settings lost: %s", stored)
	}
	list, _ := f.svc.ListConnections(connCtx, connOwner, &ListConnectionsInput{ConnectionState: "DEAUTHORIZED"})
	if len(list.Connections) != 1 {
		t.Errorf("ListConnections(DEAUTHORIZED) = %+v", list.Connections)
	}

	// An update that does not supply the secret leaves it deauthorized ...
	desc := "still off"
	out, err = f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", Description: &desc})
	if err != nil || out.ConnectionState != "DEAUTHORIZED" {
		t.Fatalf("update without secret = %+v, %v", out, err)
	}
	// ... and one that does authorizes it again.
	f.tick()
	out, err = f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "conn", AuthParameters: &ConnectionAuthParameters{
		OAuthParameters: &OAuthParameters{ClientParameters: &OAuthClientParameters{ClientSecret: "new-secret"}}}})
	if err != nil || out.ConnectionState != "AUTHORIZED" || !out.LastAuthorizedTime.Equal(f.clock) {
		t.Fatalf("update with secret = %+v, %v", out, err)
	}
}

func TestConnectionNotFound(t *testing.T) {
	f := newConnectionFixture(t)
	f.create(t, connStranger, "theirs", "BASIC", basicAuthParams("u", "p"))
	const msg = "Failed to describe the connection(s). Connection 'theirs' does not exist."
	calls := map[string]func() error{
		"Describe": func() error {
			_, err := f.svc.DescribeConnection(connCtx, connOwner, &DescribeConnectionInput{Name: "theirs"})
			return err
		},
		"Update": func() error {
			_, err := f.svc.UpdateConnection(connCtx, connOwner, &UpdateConnectionInput{Name: "theirs"})
			return err
		},
		"Delete": func() error {
			_, err := f.svc.DeleteConnection(connCtx, connOwner, &DeleteConnectionInput{Name: "theirs"})
			return err
		},
		"Deauthorize": func() error {
			_, err := f.svc.DeauthorizeConnection(connCtx, connOwner, &DeauthorizeConnectionInput{Name: "theirs"})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { wantConnError(t, call(), awserr.ResourceNotFound, msg) })
	}
}

func TestDeleteConnectionAnswersDeletingAndForgetsIt(t *testing.T) {
	f := newConnectionFixture(t)
	created := f.create(t, connOwner, "conn", "API_KEY", apiKeyAuthParams("k", "v"))
	out, err := f.svc.DeleteConnection(connCtx, connOwner, &DeleteConnectionInput{Name: "conn"})
	if err != nil {
		t.Fatal(err)
	}
	if out.ConnectionState != "DELETING" || out.ConnectionArn != created.ConnectionArn {
		t.Errorf("delete answered %+v", out)
	}
	_, err = f.svc.DescribeConnection(connCtx, connOwner, &DescribeConnectionInput{Name: "conn"})
	wantConnError(t, err, awserr.ResourceNotFound, "")
}

func TestListConnectionsFiltersAndPages(t *testing.T) {
	f := newConnectionFixture(t)
	for _, name := range []string{"b-2", "a-1", "b-1", "b-3", "c"} {
		f.create(t, connOwner, name, "BASIC", basicAuthParams("u", "p"))
	}
	f.create(t, connStranger, "b-0", "BASIC", basicAuthParams("u", "p"))
	if _, err := f.svc.DeauthorizeConnection(connCtx, connOwner, &DeauthorizeConnectionInput{Name: "b-3"}); err != nil {
		t.Fatal(err)
	}
	names := func(in ListConnectionsInput) (all []string) {
		t.Helper()
		for {
			out, err := f.svc.ListConnections(connCtx, connOwner, &in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range out.Connections {
				all = append(all, c.Name)
			}
			if out.NextToken == "" {
				return all
			}
			in.NextToken = out.NextToken
		}
	}
	tests := []struct {
		name string
		in   ListConnectionsInput
		want string
	}{
		{"all in name order", ListConnectionsInput{}, "a-1 b-1 b-2 b-3 c"},
		{"pages of two", ListConnectionsInput{Limit: 2}, "a-1 b-1 b-2 b-3 c"},
		{"prefix", ListConnectionsInput{NamePrefix: "b-", Limit: 1}, "b-1 b-2 b-3"},
		{"state", ListConnectionsInput{ConnectionState: "AUTHORIZED", Limit: 3}, "a-1 b-1 b-2 c"},
		{"no match", ListConnectionsInput{NamePrefix: "z"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(names(tc.in), " "); got != tc.want {
				t.Errorf("names = %q, want %q", got, tc.want)
			}
		})
	}
	page, _ := f.svc.ListConnections(connCtx, connOwner, &ListConnectionsInput{Limit: 2})
	_, err := f.svc.ListConnections(connCtx, connOwner, &ListConnectionsInput{Limit: 2, NamePrefix: "b", NextToken: page.NextToken})
	wantConnError(t, err, awserr.Validation, "Invalid NextToken.")
}

// getConnection reads a connection as stored, secrets included.
func getConnection(s *Service, c Caller, name string) (conn store.Connection, found bool, err error) {
	err = s.view(connCtx, func(tx store.Tx) error {
		conn, found, err = tx.GetConnection(c.Account, c.Region, name)
		return err
	})
	return conn, found, err
}

func (f *connectionFixture) storedAuth(t *testing.T, name string) ConnectionAuthParameters {
	t.Helper()
	conn, found, err := getConnection(f.svc, connOwner, name)
	if err != nil || !found {
		t.Fatalf("stored connection %s: %v, found %v", name, err, found)
	}
	auth, err := authOf(conn)
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

func connJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
