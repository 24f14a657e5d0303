package model

import (
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// validateBody decodes body and validates it as input of the operation.
func validateBody(t testing.TB, m *Model, operation, body string) *awserr.Error {
	t.Helper()
	op, ok := m.Operation(operation)
	if !ok {
		t.Fatalf("operation %s not found", operation)
	}
	input, err := Decode([]byte(body))
	if err != nil {
		t.Fatalf("Decode(%s): %v", body, err)
	}
	return op.Validate(input)
}

const namePattern = `Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`

func TestValidationMessagesMatchAWS(t *testing.T) {
	// A 65-character name that also breaks the pattern: the recorded
	// CreateConnection error shows it as <x>.
	long := strings.Repeat("n", 60) + " bad!"
	entry := `{"Source": "s", "DetailType": "d", "Detail": "{}"}`
	renderedEntry := "PutEventsRequestEntry(time=null, source=s, resources=null, detailType=d, detail={}, eventBusName=null, traceHeader=null)"

	tests := []struct {
		name, operation, body, message string
	}{
		{
			"pattern is a full match", "PutRule", `{"Name": "Invalid Name With Spaces!"}`,
			"1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy constraint: " + namePattern,
		},
		{
			// Same order as recorded from AWS: the model lists Name before
			// AuthorizationType, and a string's pattern before its length.
			"all violations in one message", "CreateConnection",
			`{"Name": "` + long + `", "AuthorizationType": "INVALID", "AuthParameters": {}}`,
			"3 validation errors detected: " +
				"Value '" + long + "' at 'name' failed to satisfy constraint: " + namePattern + "; " +
				"Value '" + long + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; " +
				"Value 'INVALID' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
		},
		{
			"list element member path", "PutTargets",
			`{"Rule": "r", "Targets": [{"Id": "!@#$@!#$", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}]}`,
			"1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: " + namePattern,
		},
		{
			"list length renders the list", "PutEvents",
			`{"Entries": [` + strings.Repeat(entry+",", 10) + entry + `]}`,
			"1 validation error detected: Value '[" + strings.Repeat(renderedEntry+", ", 10) + renderedEntry +
				"]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
		},
		{
			"missing required member", "DescribeRule", `{}`,
			"1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
		},
	}
	m := mustLoad(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validateBody(t, m, tc.operation, tc.body)
			if err == nil {
				t.Fatal("valid, want a ValidationException")
			}
			if err.Code != awserr.Validation || err.Status != 400 || err.Message != tc.message {
				t.Errorf("got %s (%d): %s\nwant ValidationException (400): %s", err.Code, err.Status, err.Message, tc.message)
			}
		})
	}
}

