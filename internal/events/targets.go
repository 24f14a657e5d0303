package events

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/transform"
)

// maxTargetsPerRule is AWS's limit of targets on one rule.
const maxTargetsPerRule = 5

// targetFields are the members of a Target that Bridgeport acts on. The
// target itself is stored as the JSON it was put with, so ListTargetsByRule
// returns every member exactly.
type targetFields struct {
	Id               string //nolint:revive // wire name
	Arn              string
	RoleArn          string
	Input            string
	InputPath        string
	InputTransformer *struct {
		InputPathsMap map[string]string
		InputTemplate string
	}
	KinesisParameters *struct{ PartitionKeyPath string }
	SqsParameters     *struct{ MessageGroupId string }
	HttpParameters    *delivery.HTTPParameters
	DeadLetterConfig  *DeadLetterConfig
	RetryPolicy       *struct {
		MaximumRetryAttempts     *int
		MaximumEventAgeInSeconds *int
	}
}

// compiledTarget is a target ready to receive events.
type compiledTarget struct {
	id, arn      string
	transformer  *transform.Transformer
	partitionKey *transform.Path
	spec         delivery.TargetSpec
}

// compileTarget validates a target as PutTargets does and prepares it for
// delivery. supports says whether Bridgeport can deliver to the ARN.
func compileTarget(raw json.RawMessage, supports func(arn string) error) (targetFields, *compiledTarget, error) {
	var f targetFields
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, nil, awserr.New(awserr.Serialization, "Target is not a valid Target structure.")
	}
	if !validARN(f.Arn) {
		return f, nil, awserr.Validationf("Parameter %s is not valid. Reason: Provided Arn is not in correct format.", f.Arn)
	}
	if err := supports(f.Arn); err != nil {
		return f, nil, awserr.Validationf("Parameter %s is not valid. Reason: %s", f.Arn, err.Error())
	}
	spec := transform.Target{Input: f.Input, InputPath: f.InputPath}
	if f.InputTransformer != nil {
		spec.InputTemplate = f.InputTransformer.InputTemplate
		spec.InputPathsMap = f.InputTransformer.InputPathsMap
		if spec.InputPathsMap == nil {
			spec.InputPathsMap = map[string]string{}
		}
	}
	tr, err := transform.Compile(spec)
	if err != nil {
		var te *transform.Error
		if errors.As(err, &te) {
			return f, nil, awserr.Validationf("%s", te.Message(f.Id))
		}
		return f, nil, awserr.Validationf("Target %s: %s", f.Id, err.Error())
	}
	ct := &compiledTarget{id: f.Id, arn: f.Arn, transformer: tr, spec: delivery.TargetSpec{RoleArn: f.RoleArn}}
	if f.DeadLetterConfig != nil && f.DeadLetterConfig.Arn != "" {
		if !strings.HasPrefix(f.DeadLetterConfig.Arn, "arn:aws:sqs:") {
			return f, nil, awserr.Validationf("The dead-letter queue of target %s must be an SQS queue ARN.", f.Id)
		}
		ct.spec.DeadLetterArn = f.DeadLetterConfig.Arn
	}
	if f.RetryPolicy != nil {
		p := delivery.DefaultRetryPolicy
		if f.RetryPolicy.MaximumRetryAttempts != nil {
			p.MaximumRetryAttempts = *f.RetryPolicy.MaximumRetryAttempts
		}
		if f.RetryPolicy.MaximumEventAgeInSeconds != nil {
			p.MaximumEventAge = time.Duration(*f.RetryPolicy.MaximumEventAgeInSeconds) * time.Second
		}
		ct.spec.RetryPolicy = &p
	}
	if strings.HasPrefix(f.Arn, "arn:aws:sqs:") && strings.HasSuffix(f.Arn, ".fifo") {
		if f.SqsParameters == nil || f.SqsParameters.MessageGroupId == "" {
			return f, nil, awserr.Validationf("Parameter(s) SqsParameters must be specified for target: %s.", f.Id)
		}
	}
	if f.SqsParameters != nil {
		ct.spec.MessageGroupID = f.SqsParameters.MessageGroupId
	}
	if f.KinesisParameters != nil && f.KinesisParameters.PartitionKeyPath != "" {
		p, err := transform.CompilePath(f.KinesisParameters.PartitionKeyPath)
		if err != nil {
			return f, nil, awserr.Validationf("PartitionKeyPath for target %s is not valid.", f.Id)
		}
		ct.partitionKey = p
	}
	ct.spec.HTTP = f.HttpParameters
	return f, ct, nil
}

// validARN is the shape AWS checks: arn:<partition>:<service>:<region>:<account>:<resource>.
func validARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && strings.HasPrefix(parts[1], "aws") && parts[2] != "" && parts[5] != ""
}

// PutTargetsInput adds or replaces targets of a rule.
type PutTargetsInput struct {
	Rule         string
	EventBusName string
	Targets      []json.RawMessage
}

// FailedTargetEntry is one target PutTargets or RemoveTargets could not change.
type FailedTargetEntry struct {
	TargetId     string `json:",omitempty"` //nolint:revive // wire name
	ErrorCode    string `json:",omitempty"`
	ErrorMessage string `json:",omitempty"`
}

// PutTargetsOutput reports per-target failures; validation failures are
// request errors, so it is empty on success.
type PutTargetsOutput struct {
	FailedEntryCount int
	FailedEntries    []FailedTargetEntry
}

