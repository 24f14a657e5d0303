package e2e

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// TestPartnerEventsReachAnSQSQueueThroughARule runs the whole chain:
// partner event -> customer partner bus -> rule -> input transformer -> SQS.
func TestPartnerEventsReachAnSQSQueueThroughARule(t *testing.T) {
	moto := needMoto(t)
	ts := startServer(t, withAWSEndpoint(moto))
	partner, customer := ts.client(partnerAccount, "s"), ts.client(customerAccount, "s")
	q := sqsClient(moto)
	queueARN, queueURL := createQueue(t, q, "orders-"+t.Name())
	offerAndAccept(t, partner, customer, sourceName)

	must[*eventbridge.PutRuleOutput](t)(customer.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big-orders"),
		EventBusName: aws.String(sourceName), EventPattern: aws.String(`{"detail":{"total":[{"numeric":[">=",100]}]}}`)}))
	must[*eventbridge.PutTargetsOutput](t)(customer.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big-orders"),
		EventBusName: aws.String(sourceName), Targets: []types.Target{{Id: aws.String("queue"), Arn: aws.String(queueARN),
			InputTransformer: &types.InputTransformer{InputPathsMap: map[string]string{"id": "$.detail.id", "acct": "$.account"},
				InputTemplate: aws.String(`{"order": <id>, "account": "<acct>", "rule": "<aws.events.rule-name>"}`)}}}}))

	put := must[*eventbridge.PutPartnerEventsOutput](t)(partner.PutPartnerEvents(ctx, &eventbridge.PutPartnerEventsInput{
		Entries: []types.PutPartnerEventsRequestEntry{
			{Source: aws.String(sourceName), DetailType: aws.String("Order"), Detail: aws.String(`{"id":"o-1","total":150}`)},
			{Source: aws.String(sourceName), DetailType: aws.String("Order"), Detail: aws.String(`{"id":"o-2","total":5}`)},
		}}))
	if put.FailedEntryCount != 0 {
		t.Fatalf("put: %+v", put.Entries)
	}
	msgs := receive(t, q, queueURL, 1)
	var got map[string]any
	if err := json.Unmarshal([]byte(msgs[0].Body), &got); err != nil {
		t.Fatalf("payload %q: %v", msgs[0].Body, err)
	}
	if got["order"] != "o-1" || got["account"] != customerAccount || got["rule"] != "big-orders" {
		t.Fatalf("payload: %v", got)
	}
}

// TestUndeliverableEventGoesToTheDeadLetterQueue: a target queue that does
// not exist fails for good, and the event lands on the target's DLQ with
// the attributes AWS sets.
func TestUndeliverableEventGoesToTheDeadLetterQueue(t *testing.T) {
	moto := needMoto(t)
	ts := startServer(t, withAWSEndpoint(moto))
	c := ts.client(customerAccount, "s")
	q := sqsClient(moto)
	dlqARN, dlqURL := createQueue(t, q, "dlq-"+t.Name())
	rule := must[*eventbridge.PutRuleOutput](t)(c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["com.shop"]}`)}))
	missing := "arn:aws:sqs:us-east-1:" + customerAccount + ":no-such-queue"
	must[*eventbridge.PutTargetsOutput](t)(c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []types.Target{{
		Id: aws.String("gone"), Arn: aws.String(missing), DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String(dlqARN)},
		RetryPolicy: &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(60)}}}}))
	put := must[*eventbridge.PutEventsOutput](t)(c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("com.shop"), DetailType: aws.String("Order"), Detail: aws.String(`{"id":7}`)}}}))
	msg := receive(t, q, dlqURL, 1)[0]
	var env map[string]any
	if err := json.Unmarshal([]byte(msg.Body), &env); err != nil || env["id"] != aws.ToString(put.Entries[0].EventId) {
		t.Fatalf("dead letter body %q: %v", msg.Body, err)
	}
	if msg.Attributes["RULE_ARN"] != aws.ToString(rule.RuleArn) || msg.Attributes["TARGET_ARN"] != missing ||
		msg.Attributes["ERROR_CODE"] == "" || msg.Attributes["ERROR_MESSAGE"] == "" {
		t.Fatalf("dead letter attributes: %v", msg.Attributes)
	}
}
