package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) connections(t *testing.T) {
	t.Run("GetMissingConnectionIsNotFound", s.testGetMissingConnectionIsNotFound)
	t.Run("ConnectionPutThenGetRoundTripsEveryField", s.testConnectionRoundTrip)
	t.Run("ConnectionPutReplacesByKey", s.testPutConnectionReplaces)
	t.Run("ConnectionDeleteRemovesAndMissingIsNoError", s.testDeleteConnection)
	t.Run("ListConnectionsFiltersOrdersAndPages", s.testListConnections)
	t.Run("GetMissingAPIDestinationIsNotFound", s.testGetMissingAPIDestinationIsNotFound)
	t.Run("APIDestinationPutThenGetRoundTripsEveryField", s.testAPIDestinationRoundTrip)
	t.Run("APIDestinationPutReplacesByKey", s.testPutAPIDestinationReplaces)
	t.Run("APIDestinationDeleteRemovesAndMissingIsNoError", s.testDeleteAPIDestination)
	t.Run("ListAPIDestinationsFiltersOrdersAndPages", s.testListAPIDestinations)
}

func (s suite) testGetMissingConnectionIsNotFound(t *testing.T) {
	st := s.store(t)
	view(t, st, func(tx store.Tx) error {
		got, found, err := tx.GetConnection(customerA, "us-east-1", "none")
		if err != nil || found || !reflect.DeepEqual(got, store.Connection{}) {
			t.Errorf("GetConnection(missing) = %+v, %v, %v; want zero, false, nil", got, found, err)
		}
		return nil
	})
}

func fullConnection() store.Connection {
	return store.Connection{
		Account: customerA, Region: "us-east-1", Name: "billing-api",
		ID:                 "6f1c5e0e-2b7a-4a53-9d57-0e8f2a1b3c4d",
		Description:        "billing <api> & co",
		AuthorizationType:  "API_KEY",
		AuthParameters:     json.RawMessage(`{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"s3cr\u00e9t"}}`),
		State:              "AUTHORIZED",
		StateReason:        "because",
		CreationTime:       at(10),
		LastModifiedTime:   at(20),
		LastAuthorizedTime: at(15),
	}
}

func (s suite) testConnectionRoundTrip(t *testing.T) {
	st := s.store(t)
	want := []store.Connection{fullConnection(), {Account: customerA, Region: "us-east-1", Name: "bare",
		ID: "x", AuthorizationType: "BASIC", State: "DEAUTHORIZED", CreationTime: at(1), LastModifiedTime: at(2)}}
	update(t, st, func(tx store.Tx) error {
		for _, c := range want {
			if err := tx.PutConnection(c); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range want {
			got, found, err := tx.GetConnection(w.Account, w.Region, w.Name)
			if err != nil || !found {
				t.Fatalf("GetConnection(%s) = found %v, %v", w.Name, found, err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("GetConnection(%s)\n got %+v\nwant %+v", w.Name, got, w)
			}
		}
		return nil
	})
}

func (s suite) testPutConnectionReplaces(t *testing.T) {
	st := s.store(t)
	c := fullConnection()
	update(t, st, func(tx store.Tx) error { return tx.PutConnection(c) })
	c.State, c.AuthParameters, c.Description, c.LastModifiedTime = "DEAUTHORIZED", json.RawMessage(`{}`), "", at(30)
	update(t, st, func(tx store.Tx) error { return tx.PutConnection(c) })
	view(t, st, func(tx store.Tx) error {
		got, _, err := tx.GetConnection(c.Account, c.Region, c.Name)
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("GetConnection after replace = %+v, %v; want %+v", got, err, c)
		}
		// The state column follows the document: the listing filter sees the new state.
		if got, err := tx.ListConnections(store.ConnectionQuery{Account: c.Account, Region: c.Region, State: "AUTHORIZED"}); err != nil || len(got) != 0 {
			t.Errorf("ListConnections(AUTHORIZED) after replace = %d, %v; want none", len(got), err)
		}
		return nil
	})
}

func (s suite) testDeleteConnection(t *testing.T) {
	st := s.store(t)
	c := fullConnection()
	other := c
	other.Account = customerB // same name, other account: must survive
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutConnection(c); err != nil {
			return err
		}
		return tx.PutConnection(other)
	})
	update(t, st, func(tx store.Tx) error {
		if err := tx.DeleteConnection(c.Account, c.Region, c.Name); err != nil {
			return err
		}
		return tx.DeleteConnection(c.Account, c.Region, "never-existed")
	})
	view(t, st, func(tx store.Tx) error {
		if _, found, err := tx.GetConnection(c.Account, c.Region, c.Name); err != nil || found {
			t.Errorf("GetConnection after delete = found %v, %v; want not found", found, err)
		}
		if _, found, err := tx.GetConnection(other.Account, other.Region, other.Name); err != nil || !found {
			t.Errorf("GetConnection(other account) after delete = found %v, %v; want found", found, err)
		}
		return nil
	})
}

