package storetest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) sources(t *testing.T) {
	t.Run("GetMissingIsNotFound", s.testGetMissingSourceIsNotFound)
	t.Run("PutThenGetRoundTripsEveryField", s.testSourceRoundTrip)
	t.Run("PutReplacesByRegionAndName", s.testPutSourceReplaces)
	t.Run("SameNameInTwoRegionsIsTwoSources", s.testSourceKeyIncludesRegion)
	t.Run("DeleteRemovesAndMissingIsNoError", s.testDeleteSource)
	t.Run("ListFiltersOrdersAndPages", s.testListSources)
	t.Run("ExpiringBeforeFindsPendingInAllRegions", s.testSourcesExpiringBefore)
}

func (s suite) testGetMissingSourceIsNotFound(t *testing.T) {
	st := s.store(t)
	view(t, st, func(tx store.Tx) error {
		got, found, err := tx.GetSource("us-east-1", "aws.partner/acme.com/none")
		if err != nil || found || !reflect.DeepEqual(got, store.Source{}) {
			t.Errorf("GetSource(missing) = %+v, %v, %v; want zero, false, nil", got, found, err)
		}
		return nil
	})
}

func (s suite) testSourceRoundTrip(t *testing.T) {
	st := s.store(t)
	want := []store.Source{
		{Region: "us-east-1", Name: "aws.partner/acme.com/orders", PartnerAccount: partnerA, Account: customerA,
			State: store.StatePending, CreationTime: at(1), ExpirationTime: at(1000)},
		{Region: "us-east-1", Name: "aws.partner/acme.com/billing", PartnerAccount: partnerA, Account: customerB,
			State: store.StateActive, CreationTime: at(2), BusExists: true},
	}
	update(t, st, func(tx store.Tx) error {
		for _, src := range want {
			if err := tx.PutSource(src); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range want {
			got, found, err := tx.GetSource(w.Region, w.Name)
			if err != nil || !found {
				t.Fatalf("GetSource(%s) = found %v, %v", w.Name, found, err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("GetSource(%s)\n got %+v\nwant %+v", w.Name, got, w)
			}
		}
		return nil
	})
}

func (s suite) testPutSourceReplaces(t *testing.T) {
	st := s.store(t)
	pending := store.Source{Region: "us-east-1", Name: "aws.partner/acme.com/orders", PartnerAccount: partnerA,
		Account: customerA, State: store.StatePending, CreationTime: at(0), ExpirationTime: at(1000)}
	active := pending
	active.State, active.ExpirationTime, active.BusExists = store.StateActive, time.Time{}, true
	active.Account = customerB // the columns queries filter on must follow the record

	update(t, st, func(tx store.Tx) error { return tx.PutSource(pending) })
	update(t, st, func(tx store.Tx) error { return tx.PutSource(active) })
	view(t, st, func(tx store.Tx) error {
		got, _, err := tx.GetSource(active.Region, active.Name)
		if err != nil || !reflect.DeepEqual(got, active) {
			t.Errorf("GetSource after replace = %+v, %v; want %+v", got, err, active)
		}
		list, err := tx.ListSources(store.SourceQuery{Region: "us-east-1", Account: customerA})
		if err != nil || len(list) != 0 {
			t.Errorf("ListSources(old account) = %d sources, %v; want none", len(list), err)
		}
		list, err = tx.ListSources(store.SourceQuery{Region: "us-east-1", Account: customerB})
		if err != nil || len(list) != 1 {
			t.Errorf("ListSources(new account) = %d sources, %v; want 1", len(list), err)
		}
		exp, err := tx.SourcesExpiringBefore(at(1_000_000), 0)
		if err != nil || len(exp) != 0 {
			t.Errorf("SourcesExpiringBefore after activation = %d sources, %v; want none", len(exp), err)
		}
		return nil
	})
}

func (s suite) testSourceKeyIncludesRegion(t *testing.T) {
	st := s.store(t)
	east := store.Source{Region: "us-east-1", Name: "aws.partner/acme.com/x", PartnerAccount: partnerA, Account: customerA, State: store.StateActive}
	west := store.Source{Region: "us-west-2", Name: "aws.partner/acme.com/x", PartnerAccount: partnerB, Account: customerB, State: store.StatePending}
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutSource(east); err != nil {
			return err
		}
		return tx.PutSource(west)
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range []store.Source{east, west} {
			got, found, err := tx.GetSource(w.Region, w.Name)
			if err != nil || !found || got.PartnerAccount != w.PartnerAccount {
				t.Errorf("GetSource(%s, %s) = %+v, %v, %v; want partner %s", w.Region, w.Name, got, found, err, w.PartnerAccount)
			}
		}
		return nil
	})
}

