package auth

import (
	"net/http"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// The texts below are AWS's own, so that a client or a person comparing
// Bridgeport with the real service sees the same words.
const (
	msgMissingToken       = "Missing Authentication Token"
	msgUnrecognizedClient = "The security token included in the request is invalid."
	msgSignatureMismatch  = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgContentSHA256      = "The provided 'x-amz-content-sha256' header does not match what was computed."
)

// maxEchoedHeader bounds how much of a malformed Authorization header an
// error message repeats back, as AWS does, to the client.
const maxEchoedHeader = 512

func errMissingToken() *awserr.Error {
	return &awserr.Error{Code: awserr.MissingAuthenticationToken, Message: msgMissingToken, Status: http.StatusForbidden}
}

func errUnrecognizedClient() *awserr.Error {
	return awserr.New(awserr.UnrecognizedClient, msgUnrecognizedClient)
}

func errSignatureMismatch() *awserr.Error {
	return awserr.New(awserr.InvalidSignature, msgSignatureMismatch)
}

func errInvalidSignature(format string, args ...any) *awserr.Error {
	return awserr.New(awserr.InvalidSignature, format, args...)
}

// errIncomplete is an IncompleteSignatureException listing every problem,
// followed by the header it was found in, in the form AWS uses:
// "Authorization header requires 'Credential' parameter. Authorization=...".
func errIncomplete(problems []string, header string) *awserr.Error {
	if len(header) > maxEchoedHeader {
		header = header[:maxEchoedHeader] + "..."
	}
	return &awserr.Error{Code: awserr.IncompleteSignature, Status: http.StatusBadRequest,
		Message: strings.Join(problems, " ") + " Authorization=" + header}
}
