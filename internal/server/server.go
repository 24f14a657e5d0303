// Package server assembles Bridgeport: it opens the store, builds the
// domain service and the protocol handler, and serves them over HTTP with
// /health and /metrics beside the API, until it is told to stop.
package server

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/bridgeport/bridgeport/internal/auth"
	"github.com/bridgeport/bridgeport/internal/cluster"
	"github.com/bridgeport/bridgeport/internal/config"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/delivery/apidest"
	"github.com/bridgeport/bridgeport/internal/delivery/awstarget"
	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/model"
	"github.com/bridgeport/bridgeport/internal/protocol"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/postgres"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

// sweepInterval is how often expired PENDING sources are reclaimed; reads
// apply expiry on their own, so this only bounds how long they take space.
const sweepInterval = time.Minute

// Server is a running Bridgeport instance.
type Server struct {
	cfg        config.Config
	log        *slog.Logger
	store      store.Store
	service    *events.Service
	dispatcher *delivery.Dispatcher
	aws        *awstarget.Sender
	// changes and leader are set when nodes share a PostgreSQL store.
	changes *cluster.Changes
	leader  *cluster.Leader
	// apiDestinations delivers to API destinations (webhooks).
	apiDestinations *apidest.Sender
	http            *http.Server
	draining        atomic.Bool
	stopBg          context.CancelFunc
	bgDone          chan struct{}
}

// New opens the store and prepares the handlers; it does not listen yet.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*Server, error) {
	// Request and event IDs are random UUIDs, two or more per request:
	// drawing them from a buffered pool of random bytes spares a getrandom
	// system call for each.
	uuid.EnableRandPool()
	mdl, err := model.Load()
	if err != nil {
		return nil, fmt.Errorf("load API model: %w", err)
	}
	verifier, err := newVerifier(cfg)
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	metrics := newMetrics()
	metrics.watchStore(st)
	metrics.knowOperations(mdl.OperationNames())
	s := &Server{cfg: cfg, log: log, store: st}
	if s.aws, err = newAWSSender(ctx, cfg.AWSEndpoint); err != nil {
		_ = st.Close()
		return nil, err
	}
	s.dispatcher = delivery.New(st, delivery.Options{Senders: s.senderFor, DeadLetters: s.aws, Logger: log,
		Metrics: delivery.NewMetrics(metrics.registry)})
	opts := events.Options{PendingSourceTTL: cfg.PendingSourceTTL, MaxRulesPerBus: cfg.MaxRulesPerBus, Logger: log,
		Deliverer: s.dispatcher, Targets: s.aws.Supports}
	if cfg.Store != "" {
		// Several nodes may share this database: rule changes travel
		// between them, and chores run on one node at a time.
		schema := storeSchema(cfg.Store)
		if s.changes, err = cluster.NewChanges(ctx, cfg.Store, schema, log); err != nil {
			_ = st.Close()
			return nil, err
		}
		s.leader = cluster.NewLeader(cfg.Store, schema, log)
		opts.Changes = s.changes
	}
	s.service = events.New(st, opts)
	s.apiDestinations = apidest.New(s.service, nil)
	if err := s.prepareDelivery(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}
	api, err := protocol.New(protocol.Options{Model: mdl, Verifier: verifier, Service: s.service, Logger: log,
		Observe: metrics.observe})
	if err != nil {
		_ = st.Close()
		return nil, err
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.health)
	mux.Handle("GET /metrics", metrics.handler())
	mux.Handle("/", api)
	s.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

func newVerifier(cfg config.Config) (*auth.Verifier, error) {
	accounts, err := cfg.Identities()
	if err != nil {
		return nil, err
	}
	if accounts == nil {
		return auth.NewOpen(cfg.DefaultAccount, cfg.Region), nil
	}
	v, err := auth.NewStrict(accounts, cfg.Region, time.Now)
	if err != nil {
		return nil, fmt.Errorf("identity file: %w", err)
	}
	return v, nil
}

func openStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	if cfg.Store != "" {
		st, err := postgres.Open(ctx, cfg.Store, postgres.Options{Schema: storeSchema(cfg.Store)})
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return st, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "bridgeport.db"), sqlite.Options{})
	if err != nil {
		return nil, fmt.Errorf("open embedded store in %s: %w", cfg.DataDir, err)
	}
	return st, nil
}

// Store is the server's open store, for tests and tools that inspect state.
func (s *Server) Store() store.Store { return s.store }

// storeSchema is the PostgreSQL schema named by the store URL's
// search_path parameter; "public" when it names none.
func storeSchema(storeURL string) string {
	u, err := url.Parse(storeURL)
	if err == nil {
		if schema := u.Query().Get("search_path"); schema != "" {
			return schema
		}
	}
	return "public"
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"draining"}`))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

// Serve answers requests on ln until Shutdown; it returns nil after a clean stop.
func (s *Server) Serve(ln net.Listener) error {
	bg, cancel := context.WithCancel(context.Background())
	s.stopBg, s.bgDone = cancel, make(chan struct{})
	go func() {
		defer close(s.bgDone)
		s.runChores(bg)
		s.dispatcher.Run(bg)
	}()
	err := s.http.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, drains in-flight requests, stops
// background work and closes the store.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	err := s.http.Shutdown(ctx)
	if s.stopBg != nil {
		s.stopBg()
		<-s.bgDone
	}
	if s.changes != nil {
		s.changes.Close()
	}
	return errors.Join(err, s.store.Close())
}

// Run listens on cfg.Listen and serves until ctx is cancelled, then shuts
// down gracefully.
func Run(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	s, err := New(ctx, cfg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		_ = s.store.Close()
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	log.Info("bridgeport listening", "addr", ln.Addr().String(), "store", describeStore(cfg),
		"mode", mode(cfg), "region", cfg.Region)
	defer tuneGC()()
	if cfg.PprofListen != "" {
		stopPprof, err := servePprof(cfg.PprofListen, log)
		if err != nil {
			_ = ln.Close()
			_ = s.store.Close()
			return err
		}
		defer stopPprof()
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	select {
	case err := <-served:
		_ = s.store.Close()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = s.Shutdown(shutdownCtx)
	if serveErr := <-served; serveErr != nil {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

func describeStore(cfg config.Config) string {
	if cfg.Store != "" {
		return "postgres"
	}
	return "sqlite:" + filepath.Join(cfg.DataDir, "bridgeport.db")
}

func mode(cfg config.Config) string {
	if cfg.IdentitiesFile != "" {
		return "strict"
	}
	return "open"
}
