package main

import (
	"context"
	"encoding/json"
	"fmt"
)

// Names of the resources the tool creates. They are fixed so that a run
// against a long-lived server (--url) updates them instead of piling up.
const (
	targetBus         = "bench-target"
	sinkName          = "bench-sink"
	putRulePrefix     = "bench-put-"
	partnerRulePrefix = "bench-partner-"
)

// sinkRateLimit is the API destination's InvocationRateLimitPerSecond.
// AWS's default is 300, far below what the bench sends; the API model sets
// no maximum, so the limit is set where it never throttles the run and the
// latency measured is Bridgeport's, not a configured limit's.
const sinkRateLimit = 1_000_000

// Target kinds of the matching rule.
const (
	targetAPIDestination = "api-destination"
	targetEventBus       = "event-bus"
)

// setupOptions say what to install on a peer.
type setupOptions struct {
	rules   int
	bus     string // PutEvents bus; "default" for the default bus
	put     bool   // install for PutEvents scenarios
	partner bool   // install the partner flow for PutPartnerEvents scenarios
	// sinkURL, when set, makes the matching rule's target an API
	// destination to it; otherwise, or if the peer refuses that target,
	// the target is the bus targetBus.
	sinkURL string
	// forceKind, when set, is the only target kind to try: a peer is set
	// up with the kind Bridgeport took, so both do the same work.
	forceKind string
	// partnerOnDefaultBus puts the partner rules on the customer's default
	// bus: moto delivers partner events there rather than to the partner
	// bus.
	partnerOnDefaultBus bool
}

// setupResult says what was installed.
type setupResult struct {
	kind string // targetAPIDestination or targetEventBus
	// fallback explains why the target is a bus when a sink was asked for.
	fallback string
}

