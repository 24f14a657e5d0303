package events

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

func (f *connectionFixture) createDestination(t *testing.T, name, connectionArn string) *APIDestinationStateOutput {
	t.Helper()
	out, err := f.svc.CreateAPIDestination(connCtx, connOwner, &CreateAPIDestinationInput{Name: name, ConnectionArn: connectionArn,
		InvocationEndpoint: "https://hooks.example.com/" + name + "/*", HTTPMethod: "POST"})
	if err != nil {
		t.Fatalf("CreateAPIDestination(%s): %v", name, err)
	}
	return out
}

func TestCreateAPIDestinationDefaultsAndDescribe(t *testing.T) {
	f := newConnectionFixture(t)
	conn := f.create(t, connOwner, "conn", "API_KEY", apiKeyAuthParams("k", "v"))
	out := f.createDestination(t, "hook", conn.ConnectionArn)
	if out.APIDestinationArn != "arn:aws:events:us-east-1:222222222222:api-destination/hook/id-2" || out.APIDestinationState != "ACTIVE" ||
		!out.CreationTime.Equal(f.clock) || !out.LastModifiedTime.Equal(f.clock) {
		t.Errorf("create answered %+v", out)
	}
	d, err := f.svc.DescribeAPIDestination(connCtx, connOwner, &DescribeAPIDestinationInput{Name: "hook"})
	if err != nil {
		t.Fatal(err)
	}
	want := DescribeAPIDestinationOutput{APIDestinationArn: out.APIDestinationArn, Name: "hook", APIDestinationState: "ACTIVE",
		ConnectionArn: conn.ConnectionArn, InvocationEndpoint: "https://hooks.example.com/hook/*", HTTPMethod: "POST",
		InvocationRateLimitPerSecond: 300, CreationTime: out.CreationTime, LastModifiedTime: out.LastModifiedTime}
	if connJSON(d) != connJSON(want) {
		t.Errorf("Describe\n got %s\nwant %s", connJSON(d), connJSON(want))
	}
}

func TestCreateAPIDestinationNeedsTheCallersCurrentConnection(t *testing.T) {
	f := newConnectionFixture(t)
	mine := f.create(t, connOwner, "conn", "BASIC", basicAuthParams("u", "p"))
	theirs := f.create(t, connStranger, "theirs", "BASIC", basicAuthParams("u", "p"))
	if _, err := f.svc.DeleteConnection(connCtx, connOwner, &DeleteConnectionInput{Name: "conn"}); err != nil {
		t.Fatal(err)
	}
	recreated := f.create(t, connOwner, "conn", "BASIC", basicAuthParams("u", "p"))
	tests := []struct {
		name, arn, message string
	}{
		{"missing", "arn:aws:events:us-east-1:222222222222:connection/nope/x", "Failed to describe the connection(s). Connection 'nope' does not exist."},
		{"another account's", theirs.ConnectionArn, "Failed to describe the connection(s). Connection 'theirs' does not exist."},
		{"another region's", strings.Replace(recreated.ConnectionArn, "us-east-1", "eu-west-1", 1), ""},
		{"deleted and re-created", mine.ConnectionArn, "Failed to describe the connection(s). Connection 'conn' does not exist."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.CreateAPIDestination(connCtx, connOwner, &CreateAPIDestinationInput{Name: "hook", ConnectionArn: tc.arn,
				InvocationEndpoint: "https://h.example.com/", HTTPMethod: "POST"})
			wantConnError(t, err, awserr.ResourceNotFound, tc.message)
		})
	}
	f.createDestination(t, "hook", recreated.ConnectionArn)
}

