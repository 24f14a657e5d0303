package events

import "strings"

const defaultBusName = "default"

// sourceARN is the ARN of a partner event source. Its account field is
// empty, and the name already carries the aws.partner/ prefix.
func (s *Service) sourceARN(region, name string) string {
	return "arn:" + s.opts.Partition + ":events:" + region + "::event-source/" + name
}

func (s *Service) busARN(account, region, name string) string {
	return "arn:" + s.opts.Partition + ":events:" + region + ":" + account + ":event-bus/" + name
}

// createdBy is the first two segments of a partner source name,
// aws.partner/<partner_name>, as AWS reports it.
func createdBy(sourceName string) string {
	rest := strings.TrimPrefix(sourceName, "aws.partner/")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return "aws.partner/" + rest
}

// partnerOf is the partner name segment of a source name.
func partnerOf(sourceName string) string {
	return strings.TrimPrefix(createdBy(sourceName), "aws.partner/")
}

// busRef is a bus named by name or ARN, resolved for a caller.
type busRef struct {
	name string
	// foreign is true when an ARN names another account or region: such a
	// bus is reported as not found rather than silently replaced by the
	// caller's bus of the same name.
	foreign bool
}

// resolveBus reads an EventBusNameOrArn value. The bus name is everything
// after ":event-bus/", since partner bus names contain slashes.
func (s *Service) resolveBus(c Caller, nameOrARN string) busRef {
	if nameOrARN == "" {
		return busRef{name: defaultBusName}
	}
	if !strings.HasPrefix(nameOrARN, "arn:") {
		return busRef{name: nameOrARN}
	}
	i := strings.Index(nameOrARN, ":event-bus/")
	if i < 0 {
		return busRef{name: nameOrARN, foreign: true}
	}
	name := nameOrARN[i+len(":event-bus/"):]
	// arn:partition:events:region:account
	parts := strings.SplitN(nameOrARN[:i], ":", 5)
	foreign := len(parts) != 5 || parts[1] != s.opts.Partition || parts[3] != c.Region || parts[4] != c.Account
	return busRef{name: name, foreign: foreign}
}
