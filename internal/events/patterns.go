package events

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/pattern"
)

// compilePattern parses an event pattern, answering AWS's
// InvalidEventPatternException text for a bad one.
func compilePattern(src string) (*pattern.Pattern, error) {
	p, err := pattern.Parse(src)
	if err != nil {
		var pe *pattern.Error
		if errors.As(err, &pe) {
			return nil, awserr.New(awserr.InvalidEventPattern, "Event pattern is not valid. Reason: %s", pe.Reason)
		}
		return nil, awserr.New(awserr.InvalidEventPattern, "Event pattern is not valid. Reason: %s", err.Error())
	}
	return p, nil
}

// TestEventPatternInput is a pattern and a sample event to match it against.
type TestEventPatternInput struct {
	EventPattern string
	Event        string
}

// TestEventPatternOutput says whether the event matches.
type TestEventPatternOutput struct {
	Result bool
}

// requiredEventFields are the envelope members AWS requires of a sample
// event before it will test a pattern against it.
var requiredEventFields = []string{"id", "account", "source", "time", "region", "resources", "detail-type"}

// TestEventPattern matches a sample event against a pattern, as a rule would.
func (s *Service) TestEventPattern(_ context.Context, _ Caller, in *TestEventPatternInput) (*TestEventPatternOutput, error) {
	p, err := compilePattern(in.EventPattern)
	if err != nil {
		return nil, err
	}
	if !validSampleEvent(in.Event) {
		return nil, awserr.Validationf("Parameter Event is not valid.")
	}
	ok, err := p.Match([]byte(in.Event))
	if err != nil {
		return nil, awserr.Validationf("Parameter Event is not valid.")
	}
	return &TestEventPatternOutput{Result: ok}, nil
}

func validSampleEvent(event string) bool {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(event), &fields); err != nil {
		return false
	}
	for _, name := range requiredEventFields {
		if _, ok := fields[name]; !ok {
			return false
		}
	}
	return true
}