func TestCreateAPIDestinationRefusals(t *testing.T) {
	f := newConnectionFixture(t)
	conn := f.create(t, connOwner, "conn", "BASIC", basicAuthParams("u", "p"))
	f.createDestination(t, "hook", conn.ConnectionArn)
	_, err := f.svc.CreateAPIDestination(connCtx, connOwner, &CreateAPIDestinationInput{Name: "hook", ConnectionArn: conn.ConnectionArn,
		InvocationEndpoint: "https://h.example.com/", HTTPMethod: "POST"})
	wantConnError(t, err, awserr.ResourceAlreadyExists, "An api-destination 'hook' already exists.")
	for _, endpoint := range []string{"ftp://h.example.com/x", "/relative/path", "https://"} {
		_, err := f.svc.CreateAPIDestination(connCtx, connOwner, &CreateAPIDestinationInput{Name: "other", ConnectionArn: conn.ConnectionArn,
			InvocationEndpoint: endpoint, HTTPMethod: "POST"})
		wantConnError(t, err, awserr.Validation, "")
	}
	if _, err := f.svc.CreateAPIDestination(connCtx, connOwner, &CreateAPIDestinationInput{Name: "plain-http", ConnectionArn: conn.ConnectionArn,
		InvocationEndpoint: "http://10.0.0.7:8080/hook", HTTPMethod: "POST"}); err != nil {
		t.Errorf("plain http endpoint refused: %v", err)
	}
}