func (s suite) testDeleteSource(t *testing.T) {
	st := s.store(t)
	src := store.Source{Region: "us-east-1", Name: "aws.partner/acme.com/x", PartnerAccount: partnerA, Account: customerA, State: store.StateActive}
	update(t, st, func(tx store.Tx) error { return tx.PutSource(src) })
	update(t, st, func(tx store.Tx) error {
		if err := tx.DeleteSource(src.Region, src.Name); err != nil {
			return err
		}
		return tx.DeleteSource(src.Region, "aws.partner/acme.com/never-existed")
	})
	view(t, st, func(tx store.Tx) error {
		if _, found, err := tx.GetSource(src.Region, src.Name); err != nil || found {
			t.Errorf("GetSource after delete = found %v, %v; want not found", found, err)
		}
		return nil
	})
}

func (s suite) testListSources(t *testing.T) {
	st := s.store(t)
	// In byte order, which is the order ListSources must return: '%' <
	// '0' < 'A' < 'a', '.' < '_', and 'e' < the first byte of 'é'.
	all := []store.Source{
		{Name: "aws.partner/100%/a", PartnerAccount: partnerB, Account: customerA},
		{Name: "aws.partner/1000/b", PartnerAccount: partnerB, Account: customerB},
		{Name: "aws.partner/Acme.com/upper", PartnerAccount: partnerA, Account: customerA},
		{Name: "aws.partner/acme.com/billing", PartnerAccount: partnerA, Account: customerB},
		{Name: "aws.partner/acme.com/orders", PartnerAccount: partnerA, Account: customerA},
		{Name: "aws.partner/acme_com/x", PartnerAccount: partnerB, Account: customerA},
		{Name: "aws.partner/cafe/two", PartnerAccount: partnerC, Account: customerA},
		{Name: "aws.partner/café/one", PartnerAccount: partnerC, Account: customerB},
	}
	update(t, st, func(tx store.Tx) error {
		// Insert out of order, so that order comes from the store.
		for _, i := range []int{4, 7, 0, 2, 6, 1, 5, 3} {
			src := all[i]
			src.Region, src.State, src.CreationTime = "us-east-1", store.StateActive, at(int64(i))
			if err := tx.PutSource(src); err != nil {
				return err
			}
		}
		return tx.PutSource(store.Source{Region: "us-west-2", Name: "aws.partner/acme.com/orders",
			PartnerAccount: partnerA, Account: customerA, State: store.StateActive})
	})
	name := func(i ...int) []string {
		var out []string
		for _, j := range i {
			out = append(out, all[j].Name)
		}
		return out
	}
	tests := []struct {
		name string
		q    store.SourceQuery
		want []string
	}{
		{"region alone lists the region in name order", store.SourceQuery{}, name(0, 1, 2, 3, 4, 5, 6, 7)},
		{"other region is separate", store.SourceQuery{Region: "us-west-2"}, []string{"aws.partner/acme.com/orders"}},
		{"account selects the customer", store.SourceQuery{Account: customerA}, name(0, 2, 4, 5, 6)},
		{"partner account selects the creator", store.SourceQuery{PartnerAccount: partnerA}, name(2, 3, 4)},
		{"account and partner combine", store.SourceQuery{Account: customerA, PartnerAccount: partnerA}, name(2, 4)},
		{"prefix matches the start of the name", store.SourceQuery{NamePrefix: "aws.partner/acme"}, name(3, 4, 5)},
		{"prefix is case-sensitive", store.SourceQuery{NamePrefix: "aws.partner/Acme"}, name(2)},
		{"underscore in prefix is literal", store.SourceQuery{NamePrefix: "aws.partner/acme_"}, name(5)},
		{"dot in prefix is literal", store.SourceQuery{NamePrefix: "aws.partner/acme."}, name(3, 4)},
		{"percent in prefix is literal", store.SourceQuery{NamePrefix: "aws.partner/100%"}, name(0)},
		{"prefix counts multibyte characters", store.SourceQuery{NamePrefix: "aws.partner/café"}, name(7)},
		{"prefix before a multibyte character", store.SourceQuery{NamePrefix: "aws.partner/caf"}, name(6, 7)},
		{"whole name is its own prefix", store.SourceQuery{NamePrefix: "aws.partner/acme.com/orders"}, name(4)},
		{"prefix without match is empty", store.SourceQuery{NamePrefix: "aws.partner/zzz"}, nil},
		{"after excludes names up to and including it", store.SourceQuery{After: all[3].Name}, name(4, 5, 6, 7)},
		{"after a name that does not exist", store.SourceQuery{After: "aws.partner/b"}, name(6, 7)},
		{"limit caps the list", store.SourceQuery{Limit: 3}, name(0, 1, 2)},
		{"after and limit page", store.SourceQuery{After: all[1].Name, Limit: 2}, name(2, 3)},
		{"prefix and after combine", store.SourceQuery{NamePrefix: "aws.partner/acme", After: all[4].Name}, name(5)},
		{"account and limit combine", store.SourceQuery{Account: customerA, Limit: 2}, name(0, 2)},
		{"limit beyond the end returns the rest", store.SourceQuery{After: all[6].Name, Limit: 10}, name(7)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Region == "" {
				tc.q.Region = "us-east-1"
			}
			view(t, st, func(tx store.Tx) error {
				got, err := tx.ListSources(tc.q)
				if err != nil {
					t.Fatalf("ListSources(%+v): %v", tc.q, err)
				}
				var names []string
				for _, src := range got {
					names = append(names, src.Name)
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("ListSources(%+v)\n got %q\nwant %q", tc.q, names, tc.want)
				}
				return nil
			})
		})
	}
}

