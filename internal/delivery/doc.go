// Package delivery takes matched events to their targets at least once:
// a durable queue of (event, target) jobs, a retry schedule with
// exponential backoff and jitter under each target's RetryPolicy, dead
// letters when the policy runs out, and one sender per kind of target.
package delivery
