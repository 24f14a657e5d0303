package events

import (
	"context"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// apiDestinationActive is the only state Bridgeport reports: a destination
// whose connection is deauthorized stays ACTIVE on AWS too, and its
// deliveries fail.
const apiDestinationActive = "ACTIVE"

// defaultInvocationRate is AWS's InvocationRateLimitPerSecond when none is given.
const defaultInvocationRate = 300

func apiDestinationNotFound(name string) error {
	return awserr.NotFoundf("Failed to describe the api-destination(s). An api-destination '%s' does not exist.", name)
}

func (s *Service) apiDestinationARN(d store.APIDestination) string {
	return "arn:" + s.opts.Partition + ":events:" + d.Region + ":" + d.Account + ":api-destination/" + d.Name + "/" + d.ID
}

func (s *Service) loadAPIDestination(tx store.Tx, c Caller, name string) (store.APIDestination, error) {
	d, found, err := tx.GetAPIDestination(c.Account, c.Region, name)
	if err != nil {
		return store.APIDestination{}, err
	}
	if !found {
		return store.APIDestination{}, apiDestinationNotFound(name)
	}
	return d, nil
}

// CreateAPIDestinationInput creates an API destination.
type CreateAPIDestinationInput struct {
	Name                         string
	Description                  string
	ConnectionArn                string
	InvocationEndpoint           string
	HTTPMethod                   string `json:"HttpMethod"`
	InvocationRateLimitPerSecond int
}

// APIDestinationStateOutput is what CreateAPIDestination and
// UpdateAPIDestination answer.
type APIDestinationStateOutput struct {
	APIDestinationArn   string    `json:"ApiDestinationArn,omitempty"`
	APIDestinationState string    `json:"ApiDestinationState,omitempty"`
	CreationTime        Timestamp `json:",omitzero"`
	LastModifiedTime    Timestamp `json:",omitzero"`
}

func (s *Service) apiDestinationState(d store.APIDestination) *APIDestinationStateOutput {
	return &APIDestinationStateOutput{APIDestinationArn: s.apiDestinationARN(d), APIDestinationState: d.State,
		CreationTime: At(d.CreationTime), LastModifiedTime: At(d.LastModifiedTime)}
}

// CreateAPIDestination creates an HTTP endpoint that rules can target. Its
// connection must be one of the caller's, named by its current ARN.
func (s *Service) CreateAPIDestination(ctx context.Context, c Caller, in *CreateAPIDestinationInput) (*APIDestinationStateOutput, error) {
	if err := checkEndpoint("InvocationEndpoint", in.InvocationEndpoint); err != nil {
		return nil, err
	}
	now := s.now()
	d := store.APIDestination{Account: c.Account, Region: c.Region, Name: in.Name, ID: s.opts.NewID(),
		Description: in.Description, ConnectionArn: in.ConnectionArn, InvocationEndpoint: in.InvocationEndpoint,
		HTTPMethod: in.HTTPMethod, InvocationRateLimitPerSecond: in.InvocationRateLimitPerSecond,
		State: apiDestinationActive, CreationTime: now, LastModifiedTime: now}
	if d.InvocationRateLimitPerSecond == 0 {
		d.InvocationRateLimitPerSecond = defaultInvocationRate
	}
	err := s.update(ctx, func(tx store.Tx) error {
		if _, found, err := tx.GetAPIDestination(c.Account, c.Region, in.Name); err != nil || found {
			if err == nil {
				err = awserr.New(awserr.ResourceAlreadyExists, "An api-destination '%s' already exists.", in.Name)
			}
			return err
		}
		if _, err := s.connectionByARN(tx, c, in.ConnectionArn); err != nil {
			return err
		}
		return tx.PutAPIDestination(d)
	})
	if err != nil {
		return nil, err
	}
	return s.apiDestinationState(d), nil
}

// DescribeAPIDestinationInput names an API destination.
type DescribeAPIDestinationInput struct{ Name string }

// DescribeAPIDestinationOutput is one API destination.
type DescribeAPIDestinationOutput struct {
	APIDestinationArn            string    `json:"ApiDestinationArn,omitempty"`
	Name                         string    `json:",omitempty"`
	Description                  string    `json:",omitempty"`
	APIDestinationState          string    `json:"ApiDestinationState,omitempty"`
	ConnectionArn                string    `json:",omitempty"`
	InvocationEndpoint           string    `json:",omitempty"`
	HTTPMethod                   string    `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond int       `json:",omitempty"`
	CreationTime                 Timestamp `json:",omitzero"`
	LastModifiedTime             Timestamp `json:",omitzero"`
}

// DescribeAPIDestination returns one of the caller's API destinations.
func (s *Service) DescribeAPIDestination(ctx context.Context, c Caller, in *DescribeAPIDestinationInput) (*DescribeAPIDestinationOutput, error) {
	var d store.APIDestination
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		d, err = s.loadAPIDestination(tx, c, in.Name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DescribeAPIDestinationOutput{APIDestinationArn: s.apiDestinationARN(d), Name: d.Name,
		Description: d.Description, APIDestinationState: d.State, ConnectionArn: d.ConnectionArn,
		InvocationEndpoint: d.InvocationEndpoint, HTTPMethod: d.HTTPMethod,
		InvocationRateLimitPerSecond: d.InvocationRateLimitPerSecond,
		CreationTime:                 At(d.CreationTime), LastModifiedTime: At(d.LastModifiedTime)}, nil
}

// ListAPIDestinationsInput filters the caller's API destinations.
type ListAPIDestinationsInput struct {
	NamePrefix    string
	ConnectionArn string
	NextToken     string
	Limit         int
}

// APIDestination is one element of ListAPIDestinations.
type APIDestination struct {
	APIDestinationArn            string    `json:"ApiDestinationArn,omitempty"`
	Name                         string    `json:",omitempty"`
	APIDestinationState          string    `json:"ApiDestinationState,omitempty"`
	ConnectionArn                string    `json:",omitempty"`
	InvocationEndpoint           string    `json:",omitempty"`
	HTTPMethod                   string    `json:"HttpMethod,omitempty"`
	InvocationRateLimitPerSecond int       `json:",omitempty"`
	CreationTime                 Timestamp `json:",omitzero"`
	LastModifiedTime             Timestamp `json:",omitzero"`
}

// ListAPIDestinationsOutput is one page of API destinations.
type ListAPIDestinationsOutput struct {
	APIDestinations []APIDestination `json:"ApiDestinations"`
	NextToken       string           `json:",omitempty"`
}

// ListAPIDestinations lists the caller's API destinations in name order,
// optionally only those of one connection.
func (s *Service) ListAPIDestinations(ctx context.Context, c Caller, in *ListAPIDestinationsInput) (*ListAPIDestinationsOutput, error) {
	scope := "api-destinations|" + c.Account + "|" + c.Region + "|" + in.NamePrefix + "|" + in.ConnectionArn
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := pageSize(in.Limit)
	var ds []store.APIDestination
	err = s.view(ctx, func(tx store.Tx) error {
		ds, err = tx.ListAPIDestinations(store.APIDestinationQuery{Account: c.Account, Region: c.Region,
			NamePrefix: in.NamePrefix, ConnectionArn: in.ConnectionArn, After: after, Limit: limit + 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &ListAPIDestinationsOutput{APIDestinations: []APIDestination{}}
	if len(ds) > limit {
		ds = ds[:limit]
		out.NextToken = pageToken(scope, ds[limit-1].Name)
	}
	for _, d := range ds {
		out.APIDestinations = append(out.APIDestinations, APIDestination{APIDestinationArn: s.apiDestinationARN(d),
			Name: d.Name, APIDestinationState: d.State, ConnectionArn: d.ConnectionArn,
			InvocationEndpoint: d.InvocationEndpoint, HTTPMethod: d.HTTPMethod,
			InvocationRateLimitPerSecond: d.InvocationRateLimitPerSecond,
			CreationTime:                 At(d.CreationTime), LastModifiedTime: At(d.LastModifiedTime)})
	}
	return out, nil
}

// UpdateAPIDestinationInput changes an API destination. Members left out
// keep their value; Description given empty clears it.
type UpdateAPIDestinationInput struct {
	Name                         string
	Description                  *string
	ConnectionArn                string
	InvocationEndpoint           string
	HTTPMethod                   string `json:"HttpMethod"`
	InvocationRateLimitPerSecond int
}

// UpdateAPIDestination updates an API destination. A new connection must
// exist, as on creation.
func (s *Service) UpdateAPIDestination(ctx context.Context, c Caller, in *UpdateAPIDestinationInput) (*APIDestinationStateOutput, error) {
	if in.InvocationEndpoint != "" {
		if err := checkEndpoint("InvocationEndpoint", in.InvocationEndpoint); err != nil {
			return nil, err
		}
	}
	var d store.APIDestination
	err := s.update(ctx, func(tx store.Tx) error {
		var err error
		d, err = s.loadAPIDestination(tx, c, in.Name)
		if err != nil {
			return err
		}
		if in.ConnectionArn != "" && in.ConnectionArn != d.ConnectionArn {
			if _, err := s.connectionByARN(tx, c, in.ConnectionArn); err != nil {
				return err
			}
			d.ConnectionArn = in.ConnectionArn
		}
		if in.Description != nil {
			d.Description = *in.Description
		}
		d.InvocationEndpoint = firstSet(in.InvocationEndpoint, d.InvocationEndpoint)
		d.HTTPMethod = firstSet(in.HTTPMethod, d.HTTPMethod)
		if in.InvocationRateLimitPerSecond > 0 {
			d.InvocationRateLimitPerSecond = in.InvocationRateLimitPerSecond
		}
		d.LastModifiedTime = s.now()
		return tx.PutAPIDestination(d)
	})
	if err != nil {
		return nil, err
	}
	return s.apiDestinationState(d), nil
}

// DeleteAPIDestinationInput names an API destination.
type DeleteAPIDestinationInput struct{ Name string }

// DeleteAPIDestination deletes an API destination. Like AWS, it does not
// check for rules that target it: their deliveries then fail.
func (s *Service) DeleteAPIDestination(ctx context.Context, c Caller, in *DeleteAPIDestinationInput) (*struct{}, error) {
	err := s.update(ctx, func(tx store.Tx) error {
		if _, err := s.loadAPIDestination(tx, c, in.Name); err != nil {
			return err
		}
		return tx.DeleteAPIDestination(c.Account, c.Region, in.Name)
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}

// ResolveAPIDestination returns the destination and its connection (with
// secrets) for a target ARN, for the delivery layer. The connection's
// AuthParameters are the API's AuthParameters JSON, secrets included. A
// destination or connection that no longer exists, or was re-created
// under the same name (a new id), is a ResourceNotFoundException; the
// connection's state is the caller's to check.
func (s *Service) ResolveAPIDestination(ctx context.Context, arn string) (store.APIDestination, store.Connection, error) {
	account, region, name, id, ok := s.parseResourceARN(arn, "api-destination")
	if !ok {
		return store.APIDestination{}, store.Connection{}, awserr.NotFoundf("%s is not an API destination ARN.", arn)
	}
	owner := Caller{Account: account, Region: region}
	var d store.APIDestination
	var conn store.Connection
	err := s.view(ctx, func(tx store.Tx) error {
		var err error
		d, err = s.loadAPIDestination(tx, owner, name)
		if err != nil {
			return err
		}
		if d.ID != id {
			return apiDestinationNotFound(name)
		}
		conn, err = s.connectionByARN(tx, owner, d.ConnectionArn)
		return err
	})
	if err != nil {
		return store.APIDestination{}, store.Connection{}, err
	}
	return d, conn, nil
}
