package events

import (
	"context"
	"strings"

	"github.com/bridgeport/bridgeport/internal/pattern"
	"github.com/bridgeport/bridgeport/internal/store"
)

// Changes carries rule changes between the nodes of a cluster, so each
// node's router follows changes made on the others.
type Changes interface {
	Publish(ctx context.Context, payload string) error
}

// changeSep separates the fields of a rule-change payload.
const changeSep = "\x1f"

// publish tells the other nodes that a rule changed. A lost notification
// is repaired by the periodic resync, so a failure is only logged.
func (r *routes) publish(ctx context.Context, account, region, bus, name string) {
	if r.svc.opts.Changes == nil {
		return
	}
	payload := strings.Join([]string{account, region, bus, name}, changeSep)
	if err := r.svc.opts.Changes.Publish(ctx, payload); err != nil {
		r.svc.opts.Logger.Warn("publish rule change", "rule", name, "err", err)
	}
}

// RuleChanged applies a change notification from another node: "" means
// notifications may have been missed, so every rule is reloaded.
func (s *Service) RuleChanged(ctx context.Context, payload string) {
	if payload == "" {
		if err := s.ResyncRoutes(ctx); err != nil {
			s.opts.Logger.Error("resync routes", "err", err)
		}
		return
	}
	f := strings.Split(payload, changeSep)
	if len(f) != 4 {
		s.opts.Logger.Warn("ignoring malformed rule change notification", "payload", payload)
		return
	}
	s.routes.reloadLocal(ctx, f[0], f[1], f[2], f[3])
}

// ResyncRoutes rebuilds every bus's routes from the store, bus by bus with
// one matcher update each, so matching never pauses.
func (s *Service) ResyncRoutes(ctx context.Context) error {
	var rules []store.Rule
	if err := s.view(ctx, func(tx store.Tx) error {
		var err error
		rules, err = tx.ListRules(store.RuleQuery{})
		return err
	}); err != nil {
		return err
	}
	byBus := map[busKey][]store.Rule{}
	for _, rule := range rules {
		k := busKey{rule.Account, rule.Region, rule.Bus}
		byBus[k] = append(byBus[k], rule)
	}
	r := s.routes
	r.reloadMu.Lock()
	defer r.reloadMu.Unlock()
	// Buses that lost all their rules elsewhere.
	r.buses.Range(func(key, _ any) bool {
		if k := key.(busKey); byBus[k] == nil {
			byBus[k] = []store.Rule{}
		}
		return true
	})
	for k, busRules := range byBus {
		b := r.busOrNew(k)
		current := *b.rules.Load()
		table := map[string]*routedRule{}
		// Only patterns that changed go to the matcher: a periodic resync
		// that finds nothing new publishes no new matcher.
		patterns := map[string]*pattern.Pattern{}
		for _, rule := range busRules {
			routed := r.compile(rule, true)
			if routed == nil {
				continue
			}
			table[rule.Name] = routed
			if old := current[rule.Name]; old == nil || old.eventPattern != routed.eventPattern {
				patterns[rule.Name] = routed.pattern
			}
		}
		var gone []string
		for name := range current {
			if table[name] == nil {
				gone = append(gone, name)
			}
		}
		b.rules.Store(&table)
		if len(patterns) > 0 {
			b.matcher.SetMany(patterns)
		}
		if len(gone) > 0 {
			b.matcher.Delete(gone...)
		}
	}
	return nil
}
