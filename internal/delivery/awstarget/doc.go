// Package awstarget delivers event payloads to AWS service targets (SQS,
// SNS, Lambda, Kinesis, Firehose, Step Functions, CloudWatch Logs) and dead
// letters to SQS queues, through the AWS SDK. With Config.Endpoint set,
// every call goes to one AWS-compatible endpoint instead, such as an
// emulator.
//
// # Addressing
//
// The target ARN names everything: the region of the call (one SDK client
// per service and region, created on first use) and the resource. Supports
// checks an ARN's shape when a target is put, so an ARN this package cannot
// deliver to is rejected with a message listing the kinds it can.
//
//	sqs       SendMessage to the queue URL derived from the ARN
//	          (<Endpoint>/<account>/<queue>, or the regional SQS endpoint);
//	          FIFO queues get SqsParameters.MessageGroupId and a
//	          deduplication id of "<event id>_<target id>"
//	sns       Publish to the topic ARN (FIFO topics as FIFO queues)
//	lambda    Invoke with InvocationType Event; a qualifier in the ARN is kept
//	kinesis   PutRecord to the stream name; the partition key is
//	          KinesisParameters' resolved value, else the event id
//	firehose  PutRecord to the delivery stream name, payload unchanged
//	states    StartExecution named "<event id>_<target id>"; an
//	          ExecutionAlreadyExists answer means an earlier attempt started
//	          it, and counts as success
//	logs      CreateLogStream named after the event id (already existing is
//	          fine), then PutLogEvents of one event: a stream per event
//
// Kinesis, Firehose and CloudWatch Logs take resource names, not ARNs, so
// for them the account in the ARN must be the one the credentials belong
// to. An idempotency key that is too long for its service, or built from
// unusual ids, is replaced by a hash of the event and target ids.
//
// The target's RoleArn is not assumed: every call is made with the
// credentials of Config.AWS, which must be allowed to reach the targets.
//
// # Retries and errors
//
// The SDK makes a single attempt per call: retries belong to the delivery
// layer, under the target's RetryPolicy. Errors are sorted for it:
//
//	RESOURCE_NOT_FOUND  permanent: queue, topic, function, stream, log group
//	                    or state machine does not exist
//	NO_PERMISSIONS      permanent: access denied, unknown credentials
//	SDK_CLIENT_ERROR    permanent: any other 4xx answer (validation, payload
//	                    too large, ...), a malformed ARN, a FIFO target
//	                    without a message group, a rejected log event
//	(retryable)         throttling, timeouts, expired credentials, resources
//	                    busy updating, 5xx, and any failure with no answer
//	                    (connection refused, DNS, cancelled context)
//
// A permanent error's message carries the service's own error code and
// message. Callers should bound each Send with a context deadline: the SDK's
// HTTP client sets none for a whole call.
package awstarget
