// Package store defines what Bridgeport keeps on disk and the transactional
// interface both storage backends (sqlite/, postgres/) implement.
//
// The domain writes its logic once against Tx; a backend supplies
// serializable transactions. Update returns only after the transaction is
// durably committed, so an acknowledged API call survives kill -9.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// ErrConflict is returned by Update when a transaction could not be
// serialized against concurrent ones after the backend's retries. The API
// layer answers ConcurrentModificationException.
var ErrConflict = errors.New("store: concurrent modification")

// ErrClosed is returned once Close has been called.
var ErrClosed = errors.New("store: closed")

// Store opens transactions. Implementations are safe for concurrent use.
type Store interface {
	// Update runs fn in a read-write transaction. If fn returns an error the
	// transaction's writes are discarded and that error is returned
	// unchanged. A nil return means the writes are committed and synced.
	// fn may run more than once (a backend may retry on a serialization
	// conflict), so it must not have side effects outside tx.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// Enqueue adds delivery jobs in a transaction of its own, sets each
	// one's ID, and returns once they are durable: the same as an Update
	// that only calls EnqueueDeliveries, which is every PutEvents, and
	// which a backend may make cheaper than a general transaction.
	Enqueue(ctx context.Context, ds []Delivery) error
	// View runs fn in a read-only transaction that sees a consistent
	// snapshot including every Update that returned before View started.
	View(ctx context.Context, fn func(tx Tx) error) error
	// Close waits for in-flight transactions and releases the store.
	Close() error
	// Stats counts the work done since Open.
	Stats() Stats
}

// Stats are counters of a store's group commit: how many Update calls were
// committed, in how many transactions. Their ratio is the batch size.
type Stats struct {
	Commits int64 // write transactions committed
	Updates int64 // Update calls whose writes were committed
}

// Tx is one transaction. Get methods report found=false, not an error, for a
// missing record. Put methods insert or replace by primary key. Delete of a
// missing record is not an error.
type Tx interface {
	GetSource(region, name string) (Source, bool, error)
	PutSource(s Source) error
	DeleteSource(region, name string) error
	// ListSources returns sources of one region matching q, ordered by name.
	ListSources(q SourceQuery) ([]Source, error)
	// SourcesExpiringBefore returns PENDING sources (all regions) whose
	// ExpirationTime is before t, at most limit of them.
	SourcesExpiringBefore(t time.Time, limit int) ([]Source, error)

	GetBus(account, region, name string) (Bus, bool, error)
	PutBus(b Bus) error
	DeleteBus(account, region, name string) error
	// ListBuses returns buses of one account and region matching q, ordered by name.
	ListBuses(q BusQuery) ([]Bus, error)
	CountBuses(account, region string) (int, error)

	GetRule(account, region, bus, name string) (Rule, bool, error)
	PutRule(r Rule) error
	DeleteRule(account, region, bus, name string) error
	// ListRules returns rules of one bus matching q, ordered by name.
	ListRules(q RuleQuery) ([]Rule, error)
	// CountRules counts the rules of one bus.
	CountRules(account, region, bus string) (int, error)

	GetConnection(account, region, name string) (Connection, bool, error)
	PutConnection(c Connection) error
	DeleteConnection(account, region, name string) error
	ListConnections(q ConnectionQuery) ([]Connection, error)

	GetAPIDestination(account, region, name string) (APIDestination, bool, error)
	PutAPIDestination(d APIDestination) error
	DeleteAPIDestination(account, region, name string) error
	ListAPIDestinations(q APIDestinationQuery) ([]APIDestination, error)

	// EnqueueDeliveries adds delivery jobs and sets each one's ID.
	EnqueueDeliveries(ds []Delivery) error
	// ClaimDeliveries leases up to limit jobs that are due at now and not
	// leased (LeaseUntil <= now), oldest due first, until leaseUntil.
	ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]Delivery, error)
	// UpdateDelivery rewrites a job (attempts, due time, lease, doc).
	UpdateDelivery(d Delivery) error
	// DeleteDeliveries removes finished jobs.
	DeleteDeliveries(ids []int64) error
	// ReleaseDeliveryLeases makes every queued job claimable at once. Only
	// a single-node store calls it, at start: no other node can be holding
	// a lease then.
	ReleaseDeliveryLeases() error
	// CountDeliveries counts the jobs still queued.
	CountDeliveries() (int, error)
	// RecordFailedDelivery keeps a job that ran out of retries with no
	// dead-letter queue, or whose dead letter could not be sent.
	RecordFailedDelivery(f FailedDelivery) error
	// ListFailedDeliveries returns recorded failures, oldest first.
	ListFailedDeliveries(limit int) ([]FailedDelivery, error)

	// AppendEvents records accepted events on their buses.
	AppendEvents(evs []Event) error
	// ListEvents returns events of one bus in the order they were
	// appended, with Seq set, starting after q.AfterSeq.
	ListEvents(q EventQuery) ([]Event, error)
}

// Source states, as the API reports them.
const (
	StatePending = "PENDING"
	StateActive  = "ACTIVE"
	StateDeleted = "DELETED"
)

// Source is a partner event source, unique per (Region, Name) across accounts.
type Source struct {
	Region         string    `json:"region"`
	Name           string    `json:"name"`
	PartnerAccount string    `json:"partnerAccount"` // the creator
	Account        string    `json:"account"`        // the customer it is offered to
	State          string    `json:"state"`
	CreationTime   time.Time `json:"creationTime"`
	// ExpirationTime is set while the source is PENDING, zero otherwise.
	ExpirationTime time.Time `json:"expirationTime,omitzero"`
	// BusExists records whether the customer has the matching partner bus.
	// CreateEventBus and DeleteEventBus keep it in step in the same
	// transaction, so state changes need no second lookup.
	BusExists bool `json:"busExists,omitempty"`
}

