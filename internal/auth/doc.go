// Package auth decides who made an API request: it verifies AWS Signature
// Version 4 and turns the request's credentials into a Principal (account,
// region, partner name).
//
// The verifier runs in one of two modes.
//
// Open mode (NewOpen) is the default, for a server without an identity file.
// Signatures are not checked, because there are no secrets to check them
// against; the caller only names itself. The account is the access key ID of
// the credential scope when that is exactly 12 digits (the LocalStack
// convention, so two SDK profiles with keys 111111111111 and 222222222222 act
// as two accounts), otherwise the configured default account. The region is
// the one in the credential scope, or the default when the request carries
// none: unsigned requests (curl without --aws-sigv4) and SigV4a requests,
// whose scope has no region. Any account may act as any partner.
//
// Strict mode (NewStrict) is used when an identity file names the accounts,
// their access keys and the partner name each one owns. Every request must
// carry a valid signature from a configured key, in the Authorization header
// or as a presigned query string: SigV4 (AWS4-HMAC-SHA256) or, for PutEvents
// with an EndpointId, SigV4a (AWS4-ECDSA-P256-SHA256). The canonical request
// is rebuilt from the headers exactly as the client listed them in
// SignedHeaders; a signed header the client did not send counts as empty,
// because libcurl signs an "Expect:" header that it then leaves off the wire.
// A signature dated more than 15 minutes from the server clock, in either
// direction, is rejected as AWS does. The errors are AWS's: a request without
// credentials is MissingAuthenticationTokenException (HTTP 403), an unknown
// key UnrecognizedClientException, a malformed Authorization header
// IncompleteSignatureException, and a wrong or expired signature
// InvalidSignatureException.
//
// The identity file is YAML (JSON is accepted, being YAML too):
//
//	accounts:
//	  - id: "111111111111"
//	    partner_name: acme.com
//	    keys:
//	      - access_key_id: AKIAACMEEXAMPLE
//	        secret_access_key: acme-secret
//	  - id: "222222222222"
//	    keys:
//	      - access_key_id: AKIACUSTOMEREXAMPLE
//	        secret_access_key: customer-secret
package auth