func (s suite) testSourcesExpiringBefore(t *testing.T) {
	st := s.store(t)
	pending := func(region, name string, exp int64) store.Source {
		return store.Source{Region: region, Name: name, PartnerAccount: partnerA, Account: customerA,
			State: store.StatePending, CreationTime: at(0), ExpirationTime: at(exp)}
	}
	sources := []store.Source{
		pending("us-east-1", "aws.partner/a/first", 1000),
		pending("us-west-2", "aws.partner/a/second", 2000),
		pending("eu-west-1", "aws.partner/a/third", 3000),
		pending("us-east-1", "aws.partner/a/at-the-limit", 5000),
		pending("us-east-1", "aws.partner/a/later", 9000),
		{Region: "us-east-1", Name: "aws.partner/a/active", PartnerAccount: partnerA, Account: customerA, State: store.StateActive},
		{Region: "us-east-1", Name: "aws.partner/a/deleted", PartnerAccount: partnerA, Account: customerA, State: store.StateDeleted},
	}
	update(t, st, func(tx store.Tx) error {
		for _, src := range sources {
			if err := tx.PutSource(src); err != nil {
				return err
			}
		}
		return nil
	})
	key := func(src store.Source) string { return src.Region + " " + src.Name }
	keys := func(list []store.Source) []string {
		var out []string
		for _, src := range list {
			out = append(out, key(src))
		}
		slices.Sort(out)
		return out
	}
	expired := keys(sources[:3])

	tests := []struct {
		name  string
		limit int
		check func(t *testing.T, got []store.Source)
	}{
		{"every expired pending source, strictly before t", 0, func(t *testing.T, got []store.Source) {
			if !slices.Equal(keys(got), expired) {
				t.Errorf("got %q, want %q", keys(got), expired)
			}
			for _, src := range got {
				want := sources[slices.IndexFunc(sources, func(s store.Source) bool { return key(s) == key(src) })]
				if !reflect.DeepEqual(src, want) {
					t.Errorf("got %+v, want %+v", src, want)
				}
			}
		}},
		{"limit caps the batch", 2, func(t *testing.T, got []store.Source) {
			if len(got) != 2 {
				t.Fatalf("got %d sources, want 2", len(got))
			}
			for _, k := range keys(got) {
				if !slices.Contains(expired, k) {
					t.Errorf("got %q, which has not expired", k)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			view(t, st, func(tx store.Tx) error {
				got, err := tx.SourcesExpiringBefore(at(5000), tc.limit)
				if err != nil {
					t.Fatalf("SourcesExpiringBefore: %v", err)
				}
				tc.check(t, got)
				return nil
			})
		})
	}
}