func TestConstraintViolations(t *testing.T) {
	tests := []struct {
		name, operation, body string
		violations            []string // each "<value> at '<path>' ... <phrase>" in order
	}{
		{"the example of the package documentation", "PutTargets", `{"Rule": "bad name"}`,
			[]string{
				"Value 'bad name' at 'rule' failed to satisfy constraint: " + namePattern,
				"Value null at 'targets' failed to satisfy constraint: Member must not be null",
			}},
		{"limit below 1", "ListRules", `{"Limit": 0}`,
			[]string{"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}},
		{"limit above 100", "ListRules", `{"Limit": 101}`,
			[]string{"Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"}},
		{"ListEndpoints pages with MaxResults", "ListEndpoints", `{"MaxResults": 101}`,
			[]string{"Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"}},
		{"integer below its minimum", "CreateArchive", `{"ArchiveName": "a", "EventSourceArn": "arn:aws:events:us-east-1:123456789012:event-bus/b", "RetentionDays": -1}`,
			[]string{"Value '-1' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0"}},
		{"enum", "PutRule", `{"Name": "r", "State": "enabled"}`,
			[]string{"Value 'enabled' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"}},
		{"empty string breaks pattern then minimum length", "DescribeRule", `{"Name": ""}`,
			[]string{
				"Value '' at 'name' failed to satisfy constraint: " + namePattern,
				"Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
			}},
		{"required members of a list element", "PutTargets", `{"Rule": "r", "Targets": [{}]}`,
			[]string{
				"Value null at 'targets.1.member.id' failed to satisfy constraint: Member must not be null",
				"Value null at 'targets.1.member.arn' failed to satisfy constraint: Member must not be null",
			}},
		{"required member deep inside a list element", "PutTargets",
			`{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x"}, {"Id": "b", "Arn": "x", "InputTransformer": {}}]}`,
			[]string{"Value null at 'targets.2.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null"}},
		{"integer inside nested structures", "PutTargets",
			`{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "RetryPolicy": {"MaximumEventAgeInSeconds": 59}}]}`,
			[]string{"Value '59' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"}},
		{"element of a list of strings", "RemoveTargets", `{"Rule": "r", "Ids": ["a", "b", "bad id"]}`,
			[]string{"Value 'bad id' at 'ids.3.member' failed to satisfy constraint: " + namePattern}},
		{"list below its minimum length", "RemoveTargets", `{"Rule": "r", "Ids": []}`,
			[]string{"Value '[]' at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		{"map keys and values", "PutTargets",
			`{"Rule": "r", "Targets": [{"Id": "a", "Arn": "x", "InputTransformer": {"InputTemplate": "t", "InputPathsMap": {"ok": "` + strings.Repeat("p", 257) + `", "bad key": "$.x"}}}]}`,
			[]string{
				`Value 'bad key' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [A-Za-z0-9\_\-]+]`,
				"Value '" + strings.Repeat("p", 257) + "' at 'targets.1.member.inputTransformer.inputPathsMap.ok' failed to satisfy constraint: Member must have length less than or equal to 256",
			}},
		{"sensitive values are not echoed", "CreateConnection",
			`{"Name": "c", "AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "secret\u0001"}}}`,
			[]string{"Value '***' at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: " +
				`Member must satisfy regular expression pattern: ^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$`}},
		{"length counts code points, not bytes", "PutRule", `{"Name": "r", "Description": "` + strings.Repeat("é", 513) + `"}`,
			[]string{"Value '" + strings.Repeat("é", 513) + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 512"}},
		{"null is absent", "DescribeRule", `{"Name": null}`,
			[]string{"Value null at 'name' failed to satisfy constraint: Member must not be null"}},
	}
	m := mustLoad(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validateBody(t, m, tc.operation, tc.body)
			if err == nil {
				t.Fatal("valid, want a ValidationException")
			}
			count := "1 validation error detected: "
			if len(tc.violations) > 1 {
				count = string(rune('0'+len(tc.violations))) + " validation errors detected: "
			}
			want := count + strings.Join(tc.violations, "; ")
			if err.Code != awserr.Validation || err.Message != want {
				t.Errorf("got %s: %s\nwant ValidationException: %s", err.Code, err.Message, want)
			}
		})
	}
}

func TestValidInputsPass(t *testing.T) {
	tests := []struct {
		name, operation, body string
	}{
		{"no members at all", "ListRules", `{}`},
		{"null optional members", "ListRules", `{"Limit": null, "NamePrefix": null}`},
		{"unknown members are ignored", "ListRules", `{"Limit": 5, "Unknown": {"Deep": [1, "x", null]}, "limit": "lowercase is another member"}`},
		{"limit at its bounds", "ListRules", `{"Limit": 1, "NextToken": "t"}`},
		{"code points up to the maximum", "PutRule", `{"Name": "r", "Description": "` + strings.Repeat("😀", 512) + `"}`},
		{"timestamps as integer, float and RFC 3339", "PutEvents",
			`{"Entries": [{"Time": 1700000000}, {"Time": 1700000000.123}, {"Time": "2023-11-14T22:13:20.5Z"}, {"Time": "2023-11-14T23:13:20+01:00"}]}`},
		{"partner event source", "CreatePartnerEventSource", `{"Name": "aws.partner/saas.com/123/app", "Account": "123456789012"}`},
		{"a full target", "PutTargets", `{"Rule": "r", "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/b", "Targets": [
			{"Id": "t1", "Arn": "arn:aws:sqs:us-east-1:123456789012:q", "Input": "{}",
			 "InputTransformer": {"InputPathsMap": {"src": "$.source"}, "InputTemplate": "<src>"},
			 "HttpParameters": {"PathParameterValues": ["v"], "HeaderParameters": {"X-Key": "value"}, "QueryStringParameters": {"q": "1"}},
			 "RetryPolicy": {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60}}]}`},
		{"booleans", "RemoveTargets", `{"Rule": "r", "Ids": ["a"], "Force": false}`},
	}
	m := mustLoad(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateBody(t, m, tc.operation, tc.body); err != nil {
				t.Errorf("got %v, want valid", err)
			}
		})
	}
}

func TestValidInputDoesNotAllocate(t *testing.T) {
	m := mustLoad(t)
	op, _ := m.Operation("PutTargets")
	input, err := Decode([]byte(`{"Rule": "r", "Targets": [{"Id": "t1", "Arn": "arn:aws:sqs:us-east-1:123456789012:q",
		"RetryPolicy": {"MaximumRetryAttempts": 3}, "HttpParameters": {"PathParameterValues": ["v"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = op.Validate(input) }); allocs != 0 {
		t.Errorf("Validate allocated %v times for a valid input, want 0", allocs)
	}
}

func BenchmarkValidatePutEvents(b *testing.B) {
	m := mustLoad(b)
	op, _ := m.Operation("PutEvents")
	entry := `{"Time": 1700000000, "Source": "com.example", "DetailType": "d", "Detail": "{\"a\":1}", "Resources": ["r1"], "EventBusName": "bus"}`
	input, err := Decode([]byte(`{"Entries": [` + strings.Repeat(entry+",", 9) + entry + `]}`))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := op.Validate(input); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckStripsMembersTheModelDoesNotKnow(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	op, _ := m.Operation("PutPartnerEvents")
	input, apiErr := Decode([]byte(`{"Entries":[{"Source":"aws.partner/a/b","source":"not validated","Extra":1}],"entries":[]}`))
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	stripped, apiErr := op.Check(input)
	if apiErr != nil || !stripped {
		t.Fatalf("Check = %v, %v; want stripped and valid", stripped, apiErr)
	}
	entry := input["Entries"].([]any)[0].(map[string]any)
	if _, ok := input["entries"]; ok || len(entry) != 1 || entry["Source"] != "aws.partner/a/b" {
		t.Fatalf("after Check: %v", input)
	}
	clean, _ := Decode([]byte(`{"Entries":[{"Source":"aws.partner/a/b"}]}`))
	if stripped, _ := op.Check(clean); stripped {
		t.Fatal("Check reported stripping on an input with only known members")
	}
}
