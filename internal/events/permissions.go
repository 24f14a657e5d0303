package events

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// maxPolicyLength is AWS's 10 KB bus policy limit.
const maxPolicyLength = 10 * 1024

// policy is a bus resource policy, as IAM writes it.
type policy struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string          `json:"Sid,omitempty"`
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal,omitempty"`
	Action    json.RawMessage `json:"Action,omitempty"`
	Resource  json.RawMessage `json:"Resource,omitempty"`
	Condition json.RawMessage `json:"Condition,omitempty"`
}

// Condition restricts a "*" principal, as PutPermission takes it.
type Condition struct {
	Type  string
	Key   string
	Value string
}

// PutPermissionInput adds a statement to a bus policy, or sets the whole policy.
type PutPermissionInput struct {
	EventBusName string
	Action       string
	Principal    string
	StatementId  string //nolint:revive // wire name
	Condition    *Condition
	Policy       string
}

// PutPermission lets other accounts put events on one of the caller's buses.
func (s *Service) PutPermission(ctx context.Context, c Caller, in *PutPermissionInput) (*struct{}, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	name := in.EventBusName
	if name == "" {
		name = defaultBusName
	}
	err := s.update(ctx, func(tx store.Tx) error {
		bus, found, err := tx.GetBus(c.Account, c.Region, name)
		if err != nil {
			return err
		}
		if !found {
			return busNotFound(name)
		}
		var doc string
		if in.Policy != "" {
			var p policy
			if err := json.Unmarshal([]byte(in.Policy), &p); err != nil {
				return awserr.Validationf("Parameter Policy is not valid: it must be a JSON policy document.")
			}
			doc = in.Policy
		} else {
			if in.Action == "" || in.Principal == "" || in.StatementId == "" {
				return awserr.Validationf("Parameter(s) Action, Principal and StatementId must be specified when Policy is not.")
			}
			p := policy{Version: "2012-10-17"}
			if bus.Policy != "" {
				if err := json.Unmarshal([]byte(bus.Policy), &p); err != nil {
					return err
				}
			}
			st := statement{Sid: in.StatementId, Effect: "Allow", Action: mustJSON(in.Action),
				Resource: mustJSON(s.busARN(c.Account, c.Region, name))}
			if in.Principal == "*" {
				st.Principal = mustJSON("*")
			} else {
				st.Principal = mustJSON(map[string]string{"AWS": "arn:" + s.opts.Partition + ":iam::" + in.Principal + ":root"})
			}
			if in.Condition != nil {
				st.Condition = mustJSON(map[string]map[string]string{in.Condition.Type: {in.Condition.Key: in.Condition.Value}})
			}
			p.Statement = slices.DeleteFunc(p.Statement, func(old statement) bool { return old.Sid == in.StatementId })
			p.Statement = append(p.Statement, st)
			doc = string(mustJSON(p))
		}
		if len(doc) > maxPolicyLength {
			return awserr.New(awserr.PolicyLengthExceeded, "The policy is longer than the maximum of %d characters.", maxPolicyLength)
		}
		bus.Policy = doc
		bus.LastModifiedTime = s.now()
		return tx.PutBus(bus)
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}

// RemovePermissionInput removes one statement, or every one.
type RemovePermissionInput struct {
	StatementId          string //nolint:revive // wire name
	RemoveAllPermissions bool
	EventBusName         string
}

// RemovePermission revokes another account's permission to put events.
func (s *Service) RemovePermission(ctx context.Context, c Caller, in *RemovePermissionInput) (*struct{}, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	name := in.EventBusName
	if name == "" {
		name = defaultBusName
	}
	err := s.update(ctx, func(tx store.Tx) error {
		bus, found, err := tx.GetBus(c.Account, c.Region, name)
		if err != nil {
			return err
		}
		if !found {
			return busNotFound(name)
		}
		if in.RemoveAllPermissions {
			bus.Policy = ""
		} else {
			if in.StatementId == "" {
				return awserr.Validationf("Parameter StatementId must be specified unless RemoveAllPermissions is true.")
			}
			var p policy
			if bus.Policy != "" {
				if err := json.Unmarshal([]byte(bus.Policy), &p); err != nil {
					return err
				}
			}
			n := len(p.Statement)
			p.Statement = slices.DeleteFunc(p.Statement, func(st statement) bool { return st.Sid == in.StatementId })
			if len(p.Statement) == n {
				return awserr.NotFoundf("Statement with the provided id does not exist.")
			}
			bus.Policy = ""
			if len(p.Statement) > 0 {
				bus.Policy = string(mustJSON(p))
			}
		}
		bus.LastModifiedTime = s.now()
		return tx.PutBus(bus)
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}

// mayPutEvents reports whether account may put events on bus k: its own
// bus always, another's when the bus policy allows it.
func (s *Service) mayPutEvents(ctx context.Context, account string, k busKey) (bool, error) {
	if account == k.account {
		return true, nil
	}
	var bus store.Bus
	var found bool
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		bus, found, err = tx.GetBus(k.account, k.region, k.name)
		return err
	})
	if err != nil || !found || bus.Policy == "" {
		return false, err
	}
	var p policy
	if err := json.Unmarshal([]byte(bus.Policy), &p); err != nil {
		return false, nil
	}
	for _, st := range p.Statement {
		if st.Effect == "Allow" && actionAllows(st.Action, "events:PutEvents") && principalAllows(st.Principal, account) &&
			len(st.Condition) == 0 {
			// A statement with a Condition (an organization, say) cannot be
			// evaluated here: Bridgeport has no organizations, so it does
			// not grant access.
			return true, nil
		}
	}
	return false, nil
}

func actionAllows(raw json.RawMessage, action string) bool {
	for _, a := range stringOrList(raw) {
		if a == action || a == "events:*" || a == "*" {
			return true
		}
	}
	return false
}

func principalAllows(raw json.RawMessage, account string) bool {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return star == "*"
	}
	var p struct{ AWS json.RawMessage }
	if json.Unmarshal(raw, &p) != nil {
		return false
	}
	for _, who := range stringOrList(p.AWS) {
		if who == "*" || who == account || (strings.HasPrefix(who, "arn:") && strings.Contains(who, ":iam::"+account+":")) {
			return true
		}
	}
	return false
}

func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
