package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

func TestRuleLifecycleOnAPartnerBus(t *testing.T) {
	ts := startServer(t)
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	offerAndAccept(t, partner, customer, sourceName)
	busARN := "arn:aws:events:us-east-1:" + customerAccount + ":event-bus/" + sourceName

	// A partner bus is addressed by name or by ARN; its rule ARN keeps the slashes.
	put := must[*eventbridge.PutRuleOutput](t)(customer.PutRule(ctx, &eventbridge.PutRuleInput{
		Name: aws.String("orders"), EventBusName: aws.String(busARN), EventPattern: aws.String(`{"source":[{"prefix":"aws.partner/"}]}`)}))
	if got, want := aws.ToString(put.RuleArn), "arn:aws:events:us-east-1:"+customerAccount+":rule/"+sourceName+"/orders"; got != want {
		t.Fatalf("RuleArn = %s, want %s", got, want)
	}
	must[*eventbridge.DisableRuleOutput](t)(customer.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	d := must[*eventbridge.DescribeRuleOutput](t)(customer.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	if d.State != types.RuleStateDisabled || aws.ToString(d.EventBusName) != sourceName || aws.ToString(d.CreatedBy) != customerAccount {
		t.Fatalf("described rule: %+v", d)
	}
	// PutRule replaces the whole rule: an omitted State is ENABLED again.
	must[*eventbridge.PutRuleOutput](t)(customer.PutRule(ctx, &eventbridge.PutRuleInput{
		Name: aws.String("orders"), EventBusName: aws.String(sourceName), EventPattern: aws.String(`{"detail-type":["x"]}`)}))
	d = must[*eventbridge.DescribeRuleOutput](t)(customer.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	if d.State != types.RuleStateEnabled {
		t.Fatalf("state after PutRule without State: %s", d.State)
	}

	target := types.Target{Id: aws.String("fwd"), Arn: aws.String("arn:aws:events:us-east-1:" + customerAccount + ":event-bus/default")}
	pt := must[*eventbridge.PutTargetsOutput](t)(customer.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule: aws.String("orders"), EventBusName: aws.String(sourceName), Targets: []types.Target{target}}))
	if pt.FailedEntryCount != 0 || pt.FailedEntries == nil {
		t.Fatalf("PutTargets: %+v", pt)
	}
	lt := must[*eventbridge.ListTargetsByRuleOutput](t)(customer.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{
		Rule: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	if len(lt.Targets) != 1 || aws.ToString(lt.Targets[0].Arn) != aws.ToString(target.Arn) {
		t.Fatalf("targets: %+v", lt.Targets)
	}
	names := must[*eventbridge.ListRuleNamesByTargetOutput](t)(customer.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{
		TargetArn: target.Arn, EventBusName: aws.String(sourceName)}))
	if len(names.RuleNames) != 1 || names.RuleNames[0] != "orders" {
		t.Fatalf("rule names by target: %v", names.RuleNames)
	}

	_, err := customer.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)})
	apiError(t, err, "ValidationException", "Rule can't be deleted since it has targets.")
	_, err = customer.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String(sourceName)})
	apiError(t, err, "ValidationException", "EventBus can't be deleted since it has rules.")
	must[*eventbridge.RemoveTargetsOutput](t)(customer.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{
		Rule: aws.String("orders"), EventBusName: aws.String(sourceName), Ids: []string{"fwd", "unknown"}}))
	must[*eventbridge.DeleteRuleOutput](t)(customer.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	// Deleting a missing rule on an existing bus is fine; on a missing bus it is not.
	must[*eventbridge.DeleteRuleOutput](t)(customer.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("orders"), EventBusName: aws.String(sourceName)}))
	_, err = customer.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("orders"), EventBusName: aws.String("nope")})
	apiError(t, err, "ResourceNotFoundException", "Event bus nope does not exist.")
}

