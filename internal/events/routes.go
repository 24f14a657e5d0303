package events

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/bridgeport/bridgeport/internal/pattern"
	"github.com/bridgeport/bridgeport/internal/store"
)

// busKey names a bus across accounts and regions.
type busKey struct{ account, region, name string }

// routedRule is an enabled rule with a pattern, ready to route events.
type routedRule struct {
	name, arn string
	targets   []*compiledTarget
	// eventPattern is the pattern's text, pattern its parsed form.
	eventPattern string
	pattern      *pattern.Pattern
}

// busRoutes is the routing state of one bus. The matcher updates itself
// copy-on-write; the rule table is replaced whole on every change, so
// readers never lock.
type busRoutes struct {
	matcher *pattern.Matcher
	rules   atomic.Pointer[map[string]*routedRule]
}

// routes holds the compiled rules of every bus. Events are matched against
// it without touching the store; rule and target changes reach it right
// after they commit.
type routes struct {
	svc   *Service
	buses sync.Map // busKey -> *busRoutes
	// reloadMu serializes reloads so that a reload that read older state
	// can never overwrite one that read newer state.
	reloadMu sync.Mutex
}

func (r *routes) bus(k busKey) *busRoutes {
	if b, ok := r.buses.Load(k); ok {
		return b.(*busRoutes)
	}
	return nil
}

// reload re-reads one rule after this node changed it, updates its bus's
// routes, and tells the other nodes.
func (r *routes) reload(ctx context.Context, account, region, bus, name string) {
	r.reloadLocal(ctx, account, region, bus, name)
	r.publish(ctx, account, region, bus, name)
}

// reloadLocal re-reads one rule and updates its bus's routes on this node.
func (r *routes) reloadLocal(ctx context.Context, account, region, bus, name string) {
	r.reloadMu.Lock()
	defer r.reloadMu.Unlock()
	var rule store.Rule
	var found bool
	err := r.svc.view(ctx, func(tx store.Tx) error {
		var err error
		rule, found, err = tx.GetRule(account, region, bus, name)
		return err
	})
	if err != nil {
		// The change is committed; routing catches up at the next reload
		// of this rule or at restart. Say so loudly.
		r.svc.opts.Logger.Error("reload rule into the router", "bus", bus, "rule", name, "err", err)
		return
	}
	r.apply(busKey{account, region, bus}, name, rule, found)
}

// apply installs (or removes) one rule in its bus's routes. The caller
// holds reloadMu.
func (r *routes) apply(k busKey, name string, rule store.Rule, found bool) {
	b := r.busOrNew(k)
	next := maps.Clone(*b.rules.Load())
	routed := r.compile(rule, found)
	if routed == nil {
		delete(next, name)
		b.rules.Store(&next)
		b.matcher.Delete(name)
		return
	}
	next[name] = routed
	// Table first, matcher second: a match found in between finds its rule.
	b.rules.Store(&next)
	b.matcher.Set(name, routed.pattern)
}

// busOrNew returns the routes of bus k, creating empty ones. The caller
// holds reloadMu.
func (r *routes) busOrNew(k busKey) *busRoutes {
	if b := r.bus(k); b != nil {
		return b
	}
	b := &busRoutes{matcher: pattern.NewMatcher()}
	empty := map[string]*routedRule{}
	b.rules.Store(&empty)
	r.buses.Store(k, b)
	return b
}

// compile prepares a stored rule for routing, or returns nil when the rule
// routes nothing (deleted, disabled, schedule-only, or with a stored
// pattern that no longer parses, which is logged).
func (r *routes) compile(rule store.Rule, found bool) *routedRule {
	if !found || rule.EventPattern == "" || (rule.State != RuleEnabled && rule.State != RuleEnabledWithCloudTrail) {
		return nil
	}
	routed := &routedRule{name: rule.Name, arn: r.svc.ruleARN(rule.Account, rule.Region, rule.Bus, rule.Name),
		eventPattern: rule.EventPattern}
	p, err := pattern.Parse(rule.EventPattern)
	if err != nil {
		r.svc.opts.Logger.Error("stored rule has an invalid pattern", "rule", routed.arn, "err", err)
		return nil
	}
	routed.pattern = p
	for _, t := range rule.Targets {
		// Accept every stored target: whether Bridgeport can deliver to it
		// was decided when it was put, and delivery reports what fails.
		_, ct, err := compileTarget(t.Doc, func(string) error { return nil })
		if err != nil {
			r.svc.opts.Logger.Error("stored target does not compile", "rule", routed.arn, "target", t.ID, "err", err)
			continue
		}
		routed.targets = append(routed.targets, ct)
	}
	return routed
}
