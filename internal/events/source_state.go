package events

import (
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// effective applies lazy expiry (T9) to a stored source as of now: a source
// PENDING past its ExpirationTime is gone, or DELETED if the customer still
// has the matching (deactivated) bus. The sweeper makes this permanent; until
// it runs, every read already sees the expired state.
func effective(src store.Source, found bool, now time.Time) (store.Source, bool) {
	if !found || src.State != store.StatePending || src.ExpirationTime.IsZero() || now.Before(src.ExpirationTime) {
		return src, found
	}
	if !src.BusExists {
		return store.Source{}, false
	}
	src.State = store.StateDeleted
	src.ExpirationTime = time.Time{}
	return src, true
}

func (s *Service) loadSource(tx store.Tx, region, name string) (store.Source, bool, error) {
	src, found, err := tx.GetSource(region, name)
	if err != nil {
		return store.Source{}, false, err
	}
	src, found = effective(src, found, s.now())
	return src, found, nil
}

// offeredTo loads a source as the customer sees it: only sources created for
// the caller's account exist for it.
func (s *Service) offeredTo(tx store.Tx, c Caller, name string) (store.Source, bool, error) {
	src, found, err := s.loadSource(tx, c.Region, name)
	if err != nil || !found || src.Account != c.Account {
		return store.Source{}, false, err
	}
	return src, true, nil
}

// ownedBy loads a source as its partner sees it: only sources the caller
// created and has not deleted exist for it.
func (s *Service) ownedBy(tx store.Tx, c Caller, name string) (store.Source, bool, error) {
	src, found, err := s.loadSource(tx, c.Region, name)
	if err != nil || !found || src.PartnerAccount != c.Account || src.State == store.StateDeleted {
		return store.Source{}, false, err
	}
	return src, true, nil
}

func (s *Service) pending(src store.Source) store.Source {
	src.State = store.StatePending
	src.ExpirationTime = s.now().Add(s.opts.PendingSourceTTL)
	return src
}

func active(src store.Source) store.Source {
	src.State = store.StateActive
	src.ExpirationTime = time.Time{}
	return src
}

// authorizePartner enforces project decision 2: in strict mode a partner may
// act only on sources under its own partner name, and only partner accounts
// may call partner operations. In open mode any account may act as any
// partner.
func (c Caller) authorizePartner(operation, resourceARN, sourceName string) error {
	if !c.Strict {
		return nil
	}
	if c.PartnerName == "" {
		return awserr.New(awserr.AccessDenied,
			"User: arn:aws:iam::%s:root is not authorized to perform: events:%s on resource: %s because account %s is not a registered partner",
			c.Account, operation, resourceARN, c.Account)
	}
	if sourceName != "" && partnerOf(sourceName) != c.PartnerName {
		return awserr.New(awserr.AccessDenied,
			"User: arn:aws:iam::%s:root is not authorized to perform: events:%s on resource: %s because partner %s may only use event sources named aws.partner/%s/...",
			c.Account, operation, resourceARN, c.PartnerName, c.PartnerName)
	}
	return nil
}

func sourceNotFound(name string) error {
	return awserr.NotFoundf("Event source %s does not exist.", name)
}
