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
	// account and region are the ARN's, when an ARN named them.
	account, region string
}

// busARN is the parts of an event bus ARN,
// arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME. The name is
// everything after ":event-bus/", since partner bus names contain slashes.
type busARN struct {
	partition, region, account, name string
}

// parseBusARN splits an event bus ARN; ok is false when arn is none.
func parseBusARN(arn string) (a busARN, ok bool) {
	i := strings.Index(arn, ":event-bus/")
	if i < 0 {
		return busARN{}, false
	}
	a.name = arn[i+len(":event-bus/"):]
	// arn:PARTITION:SERVICE:REGION:ACCOUNT, the account taking the rest.
	var parts [5]string
	rest := arn[:i]
	for k := range 4 {
		var found bool
		if parts[k], rest, found = strings.Cut(rest, ":"); !found {
			return a, false
		}
	}
	parts[4] = rest
	a.partition, a.region, a.account = parts[1], parts[3], parts[4]
	return a, true
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
	a, ok := parseBusARN(nameOrARN)
	switch {
	case a.name == "":
		return busRef{name: nameOrARN, foreign: true}
	case !ok:
		return busRef{name: a.name, foreign: true}
	}
	foreign := a.partition != s.opts.Partition || a.region != c.Region || a.account != c.Account
	return busRef{name: a.name, foreign: foreign, account: a.account, region: a.region}
}
