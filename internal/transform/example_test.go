package transform_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/bridgeport/bridgeport/internal/transform"
)

func Example() {
	event := []byte(`{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602",` +
		`"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",` +
		`"account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",` +
		`"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],` +
		`"detail":{"instance-id":"i-0123456789","state":"RUNNING"}}`)

	tr, err := transform.Compile(transform.Target{
		InputPathsMap: map[string]string{
			"instance": "$.detail.instance-id",
			"state":    "$.detail.state",
			"resource": "$.resources[0]",
			"reason":   "$.detail.reason", // not in this event
		},
		InputTemplate: `{"instance": <instance>, "message": "<instance> is in state <state>", ` +
			`"resource": <resource>, "reason": <reason>, "rule": <aws.events.rule-name>}`,
	})
	if err != nil {
		panic(err)
	}
	out, err := tr.Apply(event, transform.Context{
		RuleArn:       "arn:aws:events:us-east-1:123456789012:rule/ec2-state",
		RuleName:      "ec2-state",
		IngestionTime: time.Date(2015, 11, 11, 21, 29, 55, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"instance": "i-0123456789", "message": "i-0123456789 is in state RUNNING", "resource": "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111", "reason": "", "rule": "ec2-state"}
}

func ExampleError_Message() {
	_, err := transform.Compile(transform.Target{
		InputPathsMap: map[string]string{"instance": "$.detail.instance-id"},
		InputTemplate: `"<instance> is in state <state>"`,
	})
	var e *transform.Error
	if errors.As(err, &e) {
		// The caller knows the target's Id and sends a ValidationException.
		fmt.Println(e.Message("my-target"))
	}
	// Output:
	// InputTemplate for target my-target contains invalid placeholder state.
}

func ExamplePath_Lookup() {
	p, err := transform.CompilePath("$.detail['instance-id']")
	if err != nil {
		panic(err)
	}
	raw, found, err := p.Lookup([]byte(`{"detail":{"instance-id":"i-0123456789"}}`))
	fmt.Println(string(raw), found, err)
	// Output:
	// "i-0123456789" true <nil>
}