func TestRuleAndTargetMistakesAnswerAWSMessages(t *testing.T) {
	ts := startServer(t)
	c := ts.client(customerAccount, "s")
	must[*eventbridge.PutRuleOutput](t)(c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["a"]}`)}))
	bus := "arn:aws:events:us-east-1:" + customerAccount + ":event-bus/elsewhere"
	own := "arn:aws:events:us-east-1:" + customerAccount + ":event-bus/default"
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"no pattern nor schedule", func() error {
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x")})
			return err
		}, "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified."},
		{"bad pattern", func() error {
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), EventPattern: aws.String(`{"source":[]}`)})
			return err
		}, "InvalidEventPatternException", "Event pattern is not valid. Reason: Empty arrays are not allowed"},
		{"rule on missing bus", func() error {
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), EventBusName: aws.String("nope"), EventPattern: aws.String(`{"source":["a"]}`)})
			return err
		}, "ResourceNotFoundException", "Event bus nope does not exist."},
		{"missing rule", func() error {
			_, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."},
		{"six targets", func() error {
			var ts []types.Target
			for _, id := range []string{"1", "2", "3", "4", "5", "6"} {
				ts = append(ts, types.Target{Id: aws.String(id), Arn: aws.String(bus)})
			}
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: ts})
			return err
		}, "LimitExceededException", "The requested resource exceeds the maximum number allowed."},
		{"input and input path", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{
				{Id: aws.String("t"), Arn: aws.String(bus), Input: aws.String(`{}`), InputPath: aws.String("$.detail")}}})
			return err
		}, "ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target t."},
		{"invalid placeholder", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{
				{Id: aws.String("t"), Arn: aws.String(bus), InputTransformer: &types.InputTransformer{
					InputPathsMap: map[string]string{"a": "$.detail.a"}, InputTemplate: aws.String(`{"b": <b>}`)}}}})
			return err
		}, "ValidationException", "InputTemplate for target t contains invalid placeholder b."},
		{"malformed arn", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{{Id: aws.String("t"), Arn: aws.String("queue")}}})
			return err
		}, "ValidationException", "Parameter queue is not valid. Reason: Provided Arn is not in correct format."},
		{"undeliverable target kind", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{
				{Id: aws.String("t"), Arn: aws.String("arn:aws:ec2:us-east-1:222222222222:instance/i-1")}}})
			return err
		}, "ValidationException", ""},
		{"a target that is the rule's own bus", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{{Id: aws.String("t"), Arn: aws.String(own)}}})
			return err
		}, "ValidationException", "Target t of rule r is the event bus the rule is on: its events would loop forever."},
		{"targets of a missing rule", func() error {
			_, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("nope"), Targets: []types.Target{{Id: aws.String("t"), Arn: aws.String(bus)}}})
			return err
		}, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."},
		{"schedule on a custom bus", func() error {
			if _, err := c.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("custom")}); err != nil {
				return err
			}
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), EventBusName: aws.String("custom"), ScheduleExpression: aws.String("rate(5 minutes)")})
			return err
		}, "ValidationException", "ScheduleExpression is supported only on the default event bus."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { apiError(t, tc.call(), tc.code, tc.msg) })
	}
}

func TestTestEventPattern(t *testing.T) {
	ts := startServer(t)
	c := ts.client(customerAccount, "s")
	event := `{"id":"1","account":"222222222222","source":"com.shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"Order","detail":{"total":42,"ip":"10.0.0.7"}}`
	cases := []struct {
		pattern string
		want    bool
	}{
		{`{"source":["com.shop"]}`, true},
		{`{"source":[{"prefix":"com."}],"detail":{"total":[{"numeric":[">",40,"<=",42]}]}}`, true},
		{`{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}`, true},
		{`{"detail":{"total":[{"numeric":["<",42]}]}}`, false},
		{`{"detail":{"missing":[{"exists":false}]}}`, true},
		{`{"$or":[{"source":["x"]},{"detail-type":["Order"]}]}`, true},
	}
	for _, tc := range cases {
		out := must[*eventbridge.TestEventPatternOutput](t)(c.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(tc.pattern), Event: aws.String(event)}))
		if out.Result != tc.want {
			t.Errorf("pattern %s: Result = %v, want %v", tc.pattern, out.Result, tc.want)
		}
	}
	_, err := c.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(`{"source":["a"]}`), Event: aws.String(`"not an event"`)})
	apiError(t, err, "ValidationException", "Parameter Event is not valid.")
	_, err = c.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: aws.String(`{"a":[{"numeric":[">","x"]}]}`), Event: aws.String(event)})
	apiError(t, err, "InvalidEventPatternException", "")
}