// SourceQuery selects sources of one region. Empty fields do not filter.
type SourceQuery struct {
	Region         string
	Account        string // customer account
	PartnerAccount string // creating account
	NamePrefix     string
	After          string // return names strictly greater than this
	Limit          int    // 0 means no limit
}

// Bus is an event bus: the default bus, a custom bus or a partner bus.
type Bus struct {
	Account          string    `json:"account"`
	Region           string    `json:"region"`
	Name             string    `json:"name"`
	EventSourceName  string    `json:"eventSourceName,omitempty"` // set on partner buses
	Description      string    `json:"description,omitempty"`
	KmsKeyIdentifier string    `json:"kmsKeyIdentifier,omitempty"`
	DeadLetterArn    string    `json:"deadLetterArn,omitempty"`
	LogLevel         string    `json:"logLevel,omitempty"`
	LogIncludeDetail string    `json:"logIncludeDetail,omitempty"`
	Policy           string    `json:"policy,omitempty"` // JSON policy document
	Tags             []Tag     `json:"tags,omitempty"`
	CreationTime     time.Time `json:"creationTime"`
	LastModifiedTime time.Time `json:"lastModifiedTime"`
}

// BusQuery selects buses of one account and region.
type BusQuery struct {
	Account    string
	Region     string
	NamePrefix string
	After      string
	Limit      int
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Rule is a rule on a bus with its targets. Targets live in the rule's
// record: a rule has at most a handful, and they change with it.
type Rule struct {
	Account            string    `json:"account"`
	Region             string    `json:"region"`
	Bus                string    `json:"bus"`
	Name               string    `json:"name"`
	EventPattern       string    `json:"eventPattern,omitempty"`
	ScheduleExpression string    `json:"scheduleExpression,omitempty"`
	State              string    `json:"state"`
	Description        string    `json:"description,omitempty"`
	RoleArn            string    `json:"roleArn,omitempty"`
	ManagedBy          string    `json:"managedBy,omitempty"`
	CreatedBy          string    `json:"createdBy,omitempty"`
	Tags               []Tag     `json:"tags,omitempty"`
	Targets            []Target  `json:"targets,omitempty"`
	CreationTime       time.Time `json:"creationTime"`
}

// Target is one target of a rule, kept as the API describes it (the raw
// JSON of the Target shape), so that every member round-trips through
// ListTargetsByRule exactly as it was put.
type Target struct {
	ID  string          `json:"id"`
	Arn string          `json:"arn"`
	Doc json.RawMessage `json:"doc"`
}

// Connection is the authorization an API destination sends with.
// AuthParameters holds secrets: the API layer never returns them.
type Connection struct {
	Account            string          `json:"account"`
	Region             string          `json:"region"`
	Name               string          `json:"name"`
	ID                 string          `json:"id"` // the UUID suffix of the ARN
	Description        string          `json:"description,omitempty"`
	AuthorizationType  string          `json:"authorizationType"`
	AuthParameters     json.RawMessage `json:"authParameters,omitempty"`
	State              string          `json:"state"`
	StateReason        string          `json:"stateReason,omitempty"`
	CreationTime       time.Time       `json:"creationTime"`
	LastModifiedTime   time.Time       `json:"lastModifiedTime"`
	LastAuthorizedTime time.Time       `json:"lastAuthorizedTime,omitzero"`
}

// ConnectionQuery selects connections of one account and region.
type ConnectionQuery struct {
	Account    string
	Region     string
	NamePrefix string
	State      string
	After      string
	Limit      int
}

// APIDestination is an HTTP endpoint that rules can target.
type APIDestination struct {
	Account                      string    `json:"account"`
	Region                       string    `json:"region"`
	Name                         string    `json:"name"`
	ID                           string    `json:"id"` // the UUID suffix of the ARN
	Description                  string    `json:"description,omitempty"`
	ConnectionArn                string    `json:"connectionArn"`
	InvocationEndpoint           string    `json:"invocationEndpoint"`
	HTTPMethod                   string    `json:"httpMethod"`
	InvocationRateLimitPerSecond int       `json:"invocationRateLimitPerSecond,omitempty"`
	State                        string    `json:"state"`
	CreationTime                 time.Time `json:"creationTime"`
	LastModifiedTime             time.Time `json:"lastModifiedTime"`
}

// APIDestinationQuery selects API destinations of one account and region.
type APIDestinationQuery struct {
	Account       string
	Region        string
	NamePrefix    string
	ConnectionArn string
	After         string
	Limit         int
}

// Delivery is a queued (event, target) job. Doc is the job itself,
// opaque to the store; the other fields are what the queue orders and
// leases by.
type Delivery struct {
	ID         int64
	DueAt      time.Time
	LeaseUntil time.Time
	Doc        []byte
}

// FailedDelivery is a job that could not be delivered nor dead-lettered.
type FailedDelivery struct {
	ID      int64
	Time    time.Time
	Code    string
	Message string
	Doc     []byte
}

// RuleQuery selects rules of one bus.
type RuleQuery struct {
	Account    string
	Region     string
	Bus        string
	NamePrefix string
	After      string
	Limit      int
}

// EventQuery selects events of one bus.
type EventQuery struct {
	Account  string
	Region   string
	Bus      string
	AfterSeq int64
	Limit    int // 0 means no limit
}

// Event is an accepted event on a bus: its id and the envelope exactly as
// rules match it and targets receive it.
type Event struct {
	// Seq orders events of a store; AppendEvents assigns it.
	Seq           int64
	Account       string
	Region        string
	Bus           string
	ID            string
	Time          time.Time // the envelope's time
	IngestionTime time.Time
	Envelope      []byte // JSON
}