// PutTargets adds targets to a rule or replaces them by Id. In one request
// a repeated Id takes its last definition, as on AWS.
func (s *Service) PutTargets(ctx context.Context, c Caller, in *PutTargetsInput) (*PutTargetsOutput, error) {
	incoming := make([]store.Target, 0, len(in.Targets))
	for _, raw := range in.Targets {
		f, _, err := compileTarget(raw, s.supports)
		if err != nil {
			return nil, err
		}
		compact, _ := json.Marshal(raw)
		incoming = slices.DeleteFunc(incoming, func(t store.Target) bool { return t.ID == f.Id })
		incoming = append(incoming, store.Target{ID: f.Id, Arn: f.Arn, Doc: compact})
	}
	var rule store.Rule
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		rule, err = s.loadRule(tx, c, in.EventBusName, in.Rule)
		if err != nil {
			return err
		}
		own := s.busARN(rule.Account, rule.Region, rule.Bus)
		for _, t := range incoming {
			// An event forwarded to the bus it is on matches the same rule
			// again, forever.
			if t.Arn == own {
				return awserr.Validationf("Target %s of rule %s is the event bus the rule is on: its events would loop forever.", t.ID, rule.Name)
			}
		}
		for _, t := range incoming {
			rule.Targets = slices.DeleteFunc(rule.Targets, func(old store.Target) bool { return old.ID == t.ID })
			rule.Targets = append(rule.Targets, t)
		}
		if len(rule.Targets) > maxTargetsPerRule {
			return awserr.New(awserr.LimitExceeded, "The requested resource exceeds the maximum number allowed.")
		}
		return tx.PutRule(rule)
	})
	if err != nil {
		return nil, err
	}
	s.routes.reload(ctx, rule.Account, rule.Region, rule.Bus, rule.Name)
	return &PutTargetsOutput{FailedEntries: []FailedTargetEntry{}}, nil
}

// RemoveTargetsInput names targets to remove from a rule.
type RemoveTargetsInput struct {
	Rule         string
	EventBusName string
	Ids          []string
	Force        bool
}

// RemoveTargets removes targets by Id; unknown Ids are ignored.
func (s *Service) RemoveTargets(ctx context.Context, c Caller, in *RemoveTargetsInput) (*PutTargetsOutput, error) {
	var rule store.Rule
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		rule, err = s.loadRule(tx, c, in.EventBusName, in.Rule)
		if err != nil {
			return err
		}
		rule.Targets = slices.DeleteFunc(rule.Targets, func(t store.Target) bool { return slices.Contains(in.Ids, t.ID) })
		return tx.PutRule(rule)
	})
	if err != nil {
		return nil, err
	}
	s.routes.reload(ctx, rule.Account, rule.Region, rule.Bus, rule.Name)
	return &PutTargetsOutput{FailedEntries: []FailedTargetEntry{}}, nil
}

// ListTargetsByRuleInput names a rule.
type ListTargetsByRuleInput struct {
	Rule         string
	EventBusName string
	NextToken    string
	Limit        int
}

// ListTargetsByRuleOutput is one page of a rule's targets, as they were put.
type ListTargetsByRuleOutput struct {
	Targets   []json.RawMessage
	NextToken string `json:",omitempty"`
}

// ListTargetsByRule lists a rule's targets ordered by Id.
func (s *Service) ListTargetsByRule(ctx context.Context, c Caller, in *ListTargetsByRuleInput) (*ListTargetsByRuleOutput, error) {
	var rule store.Rule
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		rule, err = s.loadRule(tx, c, in.EventBusName, in.Rule)
		return err
	})
	if err != nil {
		return nil, err
	}
	scope := "targets|" + c.Account + "|" + c.Region + "|" + rule.Bus + "|" + rule.Name
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	targets := slices.SortedFunc(slices.Values(rule.Targets), func(a, b store.Target) int { return strings.Compare(a.ID, b.ID) })
	out := &ListTargetsByRuleOutput{Targets: []json.RawMessage{}}
	limit := pageSize(in.Limit)
	last := ""
	for _, t := range targets {
		if t.ID <= after {
			continue
		}
		if len(out.Targets) == limit {
			out.NextToken = pageToken(scope, last)
			break
		}
		out.Targets = append(out.Targets, t.Doc)
		last = t.ID
	}
	return out, nil
}

// ListRuleNamesByTargetInput names a target ARN and a bus.
type ListRuleNamesByTargetInput struct {
	TargetArn    string
	EventBusName string
	NextToken    string
	Limit        int
}

// ListRuleNamesByTargetOutput is one page of rule names.
type ListRuleNamesByTargetOutput struct {
	RuleNames []string
	NextToken string `json:",omitempty"`
}

// ListRuleNamesByTarget lists the rules of a bus that have a target with exactly this ARN.
func (s *Service) ListRuleNamesByTarget(ctx context.Context, c Caller, in *ListRuleNamesByTargetInput) (*ListRuleNamesByTargetOutput, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	out := &ListRuleNamesByTargetOutput{RuleNames: []string{}}
	err := s.view(ctx, func(tx store.Tx) error {
		bus, err := s.busForRules(tx, c, in.EventBusName)
		if err != nil {
			return err
		}
		scope := "rule-names|" + c.Account + "|" + c.Region + "|" + bus.Name + "|" + in.TargetArn
		after, err := afterToken(scope, in.NextToken)
		if err != nil {
			return err
		}
		rules, err := tx.ListRules(store.RuleQuery{Account: c.Account, Region: c.Region, Bus: bus.Name, After: after})
		if err != nil {
			return err
		}
		limit := pageSize(in.Limit)
		for _, r := range rules {
			if !slices.ContainsFunc(r.Targets, func(t store.Target) bool { return t.Arn == in.TargetArn }) {
				continue
			}
			if len(out.RuleNames) == limit {
				out.NextToken = pageToken(scope, out.RuleNames[limit-1])
				break
			}
			out.RuleNames = append(out.RuleNames, r.Name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
