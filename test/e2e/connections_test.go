package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// Secrets the connection tests store: none may ever come back.
var connectionSecrets = []string{"basic-password-1", "basic-password-2", "api-key-value-1", "api-key-value-2",
	"oauth-client-secret-1", "oauth-client-secret-2", "secret-header-value", "secret-query-value", "secret-body-value"}

// invocationParameters has one plain and one secret value of each kind.
func invocationParameters() *types.ConnectionHttpParameters {
	return &types.ConnectionHttpParameters{
		HeaderParameters: []types.ConnectionHeaderParameter{
			{Key: aws.String("X-Plain"), Value: aws.String("plain-header-value")},
			{Key: aws.String("X-Secret"), Value: aws.String("secret-header-value"), IsValueSecret: true}},
		QueryStringParameters: []types.ConnectionQueryStringParameter{
			{Key: aws.String("sig"), Value: aws.String("secret-query-value"), IsValueSecret: true}},
		BodyParameters: []types.ConnectionBodyParameter{
			{Key: aws.String("pin"), Value: aws.String("secret-body-value"), IsValueSecret: true}},
	}
}

// authCase is one authorization type with its create and update parameters.
type authCase struct {
	authType types.ConnectionAuthorizationType
	create   *types.CreateConnectionAuthRequestParameters
	update   *types.UpdateConnectionAuthRequestParameters // rotates the secret
	check    func(t *testing.T, p *types.ConnectionAuthResponseParameters)
}

var authCases = []authCase{
	{
		authType: types.ConnectionAuthorizationTypeBasic,
		create: &types.CreateConnectionAuthRequestParameters{
			BasicAuthParameters: &types.CreateConnectionBasicAuthRequestParameters{
				Username: aws.String("the-user"), Password: aws.String("basic-password-1")},
			InvocationHttpParameters: invocationParameters()},
		update: &types.UpdateConnectionAuthRequestParameters{
			BasicAuthParameters: &types.UpdateConnectionBasicAuthRequestParameters{Password: aws.String("basic-password-2")}},
		check: func(t *testing.T, p *types.ConnectionAuthResponseParameters) {
			if p.BasicAuthParameters == nil || aws.ToString(p.BasicAuthParameters.Username) != "the-user" {
				t.Errorf("BasicAuthParameters = %+v", p.BasicAuthParameters)
			}
		},
	},
	{
		authType: types.ConnectionAuthorizationTypeApiKey,
		create: &types.CreateConnectionAuthRequestParameters{
			ApiKeyAuthParameters: &types.CreateConnectionApiKeyAuthRequestParameters{
				ApiKeyName: aws.String("x-api-key"), ApiKeyValue: aws.String("api-key-value-1")},
			InvocationHttpParameters: invocationParameters()},
		update: &types.UpdateConnectionAuthRequestParameters{
			ApiKeyAuthParameters: &types.UpdateConnectionApiKeyAuthRequestParameters{ApiKeyValue: aws.String("api-key-value-2")}},
		check: func(t *testing.T, p *types.ConnectionAuthResponseParameters) {
			if p.ApiKeyAuthParameters == nil || aws.ToString(p.ApiKeyAuthParameters.ApiKeyName) != "x-api-key" {
				t.Errorf("ApiKeyAuthParameters = %+v", p.ApiKeyAuthParameters)
			}
		},
	},
	{
		authType: types.ConnectionAuthorizationTypeOauthClientCredentials,
		create: &types.CreateConnectionAuthRequestParameters{
			OAuthParameters: &types.CreateConnectionOAuthRequestParameters{
				ClientParameters: &types.CreateConnectionOAuthClientRequestParameters{
					ClientID: aws.String("the-client"), ClientSecret: aws.String("oauth-client-secret-1")},
				AuthorizationEndpoint: aws.String("https://auth.example.com/oauth2/token"),
				HttpMethod:            types.ConnectionOAuthHttpMethodPost,
				OAuthHttpParameters: &types.ConnectionHttpParameters{BodyParameters: []types.ConnectionBodyParameter{
					{Key: aws.String("scope"), Value: aws.String("events.write")}}}},
			InvocationHttpParameters: invocationParameters()},
		update: &types.UpdateConnectionAuthRequestParameters{
			OAuthParameters: &types.UpdateConnectionOAuthRequestParameters{
				ClientParameters: &types.UpdateConnectionOAuthClientRequestParameters{ClientSecret: aws.String("oauth-client-secret-2")}}},
		check: func(t *testing.T, p *types.ConnectionAuthResponseParameters) {
			o := p.OAuthParameters
			if o == nil || o.ClientParameters == nil || aws.ToString(o.ClientParameters.ClientID) != "the-client" ||
				aws.ToString(o.AuthorizationEndpoint) != "https://auth.example.com/oauth2/token" || o.HttpMethod != "POST" ||
				o.OAuthHttpParameters == nil || len(o.OAuthHttpParameters.BodyParameters) != 1 {
				t.Errorf("OAuthParameters = %+v", o)
			}
		},
	},
}