// setupPeer installs buses, the partner source, rules and the target.
func setupPeer(ctx context.Context, api *apiClient, o setupOptions) (setupResult, error) {
	if _, err := api.create(ctx, customerAccount, "CreateEventBus", map[string]string{"Name": targetBus}, nil); err != nil {
		return setupResult{}, fmt.Errorf("create target bus: %w", err)
	}
	res := setupResult{kind: targetEventBus}
	target := busTarget(targetBus)
	if o.sinkURL != "" && o.forceKind != targetEventBus {
		arn, err := installSink(ctx, api, o.sinkURL)
		switch {
		case err == nil:
			res.kind, target = targetAPIDestination, apiDestinationTarget(arn)
		case o.forceKind == targetAPIDestination:
			return res, err
		default:
			res.fallback = apiErrorText(err)
		}
	}
	var buses []ruleSet
	if o.put {
		if o.bus != "default" {
			if _, err := api.create(ctx, customerAccount, "CreateEventBus", map[string]string{"Name": o.bus}, nil); err != nil {
				return res, fmt.Errorf("create bus %s: %w", o.bus, err)
			}
		}
		buses = append(buses, ruleSet{bus: o.bus, prefix: putRulePrefix, source: customSource})
	}
	if o.partner {
		if err := installPartnerSource(ctx, api); err != nil {
			return res, err
		}
		bus := partnerSource
		if o.partnerOnDefaultBus {
			bus = "default"
		}
		buses = append(buses, ruleSet{bus: bus, prefix: partnerRulePrefix, source: partnerSource})
	}
	for i, rs := range buses {
		if err := installRules(ctx, api, rs, o.rules); err != nil {
			return res, err
		}
		err := putTarget(ctx, api, rs, target)
		if err != nil && i == 0 && res.kind == targetAPIDestination && o.forceKind == "" {
			// The API destination exists but the server does not deliver
			// to that kind of target: measure the rest with a bus target.
			res = setupResult{kind: targetEventBus, fallback: apiErrorText(err)}
			target = busTarget(targetBus)
			err = putTarget(ctx, api, rs, target)
		}
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// ruleSet is the rules of one bus, all on one source.
type ruleSet struct {
	bus    string
	prefix string
	source string
}

func (rs ruleSet) ruleName(i int) string { return fmt.Sprintf("%s%04d", rs.prefix, i) }

// installRules puts n rules of the usual shape on rs.bus: source,
// detail-type and one detail field. Rule 0 matches the generated events;
// every other rule waits for a detail value that never comes, so the
// server evaluates n patterns per event and delivers once.
func installRules(ctx context.Context, api *apiClient, rs ruleSet, n int) error {
	for i := range n {
		value := matchValue
		if i > 0 {
			value = fmt.Sprintf("other-%04d", i)
		}
		pattern, err := json.Marshal(map[string]any{
			"source":      []string{rs.source},
			"detail-type": []string{detailType},
			"detail":      map[string]any{"bench": map[string]any{"k": []string{value}}},
		})
		if err != nil {
			return fmt.Errorf("encode pattern: %w", err)
		}
		in := map[string]string{"Name": rs.ruleName(i), "EventBusName": rs.bus, "EventPattern": string(pattern)}
		if err := api.call(ctx, customerAccount, "PutRule", in, nil); err != nil {
			return fmt.Errorf("rule %d of %d on bus %s: %w", i+1, n, rs.bus, err)
		}
	}
	return nil
}

// benchTarget is one PutTargets target.
type benchTarget struct {
	Id      string //nolint:revive // wire name
	Arn     string
	RoleArn string `json:",omitempty"`
}

func busTarget(name string) benchTarget {
	return benchTarget{Id: "bench", Arn: "arn:aws:events:" + region + ":" + customerAccount + ":event-bus/" + name}
}

// apiDestinationTarget carries a role, as AWS requires for API
// destination targets; open mode does not check it.
func apiDestinationTarget(arn string) benchTarget {
	return benchTarget{Id: "bench", Arn: arn, RoleArn: "arn:aws:iam::" + customerAccount + ":role/bench"}
}

// putTarget sets the matching rule's only target.
func putTarget(ctx context.Context, api *apiClient, rs ruleSet, t benchTarget) error {
	var out struct{ FailedEntryCount int }
	in := map[string]any{"Rule": rs.ruleName(0), "EventBusName": rs.bus, "Targets": []benchTarget{t}}
	if err := api.call(ctx, customerAccount, "PutTargets", in, &out); err != nil {
		return fmt.Errorf("target %s: %w", t.Arn, err)
	}
	if out.FailedEntryCount > 0 {
		return fmt.Errorf("target %s: PutTargets failed the entry", t.Arn)
	}
	return nil
}

// installSink creates the connection and API destination that point at
// the sink, or points an existing one at this run's sink.
func installSink(ctx context.Context, api *apiClient, sinkURL string) (string, error) {
	var conn struct{ ConnectionArn string }
	existed, err := api.create(ctx, customerAccount, "CreateConnection", map[string]any{
		"Name": sinkName, "AuthorizationType": "API_KEY",
		"AuthParameters": map[string]any{"ApiKeyAuthParameters": map[string]string{
			"ApiKeyName": "x-bench-key", "ApiKeyValue": "bench"}},
	}, &conn)
	if err == nil && existed {
		err = api.call(ctx, customerAccount, "DescribeConnection", map[string]string{"Name": sinkName}, &conn)
	}
	if err != nil {
		return "", fmt.Errorf("sink connection: %w", err)
	}
	in := map[string]any{"Name": sinkName, "ConnectionArn": conn.ConnectionArn, "InvocationEndpoint": sinkURL,
		"HttpMethod": "POST", "InvocationRateLimitPerSecond": sinkRateLimit}
	var dest struct{ ApiDestinationArn string } //nolint:revive // wire name
	existed, err = api.create(ctx, customerAccount, "CreateApiDestination", in, &dest)
	if err == nil && existed {
		err = api.call(ctx, customerAccount, "UpdateApiDestination", in, &dest)
	}
	if err != nil {
		return "", fmt.Errorf("sink API destination: %w", err)
	}
	return dest.ApiDestinationArn, nil
}

// installPartnerSource runs the partner flow: the partner offers the
// source to the customer, who accepts it by creating the partner bus.
func installPartnerSource(ctx context.Context, api *apiClient) error {
	if _, err := api.create(ctx, partnerAccount, "CreatePartnerEventSource",
		map[string]string{"Name": partnerSource, "Account": customerAccount}, nil); err != nil {
		return fmt.Errorf("partner source: %w", err)
	}
	if _, err := api.create(ctx, customerAccount, "CreateEventBus",
		map[string]string{"Name": partnerSource, "EventSourceName": partnerSource}, nil); err != nil {
		return fmt.Errorf("partner bus: %w", err)
	}
	return nil
}
