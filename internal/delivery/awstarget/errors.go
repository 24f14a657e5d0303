package awstarget

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

// The ERROR_CODE values a permanent failure carries into a dead letter,
// modelled on the codes AWS EventBridge puts on its dead letters; the
// service's own error code stays in the message.
const (
	codeNotFound      = "RESOURCE_NOT_FOUND"
	codeNoPermissions = "NO_PERMISSIONS"
	codeClientError   = "SDK_CLIENT_ERROR"
)

// notFoundCodes are the services' ways of saying the target does not
// exist (SQS answers with either name depending on the protocol it speaks).
var notFoundCodes = map[string]bool{
	"QueueDoesNotExist":                       true,
	"AWS.SimpleQueueService.NonExistentQueue": true,
	"NotFound":                  true,
	"NotFoundException":         true,
	"ResourceNotFoundException": true,
	"StateMachineDoesNotExist":  true,
	"StateMachineDeleting":      true,
}

// deniedCodes say the credentials may not call the target. Retrying does not
// change a policy, so these go to the dead-letter queue at once, as AWS
// does with permission failures.
var deniedCodes = map[string]bool{
	"AccessDenied":                true,
	"AccessDeniedException":       true,
	"AuthorizationError":          true,
	"KmsAccessDenied":             true,
	"KMSAccessDenied":             true,
	"KMSAccessDeniedException":    true,
	"KmsAccessDeniedException":    true,
	"UnrecognizedClientException": true,
	"InvalidClientTokenId":        true,
	"MissingAuthenticationToken":  true,
}

// transientCodes are 4xx answers that a later attempt can succeed past, in
// addition to the SDK's own throttling and timeout codes: credentials that
// have since been refreshed, a resource busy with an update, a quota of
// running executions that drains.
var transientCodes = map[string]bool{
	"ExpiredToken":                            true,
	"ExpiredTokenException":                   true,
	"RequestExpired":                          true,
	"RequestTimeTooSkewed":                    true,
	"ResourceConflictException":               true,
	"ResourceInUseException":                  true,
	"SnapStartNotReadyException":              true,
	"ExecutionLimitExceeded":                  true,
	"OperationAbortedException":               true,
	"KmsThrottled":                            true,
	"KMSThrottling":                           true,
	"KMSThrottlingException":                  true,
	"KmsThrottlingException":                  true,
	"Throttled":                               true,
	"AWS.SimpleQueueService.RequestThrottled": true,
}

// classify turns the error of an SDK call into what the delivery layer
// needs: a *delivery.PermanentError when retrying cannot help, otherwise an
// ordinary error wrapped with what was being done.
//
// The mapping:
//   - a not-found code (queue, topic, function, stream, log group, state
//     machine) → permanent RESOURCE_NOT_FOUND;
//   - an access-denied or unknown-credentials code → permanent NO_PERMISSIONS;
//   - throttling, timeouts, expired credentials and the transient 4xx codes
//     above → retryable;
//   - any HTTP 5xx, 408 or 429, or an error the service marks as its own
//     fault → retryable;
//   - any other 4xx (validation, payload too large, invalid parameters) and
//     parameters the SDK rejects before sending → permanent SDK_CLIENT_ERROR;
//   - everything else, which means no answer was received (connection
//     refused, timeout, DNS, cancelled context) → retryable.
func classify(what string, err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		code := apiErr.ErrorCode()
		status := httpStatus(err)
		switch {
		case notFoundCodes[code]:
			return permanent(codeNotFound, what, apiErr)
		case deniedCodes[code]:
			return permanent(codeNoPermissions, what, apiErr)
		case transientCodes[code], isSDKRetryableCode(code):
			return fmt.Errorf("%s: %w", what, err)
		case status >= 500, status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
			return fmt.Errorf("%s: %w", what, err)
		case apiErr.ErrorFault() == smithy.FaultServer:
			return fmt.Errorf("%s: %w", what, err)
		case status >= 400, apiErr.ErrorFault() == smithy.FaultClient:
			return permanent(codeClientError, what, apiErr)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	var invalid smithy.InvalidParamsError
	if errors.As(err, &invalid) {
		return delivery.Permanentf(codeClientError, "%s: %v", what, invalid)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// permanent builds the dead letter's error: the AWS code and message are
// what a user needs to fix the target, the SDK's request plumbing is not.
func permanent(code, what string, apiErr smithy.APIError) error {
	return delivery.Permanentf(code, "%s: %s: %s", what, apiErr.ErrorCode(), apiErr.ErrorMessage())
}

// isSDKRetryableCode reports the codes the SDK's standard retryer treats as
// throttling or timeouts.
func isSDKRetryableCode(code string) bool {
	_, throttle := retry.DefaultThrottleErrorCodes[code]
	_, timeout := retry.DefaultRetryableErrorCodes[code]
	return throttle || timeout
}

// httpStatus is the status of the response err came from, 0 when there was
// none.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// apiErrorCode is the service's error code in err, "" when err carries none.
func apiErrorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}
