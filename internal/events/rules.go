package events

import (
	"context"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// Rule states.
const (
	RuleEnabled               = "ENABLED"
	RuleDisabled              = "DISABLED"
	RuleEnabledWithCloudTrail = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// DefaultMaxRulesPerBus is AWS's default rules-per-bus quota.
const DefaultMaxRulesPerBus = 300

func (s *Service) ruleARN(account, region, bus, name string) string {
	prefix := "arn:" + s.opts.Partition + ":events:" + region + ":" + account + ":rule/"
	if bus == defaultBusName {
		return prefix + name
	}
	return prefix + bus + "/" + name
}

func ruleNotFound(rule, bus string) error {
	return awserr.NotFoundf("Rule %s does not exist on EventBus %s.", rule, bus)
}

// busForRules resolves and loads the bus a rule operation names.
func (s *Service) busForRules(tx store.Tx, c Caller, nameOrARN string) (store.Bus, error) {
	ref := s.resolveBus(c, nameOrARN)
	if ref.foreign {
		return store.Bus{}, busNotFound(ref.name)
	}
	bus, found, err := tx.GetBus(c.Account, c.Region, ref.name)
	if err != nil {
		return store.Bus{}, err
	}
	if !found {
		return store.Bus{}, busNotFound(ref.name)
	}
	return bus, nil
}

// loadRule loads a rule of a bus the caller names, with AWS's not-found texts.
func (s *Service) loadRule(tx store.Tx, c Caller, busNameOrARN, name string) (store.Rule, error) {
	bus, err := s.busForRules(tx, c, busNameOrARN)
	if err != nil {
		return store.Rule{}, err
	}
	rule, found, err := tx.GetRule(c.Account, c.Region, bus.Name, name)
	if err != nil {
		return store.Rule{}, err
	}
	if !found {
		return store.Rule{}, ruleNotFound(name, bus.Name)
	}
	return rule, nil
}

// PutRuleInput creates or replaces a rule.
type PutRuleInput struct {
	Name               string
	ScheduleExpression string
	EventPattern       string
	State              string
	Description        string
	RoleArn            string
	Tags               []store.Tag
	EventBusName       string
}

// PutRuleOutput carries the rule's ARN.
type PutRuleOutput struct {
	RuleArn string `json:",omitempty"`
}

// PutRule creates a rule or replaces it entirely: members left out are
// reset (an omitted State is ENABLED again), targets are kept and tags are
// ignored on update, as on AWS.
func (s *Service) PutRule(ctx context.Context, c Caller, in *PutRuleInput) (*PutRuleOutput, error) {
	if in.EventPattern == "" && in.ScheduleExpression == "" {
		return nil, awserr.Validationf("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	if in.EventPattern != "" {
		if _, err := compilePattern(in.EventPattern); err != nil {
			return nil, err
		}
	}
	if len(in.Tags) > maxTags {
		return nil, awserr.Validationf("The number of tags on a resource must not exceed %d.", maxTags)
	}
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	state := in.State
	if state == "" {
		state = RuleEnabled
	}
	var arn string
	var changed store.Rule
	err := s.update(ctx, func(tx store.Tx) error {
		bus, err := s.busForRules(tx, c, in.EventBusName)
		if err != nil {
			return err
		}
		if in.ScheduleExpression != "" {
			if bus.Name != defaultBusName {
				return awserr.Validationf("ScheduleExpression is supported only on the default event bus.")
			}
			// Scheduled rules need a scheduler that fires them; accepting
			// one that never fires would be a silent lie.
			return awserr.Validationf("Parameter ScheduleExpression is not supported by Bridgeport yet: scheduled rules are not implemented.")
		}
		if state == RuleEnabledWithCloudTrail && bus.EventSourceName != "" {
			return awserr.Validationf("State %s is not valid for rules on partner event buses.", state)
		}
		old, found, err := tx.GetRule(c.Account, c.Region, bus.Name, in.Name)
		if err != nil {
			return err
		}
		rule := store.Rule{Account: c.Account, Region: c.Region, Bus: bus.Name, Name: in.Name,
			EventPattern: in.EventPattern, State: state, Description: in.Description, RoleArn: in.RoleArn,
			CreatedBy: c.Account, Tags: in.Tags, CreationTime: s.now()}
		if found {
			rule.Tags, rule.Targets, rule.CreationTime = old.Tags, old.Targets, old.CreationTime
		} else if n, err := tx.CountRules(c.Account, c.Region, bus.Name); err != nil || n >= s.opts.MaxRulesPerBus {
			if err == nil {
				err = awserr.New(awserr.LimitExceeded, "The requested resource exceeds the maximum number allowed.")
			}
			return err
		}
		arn = s.ruleARN(c.Account, c.Region, bus.Name, in.Name)
		changed = rule
		return tx.PutRule(rule)
	})
	if err != nil {
		return nil, err
	}
	s.routes.reload(ctx, changed.Account, changed.Region, changed.Bus, changed.Name)
	return &PutRuleOutput{RuleArn: arn}, nil
}

// RuleRef names a rule on a bus; it is the input of DescribeRule,
// EnableRule and DisableRule.
type RuleRef struct {
	Name         string
	EventBusName string
}

// DescribeRuleOutput is one rule.
type DescribeRuleOutput struct {
	Name               string `json:",omitempty"`
	Arn                string `json:",omitempty"`
	EventPattern       string `json:",omitempty"`
	ScheduleExpression string `json:",omitempty"`
	State              string `json:",omitempty"`
	Description        string `json:",omitempty"`
	RoleArn            string `json:",omitempty"`
	ManagedBy          string `json:",omitempty"`
	EventBusName       string `json:",omitempty"`
	CreatedBy          string `json:",omitempty"`
}

// DescribeRule returns one rule.
func (s *Service) DescribeRule(ctx context.Context, c Caller, in *RuleRef) (*DescribeRuleOutput, error) {
	var r store.Rule
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		r, err = s.loadRule(tx, c, in.EventBusName, in.Name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DescribeRuleOutput{Name: r.Name, Arn: s.ruleARN(r.Account, r.Region, r.Bus, r.Name),
		EventPattern: r.EventPattern, ScheduleExpression: r.ScheduleExpression, State: r.State,
		Description: r.Description, RoleArn: r.RoleArn, ManagedBy: r.ManagedBy, EventBusName: r.Bus,
		CreatedBy: r.CreatedBy}, nil
}

// EnableRule sets a rule ENABLED; it is idempotent.
func (s *Service) EnableRule(ctx context.Context, c Caller, in *RuleRef) (*struct{}, error) {
	return s.setRuleState(ctx, c, in, RuleEnabled)
}

// DisableRule sets a rule DISABLED; it is idempotent.
func (s *Service) DisableRule(ctx context.Context, c Caller, in *RuleRef) (*struct{}, error) {
	return s.setRuleState(ctx, c, in, RuleDisabled)
}

func (s *Service) setRuleState(ctx context.Context, c Caller, in *RuleRef, state string) (*struct{}, error) {
	var r store.Rule
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		if r, err = s.loadRule(tx, c, in.EventBusName, in.Name); err != nil {
			return err
		}
		r.State = state
		return tx.PutRule(r)
	})
	if err != nil {
		return nil, err
	}
	s.routes.reload(ctx, r.Account, r.Region, r.Bus, r.Name)
	return &struct{}{}, nil
}

// ListRulesInput filters the rules of a bus.
type ListRulesInput struct {
	NamePrefix   string
	EventBusName string
	NextToken    string
	Limit        int
}

// RuleSummary is one element of ListRules: DescribeRule without CreatedBy.
type RuleSummary struct {
	Name               string `json:",omitempty"`
	Arn                string `json:",omitempty"`
	EventPattern       string `json:",omitempty"`
	State              string `json:",omitempty"`
	Description        string `json:",omitempty"`
	ScheduleExpression string `json:",omitempty"`
	RoleArn            string `json:",omitempty"`
	ManagedBy          string `json:",omitempty"`
	EventBusName       string `json:",omitempty"`
}

// ListRulesOutput is one page of rules.
type ListRulesOutput struct {
	Rules     []RuleSummary
	NextToken string `json:",omitempty"`
}

// ListRules lists a bus's rules by name.
func (s *Service) ListRules(ctx context.Context, c Caller, in *ListRulesInput) (*ListRulesOutput, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	limit := pageSize(in.Limit)
	out := &ListRulesOutput{Rules: []RuleSummary{}}
	err := s.view(ctx, func(tx store.Tx) error {
		bus, err := s.busForRules(tx, c, in.EventBusName)
		if err != nil {
			return err
		}
		scope := "rules|" + c.Account + "|" + c.Region + "|" + bus.Name + "|" + in.NamePrefix
		after, err := afterToken(scope, in.NextToken)
		if err != nil {
			return err
		}
		rules, err := tx.ListRules(store.RuleQuery{Account: c.Account, Region: c.Region, Bus: bus.Name,
			NamePrefix: in.NamePrefix, After: after, Limit: limit + 1})
		if err != nil {
			return err
		}
		if len(rules) > limit {
			rules = rules[:limit]
			out.NextToken = pageToken(scope, rules[limit-1].Name)
		}
		for _, r := range rules {
			out.Rules = append(out.Rules, RuleSummary{Name: r.Name, Arn: s.ruleARN(r.Account, r.Region, r.Bus, r.Name),
				EventPattern: r.EventPattern, State: r.State, Description: r.Description,
				ScheduleExpression: r.ScheduleExpression, RoleArn: r.RoleArn, ManagedBy: r.ManagedBy, EventBusName: r.Bus})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteRuleInput names the rule to delete.
type DeleteRuleInput struct {
	Name         string
	EventBusName string
	Force        bool
}

// DeleteRule deletes a rule that has no targets. A missing rule on an
// existing bus is not an error; a missing bus is.
func (s *Service) DeleteRule(ctx context.Context, c Caller, in *DeleteRuleInput) (*struct{}, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	var deleted store.Rule
	err := s.update(ctx, func(tx store.Tx) error {
		bus, err := s.busForRules(tx, c, in.EventBusName)
		if err != nil {
			return err
		}
		r, found, err := tx.GetRule(c.Account, c.Region, bus.Name, in.Name)
		if err != nil || !found {
			return err
		}
		if len(r.Targets) > 0 {
			return awserr.Validationf("Rule can't be deleted since it has targets.")
		}
		deleted = r
		return tx.DeleteRule(c.Account, c.Region, bus.Name, in.Name)
	})
	if err != nil {
		return nil, err
	}
	if deleted.Name != "" {
		s.routes.reload(ctx, deleted.Account, deleted.Region, deleted.Bus, deleted.Name)
	}
	return &struct{}{}, nil
}
