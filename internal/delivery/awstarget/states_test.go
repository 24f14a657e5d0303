package awstarget

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

func createStateMachine(t *testing.T, s *Sender, name string) string {
	t.Helper()
	out, err := s.sfnClient(testRegion).CreateStateMachine(testContext(t), &sfn.CreateStateMachineInput{
		Name:       aws.String(name),
		Definition: aws.String(`{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`),
		RoleArn:    aws.String("arn:aws:iam::123456789012:role/states"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.StateMachineArn)
}

func TestStepFunctionsStartsOneExecutionWithThePayloadAsInput(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	machine := createStateMachine(t, s, "fulfil-order")

	job := testJob(machine, "8d2f3c1e-0000-4000-8000-000000000008", "workflow")
	if err := s.Send(ctx, job); err != nil {
		t.Fatal(err)
	}
	// A retry of an attempt that succeeded unseen meets the running
	// execution with the same name and input.
	if err := s.Send(ctx, job); err != nil {
		t.Fatalf("retry: %v", err)
	}

	list, err := s.sfnClient(testRegion).ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(machine)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Executions) != 1 {
		t.Fatalf("state machine has %d executions, want 1", len(list.Executions))
	}
	exec := list.Executions[0]
	if got, want := aws.ToString(exec.Name), "8d2f3c1e-0000-4000-8000-000000000008_workflow"; got != want {
		t.Errorf("execution name = %s, want %s", got, want)
	}
	desc, err := s.sfnClient(testRegion).DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: exec.ExecutionArn})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(desc.Input) != string(job.Payload) {
		t.Errorf("execution input = %s, want %s", aws.ToString(desc.Input), job.Payload)
	}
}

func TestStepFunctionsExecutionAlreadyExistsIsSuccess(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	ctx := testContext(t)
	machine := createStateMachine(t, s, "already-started")

	job := testJob(machine, "8d2f3c1e-0000-4000-8000-000000000009", "workflow")
	if err := s.Send(ctx, job); err != nil {
		t.Fatal(err)
	}
	// Same name, different input: Step Functions answers
	// ExecutionAlreadyExists, which for a delivery means "done before".
	again := *job
	again.Payload = []byte(`{"changed":true}`)
	_, err := s.sfnClient(testRegion).StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(machine),
		Name:            aws.String(idempotencyKey(again.EventID, again.TargetID, maxExecutionName)),
		Input:           aws.String(string(again.Payload)),
	})
	if code := apiErrorCode(err); code != "ExecutionAlreadyExists" {
		t.Fatalf("premise: a second start with other input answers %q (%v), want ExecutionAlreadyExists", code, err)
	}
	if err := s.Send(ctx, &again); err != nil {
		t.Fatalf("second start: %v", err)
	}
	list, err := s.sfnClient(testRegion).ListExecutions(ctx, &sfn.ListExecutionsInput{StateMachineArn: aws.String(machine)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Executions) != 1 {
		t.Fatalf("state machine has %d executions, want 1", len(list.Executions))
	}
}

func TestStepFunctionsMissingStateMachineIsPermanentNotFound(t *testing.T) {
	s := newTestSender(motoEndpoint(t))
	job := testJob("arn:aws:states:us-east-1:123456789012:stateMachine:no-such-machine", "e1", "t1")
	wantPermanent(t, s.Send(testContext(t), job), codeNotFound)
}
