package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/events"
)

// call runs one operation on a validated request body.
type call func(ctx context.Context, c events.Caller, body []byte) (any, error)

// operations is the operation table: each AWSEvents.<Name> that Bridgeport
// has built, mapped to its handler. Every other operation of the model
// answers UnsupportedOperationException naming it.
func operations(s *events.Service) map[string]call {
	ops := coreOperations(s)
	for name, fn := range connectionOperations(s) {
		ops[name] = fn
	}
	return ops
}

func coreOperations(s *events.Service) map[string]call {
	return map[string]call{
		// Partner side of the partner event source flow.
		"CreatePartnerEventSource":       bind(s.CreatePartnerEventSource),
		"DescribePartnerEventSource":     bind(s.DescribePartnerEventSource),
		"ListPartnerEventSources":        bind(s.ListPartnerEventSources),
		"ListPartnerEventSourceAccounts": bind(s.ListPartnerEventSourceAccounts),
		"DeletePartnerEventSource":       bind(s.DeletePartnerEventSource),
		"PutPartnerEvents":               bind(s.PutPartnerEvents),
		// Customer side.
		"ListEventSources":      bind(s.ListEventSources),
		"DescribeEventSource":   bind(s.DescribeEventSource),
		"ActivateEventSource":   bind(s.ActivateEventSource),
		"DeactivateEventSource": bind(s.DeactivateEventSource),
		// Event buses.
		"CreateEventBus":   bind(s.CreateEventBus),
		"DescribeEventBus": bind(s.DescribeEventBus),
		"ListEventBuses":   bind(s.ListEventBuses),
		"DeleteEventBus":   bind(s.DeleteEventBus),
		"UpdateEventBus":   bind(s.UpdateEventBus),
		"PutPermission":    bind(s.PutPermission),
		"RemovePermission": bind(s.RemovePermission),
		// Rules and targets.
		"PutRule":               bind(s.PutRule),
		"DescribeRule":          bind(s.DescribeRule),
		"ListRules":             bind(s.ListRules),
		"DeleteRule":            bind(s.DeleteRule),
		"EnableRule":            bind(s.EnableRule),
		"DisableRule":           bind(s.DisableRule),
		"PutTargets":            bind(s.PutTargets),
		"RemoveTargets":         bind(s.RemoveTargets),
		"ListTargetsByRule":     bind(s.ListTargetsByRule),
		"ListRuleNamesByTarget": bind(s.ListRuleNamesByTarget),
		// Events.
		"PutEvents":        bind(s.PutEvents),
		"TestEventPattern": bind(s.TestEventPattern),
	}
}

// bind adapts a typed domain operation to the table. The body has already
// passed model validation, so a decoding failure here can only be a value
// the model types loosely (a timestamp string that is not RFC 3339).
func bind[In, Out any](fn func(context.Context, events.Caller, *In) (*Out, error)) call {
	return func(ctx context.Context, c events.Caller, body []byte) (any, error) {
		in := new(In)
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, in); err != nil {
				return nil, awserr.New(awserr.Serialization, "%s", serializationMessage(err))
			}
		}
		return fn(ctx, c, in)
	}
}

func serializationMessage(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "Unexpected value type at '" + te.Field + "'."
	}
	return err.Error()
}