func (s suite) testListConnections(t *testing.T) {
	st := s.store(t)
	names := []string{"a%b", "aXb", "a_b", "a_c", "b", "orders"} // byte order: % < X < _
	deauthorized := map[string]bool{"aXb": true, "b": true}
	update(t, st, func(tx store.Tx) error {
		for _, i := range []int{3, 5, 0, 1, 4, 2} {
			state := "AUTHORIZED"
			if deauthorized[names[i]] {
				state = "DEAUTHORIZED"
			}
			if err := tx.PutConnection(store.Connection{Account: customerA, Region: "us-east-1", Name: names[i],
				ID: "id", AuthorizationType: "BASIC", State: state, CreationTime: at(int64(i))}); err != nil {
				return err
			}
		}
		for _, c := range []store.Connection{
			{Account: customerB, Region: "us-east-1", Name: "a_b", State: "AUTHORIZED"},
			{Account: customerA, Region: "us-west-2", Name: "a_b", State: "AUTHORIZED"},
		} {
			if err := tx.PutConnection(c); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		q    store.ConnectionQuery
		want []string
	}{
		{"account and region in name order", store.ConnectionQuery{}, names},
		{"other account is separate", store.ConnectionQuery{Account: customerB}, []string{"a_b"}},
		{"other region is separate", store.ConnectionQuery{Region: "us-west-2"}, []string{"a_b"}},
		{"state", store.ConnectionQuery{State: "DEAUTHORIZED"}, []string{"aXb", "b"}},
		{"state no match", store.ConnectionQuery{State: "DELETING"}, nil},
		{"underscore in prefix is literal", store.ConnectionQuery{NamePrefix: "a_"}, []string{"a_b", "a_c"}},
		{"percent in prefix is literal", store.ConnectionQuery{NamePrefix: "a%"}, []string{"a%b"}},
		{"prefix is case-sensitive", store.ConnectionQuery{NamePrefix: "aX"}, []string{"aXb"}},
		{"after", store.ConnectionQuery{After: "a_c"}, []string{"b", "orders"}},
		{"limit", store.ConnectionQuery{Limit: 2}, []string{"a%b", "aXb"}},
		{"after and limit", store.ConnectionQuery{After: "aXb", Limit: 2}, []string{"a_b", "a_c"}},
		{"prefix, state, after and limit", store.ConnectionQuery{NamePrefix: "a", State: "AUTHORIZED", After: "a%b", Limit: 2}, []string{"a_b", "a_c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Account == "" {
				tc.q.Account = customerA
			}
			if tc.q.Region == "" {
				tc.q.Region = "us-east-1"
			}
			view(t, st, func(tx store.Tx) error {
				got, err := tx.ListConnections(tc.q)
				if err != nil {
					t.Fatalf("ListConnections(%+v): %v", tc.q, err)
				}
				var names []string
				for _, c := range got {
					names = append(names, c.Name)
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("ListConnections(%+v)\n got %q\nwant %q", tc.q, names, tc.want)
				}
				return nil
			})
		})
	}
}

func (s suite) testGetMissingAPIDestinationIsNotFound(t *testing.T) {
	st := s.store(t)
	view(t, st, func(tx store.Tx) error {
		got, found, err := tx.GetAPIDestination(customerA, "us-east-1", "none")
		if err != nil || found || !reflect.DeepEqual(got, store.APIDestination{}) {
			t.Errorf("GetAPIDestination(missing) = %+v, %v, %v; want zero, false, nil", got, found, err)
		}
		return nil
	})
}

const connectionARN1 = "arn:aws:events:us-east-1:222222222222:connection/billing-api/6f1c5e0e"

func fullAPIDestination() store.APIDestination {
	return store.APIDestination{
		Account: customerA, Region: "us-east-1", Name: "billing-webhook",
		ID:                           "0a7b6c5d-1e2f-4a3b-8c9d-0e1f2a3b4c5d",
		Description:                  "invoices <out> & in",
		ConnectionArn:                connectionARN1,
		InvocationEndpoint:           "https://billing.example.com/hooks/*/events?src=eb",
		HTTPMethod:                   "POST",
		InvocationRateLimitPerSecond: 300,
		State:                        "ACTIVE",
		CreationTime:                 at(10),
		LastModifiedTime:             at(20),
	}
}

func (s suite) testAPIDestinationRoundTrip(t *testing.T) {
	st := s.store(t)
	want := []store.APIDestination{fullAPIDestination(), {Account: customerA, Region: "us-east-1", Name: "bare",
		ID: "x", ConnectionArn: connectionARN1, InvocationEndpoint: "http://h/", HTTPMethod: "GET", State: "ACTIVE",
		CreationTime: at(1), LastModifiedTime: at(1)}}
	update(t, st, func(tx store.Tx) error {
		for _, d := range want {
			if err := tx.PutAPIDestination(d); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range want {
			got, found, err := tx.GetAPIDestination(w.Account, w.Region, w.Name)
			if err != nil || !found {
				t.Fatalf("GetAPIDestination(%s) = found %v, %v", w.Name, found, err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("GetAPIDestination(%s)\n got %+v\nwant %+v", w.Name, got, w)
			}
		}
		return nil
	})
}

func (s suite) testPutAPIDestinationReplaces(t *testing.T) {
	st := s.store(t)
	d := fullAPIDestination()
	update(t, st, func(tx store.Tx) error { return tx.PutAPIDestination(d) })
	d.ConnectionArn, d.Description, d.InvocationRateLimitPerSecond, d.LastModifiedTime = connectionARN1+"x", "", 1, at(30)
	update(t, st, func(tx store.Tx) error { return tx.PutAPIDestination(d) })
	view(t, st, func(tx store.Tx) error {
		got, _, err := tx.GetAPIDestination(d.Account, d.Region, d.Name)
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("GetAPIDestination after replace = %+v, %v; want %+v", got, err, d)
		}
		// The connection filter follows the document.
		if got, err := tx.ListAPIDestinations(store.APIDestinationQuery{Account: d.Account, Region: d.Region, ConnectionArn: connectionARN1}); err != nil || len(got) != 0 {
			t.Errorf("ListAPIDestinations(old connection) after replace = %d, %v; want none", len(got), err)
		}
		return nil
	})
}

func (s suite) testDeleteAPIDestination(t *testing.T) {
	st := s.store(t)
	d := fullAPIDestination()
	other := d
	other.Region = "eu-west-1" // same name, other region: must survive
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutAPIDestination(d); err != nil {
			return err
		}
		return tx.PutAPIDestination(other)
	})
	update(t, st, func(tx store.Tx) error {
		if err := tx.DeleteAPIDestination(d.Account, d.Region, d.Name); err != nil {
			return err
		}
		return tx.DeleteAPIDestination(d.Account, d.Region, "never-existed")
	})
	view(t, st, func(tx store.Tx) error {
		if _, found, err := tx.GetAPIDestination(d.Account, d.Region, d.Name); err != nil || found {
			t.Errorf("GetAPIDestination after delete = found %v, %v; want not found", found, err)
		}
		if _, found, err := tx.GetAPIDestination(other.Account, other.Region, other.Name); err != nil || !found {
			t.Errorf("GetAPIDestination(other region) after delete = found %v, %v; want found", found, err)
		}
		return nil
	})
}

