// Package awserr defines the API error value that every layer of Bridgeport
// returns and the protocol layer renders once, in the shape AWS clients parse:
// a JSON body {"__type": Code, "message": Message}, an X-Amzn-ErrorType header
// and an HTTP status.
package awserr

import (
	"fmt"
	"net/http"
)

// Error is an error meant for the client. Code is the short error name
// (no namespace prefix, so every SDK, paws included, reads it the same way).
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// New returns a client error (HTTP 400) with a formatted message.
func New(code, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Message: msg, Status: http.StatusBadRequest}
}

// The error codes Bridgeport answers with. Those ending in Exception are
// modelled shapes of the EventBridge API or well-known Coral errors.
const (
	AccessDenied                = "AccessDeniedException"
	ConcurrentModification      = "ConcurrentModificationException"
	IllegalStatus               = "IllegalStatusException"
	Internal                    = "InternalException"
	InvalidEventPattern         = "InvalidEventPatternException"
	InvalidState                = "InvalidStateException"
	LimitExceeded               = "LimitExceededException"
	ManagedRule                 = "ManagedRuleException"
	OperationDisabled           = "OperationDisabledException"
	PolicyLengthExceeded        = "PolicyLengthExceededException"
	ResourceAlreadyExists       = "ResourceAlreadyExistsException"
	ResourceNotFound            = "ResourceNotFoundException"
	Throttling                  = "ThrottlingException"
	Validation                  = "ValidationException"
	Serialization               = "SerializationException"
	UnknownOperation            = "UnknownOperationException"
	UnsupportedOperation        = "UnsupportedOperationException"
	MissingAuthenticationToken  = "MissingAuthenticationTokenException"
	UnrecognizedClient          = "UnrecognizedClientException"
	InvalidSignature            = "InvalidSignatureException"
	IncompleteSignature         = "IncompleteSignatureException"
	RequestEntityTooLarge       = "RequestEntityTooLargeException"
	NotAuthorizedForSourceEntry = "NotAuthorizedForSourceException"
)

// Validationf is a ValidationException with a formatted message.
func Validationf(format string, args ...any) *Error { return New(Validation, format, args...) }

// NotFoundf is a ResourceNotFoundException with a formatted message.
func NotFoundf(format string, args ...any) *Error { return New(ResourceNotFound, format, args...) }

// InternalError hides an internal failure from the client: the details go to
// the log, never into the response.
func InternalError() *Error {
	return &Error{Code: Internal, Message: "An internal error occurred.", Status: http.StatusInternalServerError}
}
