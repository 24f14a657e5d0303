// Package apidest delivers events to API destinations: the HTTP endpoints
// that EventBridge connections authorize, as AWS's API destinations do.
//
// For each job the sender looks the destination and its connection up
// again, so an updated endpoint, a rotated secret or a deauthorization
// takes effect on the next delivery. The request it sends:
//
//   - goes to the destination's InvocationEndpoint with its HttpMethod; each
//     `*` in the endpoint's path is replaced, in order, by the target's
//     HttpParameters.PathParameterValues (path-escaped);
//   - carries the target's HeaderParameters and QueryStringParameters and
//     the connection's InvocationHttpParameters; on a conflict the
//     connection's value wins, as AWS documents;
//   - has the job's payload as its body with Content-Type
//     application/json; charset=utf-8 (GET and HEAD send no body). The
//     connection's BodyParameters become members of the payload when it is
//     a JSON object;
//   - has User-Agent Amazon/EventBridge/ApiDestinations, and the
//     connection's credentials: the API key in its header, Basic
//     authorization, or an OAuth bearer token.
//
// OAuth tokens come from the connection's AuthorizationEndpoint with the
// client-credentials grant: the client ID and secret as Basic
// authorization, grant_type=client_credentials unless the connection's
// OAuthHttpParameters set it, and those parameters as headers, query and
// form body (query for GET). A token is reused until shortly before its
// expires_in, and fetched again once when the endpoint answers 401.
//
// Every request, token requests included, has five seconds to complete, as
// on AWS. Each destination's InvocationRateLimitPerSecond is a token bucket:
// a burst above it waits its turn, and a job that would have to wait past
// its context's deadline fails at once, to be retried later.
//
// Answers are classified as AWS documents for API destinations: 1xx, 2xx
// and 3xx are success (redirects are not followed); 401, 407, 409, 429,
// 5xx, timeouts and network errors are retried; any other 4xx fails for
// good (ERROR_CODE SDK_CLIENT_ERROR). A missing destination or connection
// (NO_RESOURCE) and a connection that is not AUTHORIZED (NO_PERMISSIONS)
// fail for good too.
package apidest