func (s suite) testListAPIDestinations(t *testing.T) {
	st := s.store(t)
	const connectionARN2 = "arn:aws:events:us-east-1:222222222222:connection/other/1234"
	names := []string{"a%b", "aXb", "a_b", "a_c", "b", "orders"} // byte order: % < X < _
	onOther := map[string]bool{"a_c": true, "orders": true}
	update(t, st, func(tx store.Tx) error {
		for _, i := range []int{3, 5, 0, 1, 4, 2} {
			conn := connectionARN1
			if onOther[names[i]] {
				conn = connectionARN2
			}
			if err := tx.PutAPIDestination(store.APIDestination{Account: customerA, Region: "us-east-1", Name: names[i],
				ID: "id", ConnectionArn: conn, HTTPMethod: "POST", State: "ACTIVE", CreationTime: at(int64(i))}); err != nil {
				return err
			}
		}
		for _, d := range []store.APIDestination{
			{Account: customerB, Region: "us-east-1", Name: "a_b", ConnectionArn: connectionARN1},
			{Account: customerA, Region: "us-west-2", Name: "a_b", ConnectionArn: connectionARN1},
		} {
			if err := tx.PutAPIDestination(d); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		q    store.APIDestinationQuery
		want []string
	}{
		{"account and region in name order", store.APIDestinationQuery{}, names},
		{"other account is separate", store.APIDestinationQuery{Account: customerB}, []string{"a_b"}},
		{"other region is separate", store.APIDestinationQuery{Region: "us-west-2"}, []string{"a_b"}},
		{"connection", store.APIDestinationQuery{ConnectionArn: connectionARN2}, []string{"a_c", "orders"}},
		{"connection no match", store.APIDestinationQuery{ConnectionArn: connectionARN1 + "0"}, nil},
		{"underscore in prefix is literal", store.APIDestinationQuery{NamePrefix: "a_"}, []string{"a_b", "a_c"}},
		{"percent in prefix is literal", store.APIDestinationQuery{NamePrefix: "a%"}, []string{"a%b"}},
		{"prefix is case-sensitive", store.APIDestinationQuery{NamePrefix: "aX"}, []string{"aXb"}},
		{"after", store.APIDestinationQuery{After: "a_c"}, []string{"b", "orders"}},
		{"limit", store.APIDestinationQuery{Limit: 2}, []string{"a%b", "aXb"}},
		{"after and limit", store.APIDestinationQuery{After: "aXb", Limit: 2}, []string{"a_b", "a_c"}},
		{"prefix, connection, after and limit", store.APIDestinationQuery{NamePrefix: "a", ConnectionArn: connectionARN1, After: "a%b", Limit: 2}, []string{"aXb", "a_b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Account == "" {
				tc.q.Account = customerA
			}
			if tc.q.Region == "" {
				tc.q.Region = "us-east-1"
			}
			view(t, st, func(tx store.Tx) error {
				got, err := tx.ListAPIDestinations(tc.q)
				if err != nil {
					t.Fatalf("ListAPIDestinations(%+v): %v", tc.q, err)
				}
				var names []string
				for _, d := range got {
					names = append(names, d.Name)
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("ListAPIDestinations(%+v)\n got %q\nwant %q", tc.q, names, tc.want)
				}
				return nil
			})
		})
	}
}