func TestUpdateAPIDestinationMergesAndChecksTheConnection(t *testing.T) {
	f := newConnectionFixture(t)
	a := f.create(t, connOwner, "a", "BASIC", basicAuthParams("u", "p"))
	b := f.create(t, connOwner, "b", "BASIC", basicAuthParams("u", "p"))
	f.createDestination(t, "hook", a.ConnectionArn)
	f.tick()
	desc := "moved"
	out, err := f.svc.UpdateAPIDestination(connCtx, connOwner, &UpdateAPIDestinationInput{Name: "hook", Description: &desc,
		ConnectionArn: b.ConnectionArn, InvocationRateLimitPerSecond: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !out.LastModifiedTime.Equal(f.clock) || out.CreationTime.Equal(f.clock) {
		t.Errorf("update answered %+v", out)
	}
	d, _ := f.svc.DescribeAPIDestination(connCtx, connOwner, &DescribeAPIDestinationInput{Name: "hook"})
	if d.Description != "moved" || d.ConnectionArn != b.ConnectionArn || d.InvocationRateLimitPerSecond != 10 ||
		d.HTTPMethod != "POST" || d.InvocationEndpoint != "https://hooks.example.com/hook/*" {
		t.Errorf("after update: %+v", d)
	}
	_, err = f.svc.UpdateAPIDestination(connCtx, connOwner, &UpdateAPIDestinationInput{Name: "hook",
		ConnectionArn: "arn:aws:events:us-east-1:222222222222:connection/gone/x"})
	wantConnError(t, err, awserr.ResourceNotFound, "Failed to describe the connection(s). Connection 'gone' does not exist.")
	_, err = f.svc.UpdateAPIDestination(connCtx, connOwner, &UpdateAPIDestinationInput{Name: "nope"})
	wantConnError(t, err, awserr.ResourceNotFound, "Failed to describe the api-destination(s). An api-destination 'nope' does not exist.")
}

func TestDeleteConnectionInUseIsRefused(t *testing.T) {
	f := newConnectionFixture(t)
	conn := f.create(t, connOwner, "conn", "BASIC", basicAuthParams("u", "p"))
	f.createDestination(t, "hook", conn.ConnectionArn)
	_, err := f.svc.DeleteConnection(connCtx, connOwner, &DeleteConnectionInput{Name: "conn"})
	wantConnError(t, err, awserr.Validation, "Connection 'conn' can't be deleted since it is used by API destination 'hook'.")
	if _, err := f.svc.DeleteAPIDestination(connCtx, connOwner, &DeleteAPIDestinationInput{Name: "hook"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.DeleteConnection(connCtx, connOwner, &DeleteConnectionInput{Name: "conn"}); err != nil {
		t.Errorf("delete after its destination went: %v", err)
	}
	_, err = f.svc.DeleteAPIDestination(connCtx, connOwner, &DeleteAPIDestinationInput{Name: "hook"})
	wantConnError(t, err, awserr.ResourceNotFound, "Failed to describe the api-destination(s). An api-destination 'hook' does not exist.")
}

func TestListAPIDestinationsFiltersAndPages(t *testing.T) {
	f := newConnectionFixture(t)
	a := f.create(t, connOwner, "a", "BASIC", basicAuthParams("u", "p"))
	b := f.create(t, connOwner, "b", "BASIC", basicAuthParams("u", "p"))
	for _, name := range []string{"orders-2", "billing", "orders-1"} {
		f.createDestination(t, name, a.ConnectionArn)
	}
	f.createDestination(t, "orders-3", b.ConnectionArn)
	names := func(in ListAPIDestinationsInput) (all []string) {
		t.Helper()
		for {
			out, err := f.svc.ListAPIDestinations(connCtx, connOwner, &in)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range out.APIDestinations {
				all = append(all, d.Name)
			}
			if out.NextToken == "" {
				return all
			}
			in.NextToken = out.NextToken
		}
	}
	tests := []struct {
		name string
		in   ListAPIDestinationsInput
		want string
	}{
		{"all in name order", ListAPIDestinationsInput{}, "billing orders-1 orders-2 orders-3"},
		{"pages of one", ListAPIDestinationsInput{Limit: 1}, "billing orders-1 orders-2 orders-3"},
		{"prefix", ListAPIDestinationsInput{NamePrefix: "orders", Limit: 2}, "orders-1 orders-2 orders-3"},
		{"connection", ListAPIDestinationsInput{ConnectionArn: b.ConnectionArn}, "orders-3"},
		{"prefix and connection", ListAPIDestinationsInput{NamePrefix: "orders", ConnectionArn: a.ConnectionArn, Limit: 1}, "orders-1 orders-2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(names(tc.in), " "); got != tc.want {
				t.Errorf("names = %q, want %q", got, tc.want)
			}
		})
	}
	out, _ := f.svc.ListAPIDestinations(connCtx, connStranger, &ListAPIDestinationsInput{})
	if raw := connJSON(out); raw != `{"ApiDestinations":[]}` {
		t.Errorf("another account lists %s", raw)
	}
}

func TestResolveAPIDestinationGivesTheConnectionWithSecrets(t *testing.T) {
	f := newConnectionFixture(t)
	conn := f.create(t, connOwner, "conn", "API_KEY", apiKeyAuthParams("x-api-key", "the-key"))
	dest := f.createDestination(t, "hook", conn.ConnectionArn)
	d, c, err := f.svc.ResolveAPIDestination(connCtx, dest.APIDestinationArn)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "hook" || c.Name != "conn" || c.State != "AUTHORIZED" || !strings.Contains(string(c.AuthParameters), "the-key") {
		t.Errorf("resolved %+v, %+v", d, c)
	}
	var auth ConnectionAuthParameters
	if err := json.Unmarshal(c.AuthParameters, &auth); err != nil || auth.APIKeyAuthParameters.APIKeyValue != "the-key" {
		t.Errorf("resolved auth parameters %s: %v", c.AuthParameters, err)
	}

	// A destination deleted and re-created under the same name is another one.
	if _, err := f.svc.DeleteAPIDestination(connCtx, connOwner, &DeleteAPIDestinationInput{Name: "hook"}); err != nil {
		t.Fatal(err)
	}
	f.createDestination(t, "hook", conn.ConnectionArn)
	for _, arn := range []string{dest.APIDestinationArn, "arn:aws:events:us-east-1:222222222222:connection/conn/id-1", "not an arn"} {
		_, _, err := f.svc.ResolveAPIDestination(connCtx, arn)
		wantConnError(t, err, awserr.ResourceNotFound, "")
	}
}