// noSecrets fails if a raw response body contains any stored secret.
func noSecrets(t *testing.T, what string, body map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	for _, s := range connectionSecrets {
		if strings.Contains(string(raw), s) {
			t.Errorf("%s returns secret %q: %s", what, s, raw)
		}
	}
}

// TestConnectionLifecycleForEachAuthType creates, describes, lists,
// updates, deauthorizes and deletes a connection of each type, checking
// that no secret is ever answered, in the SDK's view or on the wire.
func TestConnectionLifecycleForEachAuthType(t *testing.T) {
	ts := startServer(t)
	eb := ts.client(partnerAccount, "secret") // rawCall signs as partnerAccount too
	arnPattern := regexp.MustCompile(`^arn:aws:events:us-east-1:` + partnerAccount + `:connection/conn-[A-Z_]+/[-A-Za-z0-9]+$`)
	secretPattern := regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:` + partnerAccount + `:secret:events!connection/conn-[A-Z_]+/[-A-Za-z0-9]+-[A-Za-z0-9]{6}$`)
	for _, tc := range authCases {
		t.Run(string(tc.authType), func(t *testing.T) {
			name := "conn-" + string(tc.authType)
			created := must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
				Name: aws.String(name), Description: aws.String("for " + name), AuthorizationType: tc.authType, AuthParameters: tc.create}))
			if !arnPattern.MatchString(aws.ToString(created.ConnectionArn)) || created.ConnectionState != types.ConnectionStateAuthorized ||
				created.CreationTime == nil || created.LastModifiedTime == nil {
				t.Fatalf("create answered %+v", created)
			}

			desc := must[*eventbridge.DescribeConnectionOutput](t)(eb.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String(name)}))
			if aws.ToString(desc.ConnectionArn) != aws.ToString(created.ConnectionArn) || aws.ToString(desc.Name) != name ||
				aws.ToString(desc.Description) != "for "+name || desc.AuthorizationType != tc.authType ||
				desc.ConnectionState != types.ConnectionStateAuthorized || !secretPattern.MatchString(aws.ToString(desc.SecretArn)) ||
				desc.LastAuthorizedTime == nil || desc.AuthParameters == nil {
				t.Fatalf("describe answered %+v", desc)
			}
			tc.check(t, desc.AuthParameters)
			inv := desc.AuthParameters.InvocationHttpParameters
			if inv == nil || len(inv.HeaderParameters) != 2 || aws.ToString(inv.HeaderParameters[0].Value) != "plain-header-value" ||
				inv.HeaderParameters[1].Value != nil || !inv.HeaderParameters[1].IsValueSecret {
				t.Errorf("InvocationHttpParameters = %+v", inv)
			}

			status, _, raw := rawCall(t, ts, "AWSEvents.DescribeConnection", `{"Name":"`+name+`"}`)
			if status != 200 {
				t.Fatalf("raw describe: %d %v", status, raw)
			}
			noSecrets(t, "DescribeConnection", raw)
			if rawJSON, _ := json.Marshal(raw); !strings.Contains(string(rawJSON), `"Value":"plain-header-value"`) ||
				!strings.Contains(string(rawJSON), `"IsValueSecret":true`) {
				t.Errorf("raw describe lacks the non-secret parameters: %s", rawJSON)
			}
			_, _, raw = rawCall(t, ts, "AWSEvents.ListConnections", `{}`)
			noSecrets(t, "ListConnections", raw)

			updated := must[*eventbridge.UpdateConnectionOutput](t)(eb.UpdateConnection(ctx, &eventbridge.UpdateConnectionInput{
				Name: aws.String(name), AuthParameters: tc.update}))
			if updated.ConnectionState != types.ConnectionStateAuthorized || aws.ToString(updated.ConnectionArn) != aws.ToString(created.ConnectionArn) {
				t.Fatalf("update answered %+v", updated)
			}
			_, _, raw = rawCall(t, ts, "AWSEvents.DescribeConnection", `{"Name":"`+name+`"}`)
			noSecrets(t, "DescribeConnection after update", raw)

			deauth := must[*eventbridge.DeauthorizeConnectionOutput](t)(eb.DeauthorizeConnection(ctx, &eventbridge.DeauthorizeConnectionInput{Name: aws.String(name)}))
			if deauth.ConnectionState != types.ConnectionStateDeauthorized {
				t.Fatalf("deauthorize answered %+v", deauth)
			}
			desc = must[*eventbridge.DescribeConnectionOutput](t)(eb.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String(name)}))
			if desc.ConnectionState != types.ConnectionStateDeauthorized {
				t.Errorf("state after deauthorize = %s", desc.ConnectionState)
			}
			tc.check(t, desc.AuthParameters) // the non-secret settings stay

			deleted := must[*eventbridge.DeleteConnectionOutput](t)(eb.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String(name)}))
			if deleted.ConnectionState != types.ConnectionStateDeleting || aws.ToString(deleted.ConnectionArn) != aws.ToString(created.ConnectionArn) {
				t.Fatalf("delete answered %+v", deleted)
			}
			_, err := eb.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String(name)})
			apiError(t, err, "ResourceNotFoundException", fmt.Sprintf("Failed to describe the connection(s). Connection '%s' does not exist.", name))
		})
	}
}

func TestConnectionErrors(t *testing.T) {
	ts := startServer(t)
	eb := ts.client(customerAccount, "secret")
	basic := authCases[0].create
	must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("dup"), AuthorizationType: types.ConnectionAuthorizationTypeBasic, AuthParameters: basic}))
	_, err := eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("dup"), AuthorizationType: types.ConnectionAuthorizationTypeBasic, AuthParameters: basic})
	apiError(t, err, "ResourceAlreadyExistsException", "Connection dup already exists.")

	_, err = eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("mismatch"), AuthorizationType: types.ConnectionAuthorizationTypeApiKey, AuthParameters: basic})
	apiError(t, err, "ValidationException", "BasicAuthParameters cannot be specified for the authorization type API_KEY; use ApiKeyAuthParameters.")

	for _, op := range []string{"DescribeConnection", "UpdateConnection", "DeleteConnection", "DeauthorizeConnection"} {
		status, _, body := rawCall(t, ts, "AWSEvents."+op, `{"Name":"missing"}`)
		if status != 400 || body["__type"] != "ResourceNotFoundException" ||
			body["message"] != "Failed to describe the connection(s). Connection 'missing' does not exist." {
			t.Errorf("%s of a missing connection: %d %v", op, status, body)
		}
	}
	// The model's constraints apply before any of this.
	status, _, body := rawCall(t, ts, "AWSEvents.CreateConnection", `{"Name":"x","AuthorizationType":"DIGEST","AuthParameters":{}}`)
	if status != 400 || body["__type"] != "ValidationException" || !strings.Contains(body["message"].(string), "at 'authorizationType'") {
		t.Errorf("unknown authorization type: %d %v", status, body)
	}
}

func TestAPIDestinationLifecycle(t *testing.T) {
	ts := startServer(t)
	eb := ts.client(customerAccount, "secret")
	conn := must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("conn"), AuthorizationType: types.ConnectionAuthorizationTypeApiKey, AuthParameters: authCases[1].create}))
	other := must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("other"), AuthorizationType: types.ConnectionAuthorizationTypeBasic, AuthParameters: authCases[0].create}))

	created := must[*eventbridge.CreateApiDestinationOutput](t)(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("hook"), ConnectionArn: conn.ConnectionArn, Description: aws.String("orders webhook"),
		InvocationEndpoint: aws.String("https://hooks.example.com/orders/*"), HttpMethod: types.ApiDestinationHttpMethodPost}))
	arn := aws.ToString(created.ApiDestinationArn)
	if !regexp.MustCompile(`^arn:aws:events:us-east-1:`+customerAccount+`:api-destination/hook/[-A-Za-z0-9]+$`).MatchString(arn) ||
		created.ApiDestinationState != types.ApiDestinationStateActive || created.CreationTime == nil {
		t.Fatalf("create answered %+v", created)
	}
	desc := must[*eventbridge.DescribeApiDestinationOutput](t)(eb.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("hook")}))
	if aws.ToString(desc.ApiDestinationArn) != arn || aws.ToString(desc.ConnectionArn) != aws.ToString(conn.ConnectionArn) ||
		aws.ToString(desc.Description) != "orders webhook" || desc.HttpMethod != types.ApiDestinationHttpMethodPost ||
		aws.ToInt32(desc.InvocationRateLimitPerSecond) != 300 || aws.ToString(desc.InvocationEndpoint) != "https://hooks.example.com/orders/*" {
		t.Fatalf("describe answered %+v", desc)
	}

	_, err := eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("hook"), ConnectionArn: conn.ConnectionArn,
		InvocationEndpoint: aws.String("https://hooks.example.com/"), HttpMethod: types.ApiDestinationHttpMethodPost})
	apiError(t, err, "ResourceAlreadyExistsException", "An api-destination 'hook' already exists.")
	_, err = eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("orphan"), ConnectionArn: aws.String("arn:aws:events:us-east-1:" + customerAccount + ":connection/gone/0000"),
		InvocationEndpoint: aws.String("https://hooks.example.com/"), HttpMethod: types.ApiDestinationHttpMethodPost})
	apiError(t, err, "ResourceNotFoundException", "Failed to describe the connection(s). Connection 'gone' does not exist.")

	_, err = eb.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String("conn")})
	apiError(t, err, "ValidationException", "Connection 'conn' can't be deleted since it is used by API destination 'hook'.")

	updated := must[*eventbridge.UpdateApiDestinationOutput](t)(eb.UpdateApiDestination(ctx, &eventbridge.UpdateApiDestinationInput{
		Name: aws.String("hook"), ConnectionArn: other.ConnectionArn, HttpMethod: types.ApiDestinationHttpMethodPut,
		InvocationRateLimitPerSecond: aws.Int32(5)}))
	if aws.ToString(updated.ApiDestinationArn) != arn || updated.LastModifiedTime == nil {
		t.Fatalf("update answered %+v", updated)
	}
	list := must[*eventbridge.ListApiDestinationsOutput](t)(eb.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{ConnectionArn: other.ConnectionArn}))
	if len(list.ApiDestinations) != 1 || list.ApiDestinations[0].HttpMethod != types.ApiDestinationHttpMethodPut ||
		aws.ToInt32(list.ApiDestinations[0].InvocationRateLimitPerSecond) != 5 ||
		aws.ToString(list.ApiDestinations[0].InvocationEndpoint) != "https://hooks.example.com/orders/*" {
		t.Fatalf("list by new connection: %+v", list.ApiDestinations)
	}
	list = must[*eventbridge.ListApiDestinationsOutput](t)(eb.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{ConnectionArn: conn.ConnectionArn}))
	if len(list.ApiDestinations) != 0 {
		t.Fatalf("list by old connection: %+v", list.ApiDestinations)
	}
	must[*eventbridge.DeleteConnectionOutput](t)(eb.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String("conn")}))

	must[*eventbridge.DeleteApiDestinationOutput](t)(eb.DeleteApiDestination(ctx, &eventbridge.DeleteApiDestinationInput{Name: aws.String("hook")}))
	_, err = eb.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("hook")})
	apiError(t, err, "ResourceNotFoundException", "Failed to describe the api-destination(s). An api-destination 'hook' does not exist.")
	_, err = eb.DeleteApiDestination(ctx, &eventbridge.DeleteApiDestinationInput{Name: aws.String("hook")})
	apiError(t, err, "ResourceNotFoundException", "")
}

func TestConnectionsAndAPIDestinationsPaginate(t *testing.T) {
	ts := startServer(t)
	eb := ts.client(customerAccount, "secret")
	var conn *eventbridge.CreateConnectionOutput
	for i := 5; i >= 1; i-- {
		conn = must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
			Name: aws.String(fmt.Sprintf("conn-%d", i)), AuthorizationType: types.ConnectionAuthorizationTypeBasic, AuthParameters: authCases[0].create}))
		must[*eventbridge.CreateApiDestinationOutput](t)(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
			Name: aws.String(fmt.Sprintf("dest-%d", i)), ConnectionArn: conn.ConnectionArn,
			InvocationEndpoint: aws.String("https://hooks.example.com/"), HttpMethod: types.ApiDestinationHttpMethodPost}))
	}
	var names []string
	pages := 0
	for in := (&eventbridge.ListConnectionsInput{Limit: aws.Int32(2)}); ; {
		out := must[*eventbridge.ListConnectionsOutput](t)(eb.ListConnections(ctx, in))
		pages++
		for _, c := range out.Connections {
			names = append(names, aws.ToString(c.Name))
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if got := strings.Join(names, " "); got != "conn-1 conn-2 conn-3 conn-4 conn-5" || pages != 3 {
		t.Errorf("connections over %d pages: %s", pages, got)
	}
	names, pages = nil, 0
	for in := (&eventbridge.ListApiDestinationsInput{Limit: aws.Int32(3), NamePrefix: aws.String("dest-")}); ; {
		out := must[*eventbridge.ListApiDestinationsOutput](t)(eb.ListApiDestinations(ctx, in))
		pages++
		for _, d := range out.ApiDestinations {
			names = append(names, aws.ToString(d.Name))
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if got := strings.Join(names, " "); got != "dest-1 dest-2 dest-3 dest-4 dest-5" || pages != 2 {
		t.Errorf("API destinations over %d pages: %s", pages, got)
	}
	deauth := must[*eventbridge.ListConnectionsOutput](t)(eb.ListConnections(ctx, &eventbridge.ListConnectionsInput{
		ConnectionState: types.ConnectionStateDeauthorized}))
	if len(deauth.Connections) != 0 {
		t.Errorf("DEAUTHORIZED filter: %+v", deauth.Connections)
	}
	status, _, body := rawCall(t, ts, "AWSEvents.ListConnections", `{"Limit":0}`)
	if status != 400 || body["__type"] != "ValidationException" {
		t.Errorf("Limit 0: %d %v", status, body)
	}
}

func TestConnectionsAreInvisibleToOtherAccounts(t *testing.T) {
	ts := startServer(t)
	owner := ts.client(customerAccount, "secret")
	other := ts.client(otherAccount, "secret")
	conn := must[*eventbridge.CreateConnectionOutput](t)(owner.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("private"), AuthorizationType: types.ConnectionAuthorizationTypeApiKey, AuthParameters: authCases[1].create}))
	must[*eventbridge.CreateApiDestinationOutput](t)(owner.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("private-hook"), ConnectionArn: conn.ConnectionArn,
		InvocationEndpoint: aws.String("https://hooks.example.com/"), HttpMethod: types.ApiDestinationHttpMethodPost}))

	_, err := other.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("private")})
	apiError(t, err, "ResourceNotFoundException", "")
	_, err = other.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("private-hook")})
	apiError(t, err, "ResourceNotFoundException", "")
	_, err = other.DeauthorizeConnection(ctx, &eventbridge.DeauthorizeConnectionInput{Name: aws.String("private")})
	apiError(t, err, "ResourceNotFoundException", "")
	conns := must[*eventbridge.ListConnectionsOutput](t)(other.ListConnections(ctx, &eventbridge.ListConnectionsInput{}))
	dests := must[*eventbridge.ListApiDestinationsOutput](t)(other.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{}))
	if len(conns.Connections) != 0 || len(dests.ApiDestinations) != 0 {
		t.Errorf("another account lists %+v and %+v", conns.Connections, dests.ApiDestinations)
	}
	// Nor can it bind its own destination to the owner's connection.
	_, err = other.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("borrowed"), ConnectionArn: conn.ConnectionArn,
		InvocationEndpoint: aws.String("https://hooks.example.com/"), HttpMethod: types.ApiDestinationHttpMethodPost})
	apiError(t, err, "ResourceNotFoundException", "Failed to describe the connection(s). Connection 'private' does not exist.")
	// The owner's connection is untouched.
	desc := must[*eventbridge.DescribeConnectionOutput](t)(owner.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("private")}))
	if desc.ConnectionState != types.ConnectionStateAuthorized {
		t.Errorf("owner's connection is %s", desc.ConnectionState)
	}
}
