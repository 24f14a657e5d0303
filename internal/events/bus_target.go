package events

import (
	"context"
	"strings"

	"github.com/bridgeport/bridgeport/internal/delivery"
)

// BusSender delivers to event buses named as rule targets, in this or
// another account: the event is put on the target bus, keeping its id and
// account, and routed by that bus's rules.
func (s *Service) BusSender() delivery.Sender { return busSender{s} }

type busSender struct{ s *Service }

func (b busSender) Send(ctx context.Context, job *delivery.Job) error {
	s := b.s
	a, ok := parseBusARN(job.TargetArn)
	if !ok {
		return delivery.Permanentf("SDK_CLIENT_ERROR", "%s is not an event bus ARN", job.TargetArn)
	}
	k := busKey{a.account, a.region, a.name}
	if job.Account != k.account {
		allowed, err := s.mayPutEvents(ctx, job.Account, k)
		if err != nil {
			return err
		}
		if !allowed {
			return delivery.Permanentf("NotAuthorizedForSourceException",
				"account %s is not allowed to put events on %s by that bus's policy", job.Account, job.TargetArn)
		}
	}
	// Routing needs no store read: a bus with no matching rule (or no bus
	// at all) takes the event and drops it, as PutEvents does.
	jobs := s.route([]accepted{{bus: k, id: job.EventID, envelope: job.Event, at: s.now()}})
	return s.enqueue(ctx, jobs)
}

// TargetKind says who delivers to a target ARN.
type TargetKind int

// The kinds of target.
const (
	// TargetAWS is another AWS service's resource (SQS, SNS, Lambda, ...).
	TargetAWS TargetKind = iota
	// TargetBus is an event bus.
	TargetBus
	// TargetAPIDestination is an API destination.
	TargetAPIDestination
	// TargetUnsupported is an EventBridge resource that is no target.
	TargetUnsupported
)

// KindOf classifies a target ARN. PutTargets and the delivery dispatcher
// both use it, so that a target accepted is a target delivered.
func KindOf(arn string) TargetKind {
	if arnService(arn) != "events" {
		return TargetAWS
	}
	switch {
	case strings.Contains(arn, ":event-bus/"):
		return TargetBus
	case strings.Contains(arn, ":api-destination/"):
		return TargetAPIDestination
	}
	return TargetUnsupported
}

// supports says whether Bridgeport can deliver to a target ARN, so that
// PutTargets refuses what would otherwise be silently dropped.
func (s *Service) supports(arn string) error {
	switch KindOf(arn) {
	case TargetBus, TargetAPIDestination:
		return nil
	case TargetAWS:
		if s.opts.Targets != nil {
			return s.opts.Targets(arn)
		}
	}
	return errUnsupportedTarget
}

var errUnsupportedTarget = unsupportedTarget{}

type unsupportedTarget struct{}

func (unsupportedTarget) Error() string {
	return "Bridgeport cannot deliver to this kind of target. It delivers to event buses, API destinations, and SQS, SNS, Lambda, Kinesis, Firehose, Step Functions and CloudWatch Logs ARNs."
}

func arnService(arn string) string {
	_, rest, ok := strings.Cut(arn, ":")
	if !ok {
		return ""
	}
	if _, rest, ok = strings.Cut(rest, ":"); !ok {
		return ""
	}
	service, _, _ := strings.Cut(rest, ":")
	return service
}
