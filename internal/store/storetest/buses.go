package storetest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) buses(t *testing.T) {
	t.Run("GetMissingIsNotFound", s.testGetMissingBusIsNotFound)
	t.Run("PutThenGetRoundTripsEveryField", s.testBusRoundTrip)
	t.Run("PutReplacesByKey", s.testPutBusReplaces)
	t.Run("DeleteRemovesAndMissingIsNoError", s.testDeleteBus)
	t.Run("ListFiltersOrdersAndPages", s.testListBuses)
	t.Run("CountIsPerAccountAndRegion", s.testCountBuses)
}

func (s suite) testGetMissingBusIsNotFound(t *testing.T) {
	st := s.store(t)
	view(t, st, func(tx store.Tx) error {
		got, found, err := tx.GetBus(customerA, "us-east-1", "none")
		if err != nil || found || !reflect.DeepEqual(got, store.Bus{}) {
			t.Errorf("GetBus(missing) = %+v, %v, %v; want zero, false, nil", got, found, err)
		}
		return nil
	})
}

func fullBus() store.Bus {
	return store.Bus{
		Account: customerA, Region: "us-east-1", Name: "aws.partner/acme.com/orders",
		EventSourceName:  "aws.partner/acme.com/orders",
		Description:      "orders <from> Acme & co",
		KmsKeyIdentifier: "arn:aws:kms:us-east-1:222222222222:key/abc",
		DeadLetterArn:    "arn:aws:sqs:us-east-1:222222222222:dlq",
		LogLevel:         "INFO",
		LogIncludeDetail: "FULL",
		Policy:           `{"Version":"2012-10-17","Statement":[]}`,
		Tags:             []store.Tag{{Key: "team", Value: "billing"}, {Key: "env", Value: ""}},
		CreationTime:     at(10),
		LastModifiedTime: at(20),
	}
}

func (s suite) testBusRoundTrip(t *testing.T) {
	st := s.store(t)
	want := []store.Bus{fullBus(), {Account: customerA, Region: "us-east-1", Name: "default", CreationTime: at(1), LastModifiedTime: at(1)}}
	update(t, st, func(tx store.Tx) error {
		for _, b := range want {
			if err := tx.PutBus(b); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range want {
			got, found, err := tx.GetBus(w.Account, w.Region, w.Name)
			if err != nil || !found {
				t.Fatalf("GetBus(%s) = found %v, %v", w.Name, found, err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("GetBus(%s)\n got %+v\nwant %+v", w.Name, got, w)
			}
		}
		return nil
	})
}

func (s suite) testPutBusReplaces(t *testing.T) {
	st := s.store(t)
	b := fullBus()
	update(t, st, func(tx store.Tx) error { return tx.PutBus(b) })
	b.Description, b.Tags, b.LastModifiedTime = "", nil, at(30)
	update(t, st, func(tx store.Tx) error { return tx.PutBus(b) })
	view(t, st, func(tx store.Tx) error {
		got, _, err := tx.GetBus(b.Account, b.Region, b.Name)
		if err != nil || !reflect.DeepEqual(got, b) {
			t.Errorf("GetBus after replace = %+v, %v; want %+v", got, err, b)
		}
		if n, err := tx.CountBuses(b.Account, b.Region); err != nil || n != 1 {
			t.Errorf("CountBuses after replace = %d, %v; want 1", n, err)
		}
		return nil
	})
}

func (s suite) testDeleteBus(t *testing.T) {
	st := s.store(t)
	b := fullBus()
	other := b
	other.Account = customerB // same name, other account: must survive
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutBus(b); err != nil {
			return err
		}
		return tx.PutBus(other)
	})
	update(t, st, func(tx store.Tx) error {
		if err := tx.DeleteBus(b.Account, b.Region, b.Name); err != nil {
			return err
		}
		return tx.DeleteBus(b.Account, b.Region, "never-existed")
	})
	view(t, st, func(tx store.Tx) error {
		if _, found, err := tx.GetBus(b.Account, b.Region, b.Name); err != nil || found {
			t.Errorf("GetBus after delete = found %v, %v; want not found", found, err)
		}
		if _, found, err := tx.GetBus(other.Account, other.Region, other.Name); err != nil || !found {
			t.Errorf("GetBus(other account) after delete = found %v, %v; want found", found, err)
		}
		return nil
	})
}

func (s suite) testListBuses(t *testing.T) {
	st := s.store(t)
	names := []string{"a%b", "aXb", "a_b", "a_c", "b", "default", "orders"} // byte order: % < X < _
	update(t, st, func(tx store.Tx) error {
		for _, i := range []int{3, 6, 0, 5, 1, 4, 2} {
			if err := tx.PutBus(store.Bus{Account: customerA, Region: "us-east-1", Name: names[i], CreationTime: at(int64(i))}); err != nil {
				return err
			}
		}
		for _, b := range []store.Bus{
			{Account: customerB, Region: "us-east-1", Name: "a_b"},
			{Account: customerA, Region: "us-west-2", Name: "a_b"},
		} {
			if err := tx.PutBus(b); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		q    store.BusQuery
		want []string
	}{
		{"account and region in name order", store.BusQuery{}, names},
		{"other account is separate", store.BusQuery{Account: customerB}, []string{"a_b"}},
		{"other region is separate", store.BusQuery{Region: "us-west-2"}, []string{"a_b"}},
		{"underscore in prefix is literal", store.BusQuery{NamePrefix: "a_"}, []string{"a_b", "a_c"}},
		{"percent in prefix is literal", store.BusQuery{NamePrefix: "a%"}, []string{"a%b"}},
		{"prefix is case-sensitive", store.BusQuery{NamePrefix: "aX"}, []string{"aXb"}},
		{"after", store.BusQuery{After: "a_c"}, []string{"b", "default", "orders"}},
		{"limit", store.BusQuery{Limit: 2}, []string{"a%b", "aXb"}},
		{"after and limit", store.BusQuery{After: "aXb", Limit: 2}, []string{"a_b", "a_c"}},
		{"prefix, after and limit", store.BusQuery{NamePrefix: "a", After: "a%b", Limit: 2}, []string{"aXb", "a_b"}},
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
				got, err := tx.ListBuses(tc.q)
				if err != nil {
					t.Fatalf("ListBuses(%+v): %v", tc.q, err)
				}
				var names []string
				for _, b := range got {
					names = append(names, b.Name)
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("ListBuses(%+v)\n got %q\nwant %q", tc.q, names, tc.want)
				}
				return nil
			})
		})
	}
}

func (s suite) testCountBuses(t *testing.T) {
	st := s.store(t)
	update(t, st, func(tx store.Tx) error {
		for _, b := range []store.Bus{
			{Account: customerA, Region: "us-east-1", Name: "default"},
			{Account: customerA, Region: "us-east-1", Name: "custom"},
			{Account: customerA, Region: "us-west-2", Name: "default"},
			{Account: customerB, Region: "us-east-1", Name: "default"},
		} {
			if err := tx.PutBus(b); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		account, region string
		want            int
	}{
		{customerA, "us-east-1", 2},
		{customerA, "us-west-2", 1},
		{customerB, "us-east-1", 1},
		{customerB, "us-west-2", 0},
	}
	view(t, st, func(tx store.Tx) error {
		for _, tc := range tests {
			if n, err := tx.CountBuses(tc.account, tc.region); err != nil || n != tc.want {
				t.Errorf("CountBuses(%s, %s) = %d, %v; want %d", tc.account, tc.region, n, err, tc.want)
			}
		}
		return nil
	})
}
