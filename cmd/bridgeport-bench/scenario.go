package main

import (
	"fmt"
	"strings"
)

// The two accounts of the partner flow. In open mode a 12-digit access key
// ID is the account, so these are also the access keys the tool signs with.
const (
	partnerAccount  = "111111111111"
	customerAccount = "222222222222"
)

// The sources the generated events carry. Custom events may not use an
// "aws." source, and partner events must name the partner source.
const (
	customSource  = "bench.load"
	partnerSource = "aws.partner/bench.example/load"
	detailType    = "Bench Event"
)

// scenario is one kind of traffic: an operation and a batch size.
type scenario struct {
	name    string
	op      string // the AWSEvents operation
	entries int    // entries per request
	partner bool   // PutPartnerEvents from the partner account
}

// allScenarios are the scenarios in the order they run and print: the
// smallest and largest batch of each put operation.
var allScenarios = []scenario{
	{name: "put1", op: "PutEvents", entries: 1},
	{name: "put10", op: "PutEvents", entries: 10},
	{name: "partner1", op: "PutPartnerEvents", entries: 1, partner: true},
	{name: "partner20", op: "PutPartnerEvents", entries: 20, partner: true},
}

// account is the caller of the scenario's requests.
func (s scenario) account() string {
	if s.partner {
		return partnerAccount
	}
	return customerAccount
}

// parseScenarios reads a comma-separated list of scenario names, keeping
// the canonical order so that tables from different runs line up.
func parseScenarios(list string) ([]scenario, error) {
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		known := false
		for _, s := range allScenarios {
			known = known || s.name == name
		}
		if !known {
			return nil, fmt.Errorf("unknown scenario %q (known: put1, put10, partner1, partner20)", name)
		}
		want[name] = true
	}
	var out []scenario
	for _, s := range allScenarios {
		if want[s.name] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenario in %q", list)
	}
	return out, nil
}
