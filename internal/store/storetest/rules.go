package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) rules(t *testing.T) {
	t.Run("GetMissingIsNotFound", s.testGetMissingRuleIsNotFound)
	t.Run("PutThenGetRoundTripsRuleAndTargets", s.testRuleRoundTrip)
	t.Run("DeleteRemovesAndMissingIsNoError", s.testDeleteRule)
	t.Run("ListAndCountArePerBus", s.testListRules)
}

func (s suite) testGetMissingRuleIsNotFound(t *testing.T) {
	st := s.store(t)
	view(t, st, func(tx store.Tx) error {
		got, found, err := tx.GetRule(customerA, "us-east-1", "default", "none")
		if err != nil || found || !reflect.DeepEqual(got, store.Rule{}) {
			t.Errorf("GetRule(missing) = %+v, %v, %v; want zero, false, nil", got, found, err)
		}
		return nil
	})
}

func fullRule() store.Rule {
	return store.Rule{
		Account: customerA, Region: "us-east-1", Bus: "aws.partner/acme.com/orders", Name: "big-orders",
		EventPattern: `{"detail":{"total":[{"numeric":[">",100]}]}}`,
		State:        "ENABLED",
		Description:  "orders over 100 & more",
		RoleArn:      "arn:aws:iam::222222222222:role/events",
		ManagedBy:    "",
		CreatedBy:    customerA,
		Tags:         []store.Tag{{Key: "team", Value: "billing"}},
		Targets: []store.Target{
			{ID: "queue", Arn: "arn:aws:sqs:us-east-1:222222222222:orders",
				// Keys out of alphabetical order and characters JSON
				// encoders like to escape: both must come back as put.
				Doc: json.RawMessage(`{"Id":"queue","Arn":"arn:aws:sqs:us-east-1:222222222222:orders","InputTransformer":{"InputTemplate":"<total> & more","InputPathsMap":{"total":"$.detail.total"}}}`)},
			{ID: "fn", Arn: "arn:aws:lambda:us-east-1:222222222222:function:f",
				Doc: json.RawMessage(`{"Id":"fn","Arn":"arn:aws:lambda:us-east-1:222222222222:function:f"}`)},
		},
		CreationTime: at(42),
	}
}

func (s suite) testRuleRoundTrip(t *testing.T) {
	st := s.store(t)
	want := []store.Rule{
		fullRule(),
		{Account: customerA, Region: "us-east-1", Bus: "default", Name: "nightly", ScheduleExpression: "rate(1 day)",
			State: "DISABLED", CreationTime: at(7)},
	}
	update(t, st, func(tx store.Tx) error {
		for _, r := range want {
			if err := tx.PutRule(r); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		for _, w := range want {
			got, found, err := tx.GetRule(w.Account, w.Region, w.Bus, w.Name)
			if err != nil || !found {
				t.Fatalf("GetRule(%s) = found %v, %v", w.Name, found, err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("GetRule(%s)\n got %+v\nwant %+v", w.Name, got, w)
			}
			for i := range w.Targets {
				if i < len(got.Targets) && string(got.Targets[i].Doc) != string(w.Targets[i].Doc) {
					t.Errorf("target %d doc\n got %s\nwant %s", i, got.Targets[i].Doc, w.Targets[i].Doc)
				}
			}
		}
		return nil
	})
}

func (s suite) testDeleteRule(t *testing.T) {
	st := s.store(t)
	r := fullRule()
	sameNameOtherBus := r
	sameNameOtherBus.Bus = "default"
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutRule(r); err != nil {
			return err
		}
		return tx.PutRule(sameNameOtherBus)
	})
	update(t, st, func(tx store.Tx) error {
		if err := tx.DeleteRule(r.Account, r.Region, r.Bus, r.Name); err != nil {
			return err
		}
		return tx.DeleteRule(r.Account, r.Region, r.Bus, "never-existed")
	})
	view(t, st, func(tx store.Tx) error {
		if _, found, err := tx.GetRule(r.Account, r.Region, r.Bus, r.Name); err != nil || found {
			t.Errorf("GetRule after delete = found %v, %v; want not found", found, err)
		}
		if _, found, err := tx.GetRule(r.Account, r.Region, "default", r.Name); err != nil || !found {
			t.Errorf("GetRule(other bus) after delete = found %v, %v; want found", found, err)
		}
		return nil
	})
}

func (s suite) testListRules(t *testing.T) {
	st := s.store(t)
	names := []string{"a%1", "a_1", "a_2", "b", "c"} // byte order
	const bus = "orders"
	update(t, st, func(tx store.Tx) error {
		for _, i := range []int{2, 4, 0, 3, 1} {
			if err := tx.PutRule(store.Rule{Account: customerA, Region: "us-east-1", Bus: bus, Name: names[i], State: "ENABLED"}); err != nil {
				return err
			}
		}
		for _, r := range []store.Rule{
			{Account: customerA, Region: "us-east-1", Bus: "default", Name: "a_1"},
			{Account: customerB, Region: "us-east-1", Bus: bus, Name: "a_1"},
			{Account: customerA, Region: "us-west-2", Bus: bus, Name: "a_1"},
		} {
			if err := tx.PutRule(r); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		q    store.RuleQuery
		want []string
	}{
		{"one bus in name order", store.RuleQuery{}, names},
		{"other bus is separate", store.RuleQuery{Bus: "default"}, []string{"a_1"}},
		{"other account is separate", store.RuleQuery{Account: customerB}, []string{"a_1"}},
		{"other region is separate", store.RuleQuery{Region: "us-west-2"}, []string{"a_1"}},
		{"underscore in prefix is literal", store.RuleQuery{NamePrefix: "a_"}, []string{"a_1", "a_2"}},
		{"percent in prefix is literal", store.RuleQuery{NamePrefix: "a%"}, []string{"a%1"}},
		{"after and limit", store.RuleQuery{After: "a_1", Limit: 2}, []string{"a_2", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.q.Account == "" {
				tc.q.Account = customerA
			}
			if tc.q.Region == "" {
				tc.q.Region = "us-east-1"
			}
			if tc.q.Bus == "" {
				tc.q.Bus = bus
			}
			view(t, st, func(tx store.Tx) error {
				got, err := tx.ListRules(tc.q)
				if err != nil {
					t.Fatalf("ListRules(%+v): %v", tc.q, err)
				}
				var names []string
				for _, r := range got {
					names = append(names, r.Name)
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("ListRules(%+v)\n got %q\nwant %q", tc.q, names, tc.want)
				}
				return nil
			})
		})
	}
	view(t, st, func(tx store.Tx) error {
		for _, tc := range []struct {
			account, region, bus string
			want                 int
		}{
			{customerA, "us-east-1", bus, len(names)},
			{customerA, "us-east-1", "default", 1},
			{customerA, "us-east-1", "nothing", 0},
			{customerB, "us-east-1", bus, 1},
		} {
			if n, err := tx.CountRules(tc.account, tc.region, tc.bus); err != nil || n != tc.want {
				t.Errorf("CountRules(%s, %s, %s) = %d, %v; want %d", tc.account, tc.region, tc.bus, n, err, tc.want)
			}
		}
		return nil
	})
}
