// Package config turns flags and environment variables into a Config.
// Every flag has an environment variable; a flag given on the command line
// wins over the environment, which wins over the default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/auth"
)

// Config is everything the server needs to start.
type Config struct {
	Listen         string
	DataDir        string
	Store          string // "" = embedded SQLite in DataDir; postgres://... = PostgreSQL
	Region         string
	IdentitiesFile string
	DefaultAccount string
	LogLevel       slog.Level
	// AWSEndpoint, if set, receives every AWS service call of SQS, SNS,
	// Lambda, ... targets and dead-letter queues (an AWS-compatible emulator).
	AWSEndpoint string
	// MaxRulesPerBus is the rules-per-bus quota.
	MaxRulesPerBus int
	// PendingSourceTTL is how long a partner event source may stay PENDING.
	PendingSourceTTL time.Duration
	// PprofListen, if set, serves net/http/pprof on its own listener so
	// that profiles never share the API's address.
	PprofListen string
	// ShutdownTimeout bounds the drain of in-flight requests on SIGTERM.
	ShutdownTimeout time.Duration
}

var (
	accountPattern = regexp.MustCompile(`^\d{12}$`)
	// regionPattern is the region part of EventBridge's own ARN patterns;
	// a region outside it would make ARNs the API itself rejects.
	regionPattern = regexp.MustCompile(`^[a-z]+-[a-z]+-[\w-]+$`)
)

// Parse reads args (without the program name) and the environment.
func Parse(args []string, getenv func(string) string, usage io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("bridgeport", flag.ContinueOnError)
	fs.SetOutput(usage)
	var c Config
	var logLevel, ttl string
	fs.StringVar(&c.Listen, "listen", env("BRIDGEPORT_LISTEN", "127.0.0.1:4343"), "address to serve the API on (BRIDGEPORT_LISTEN)")
	fs.StringVar(&c.DataDir, "data", env("BRIDGEPORT_DATA", "./bridgeport-data"), "folder for the embedded store (BRIDGEPORT_DATA)")
	fs.StringVar(&c.Store, "store", env("BRIDGEPORT_STORE", ""), "store: empty for embedded SQLite in the data folder, or postgres://... (BRIDGEPORT_STORE)")
	fs.StringVar(&c.Region, "region", env("BRIDGEPORT_REGION", "us-east-1"), "region for unsigned requests and SigV4a (BRIDGEPORT_REGION)")
	fs.StringVar(&c.IdentitiesFile, "identities", env("BRIDGEPORT_IDENTITIES", ""), "identity file (YAML or JSON); enables strict SigV4 mode (BRIDGEPORT_IDENTITIES)")
	fs.StringVar(&c.DefaultAccount, "default-account", env("BRIDGEPORT_DEFAULT_ACCOUNT", "000000000000"), "open mode: account for access keys that are not 12 digits (BRIDGEPORT_DEFAULT_ACCOUNT)")
	fs.StringVar(&c.AWSEndpoint, "aws-endpoint", env("BRIDGEPORT_AWS_ENDPOINT", ""), "base URL for AWS service targets (SQS, SNS, Lambda, ...); empty for real AWS (BRIDGEPORT_AWS_ENDPOINT)")
	fs.StringVar(&c.PprofListen, "pprof", env("BRIDGEPORT_PPROF", ""), "address for Go profiling endpoints (/debug/pprof/), e.g. 127.0.0.1:6060; empty for none (BRIDGEPORT_PPROF)")
	maxRules := env("BRIDGEPORT_MAX_RULES_PER_BUS", "300")
	fs.StringVar(&maxRules, "max-rules-per-bus", maxRules, "rules allowed on one bus; AWS's default quota is 300, raised on request (BRIDGEPORT_MAX_RULES_PER_BUS)")
	fs.StringVar(&logLevel, "log-level", env("BRIDGEPORT_LOG_LEVEL", "info"), "debug, info, warn or error (BRIDGEPORT_LOG_LEVEL)")
	fs.StringVar(&ttl, "pending-source-ttl", env("BRIDGEPORT_PENDING_SOURCE_TTL", "336h"), "how long a partner event source may stay PENDING (BRIDGEPORT_PENDING_SOURCE_TTL)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := c.LogLevel.UnmarshalText([]byte(logLevel)); err != nil {
		return Config{}, fmt.Errorf("--log-level: %w", err)
	}
	d, err := time.ParseDuration(ttl)
	if err != nil || d <= 0 {
		return Config{}, fmt.Errorf("--pending-source-ttl %q is not a positive duration", ttl)
	}
	c.PendingSourceTTL = d
	if c.MaxRulesPerBus, err = strconv.Atoi(maxRules); err != nil || c.MaxRulesPerBus < 1 {
		return Config{}, fmt.Errorf("--max-rules-per-bus %q is not a positive number", maxRules)
	}
	c.ShutdownTimeout = 30 * time.Second
	return c, c.validate()
}

func (c Config) validate() error {
	var errs []error
	if !regionPattern.MatchString(c.Region) {
		errs = append(errs, fmt.Errorf("--region %q does not look like an AWS region (e.g. us-east-1)", c.Region))
	}
	if !accountPattern.MatchString(c.DefaultAccount) {
		errs = append(errs, fmt.Errorf("--default-account %q must be 12 digits", c.DefaultAccount))
	}
	if c.Store != "" && !strings.HasPrefix(c.Store, "postgres://") && !strings.HasPrefix(c.Store, "postgresql://") {
		errs = append(errs, fmt.Errorf("--store %q: use an empty value for the embedded store or a postgres:// URL", c.Store))
	}
	return errors.Join(errs...)
}

// Identities loads the identity file, if one is configured.
func (c Config) Identities() ([]auth.Account, error) {
	if c.IdentitiesFile == "" {
		return nil, nil
	}
	data, err := os.ReadFile(c.IdentitiesFile)
	if err != nil {
		return nil, fmt.Errorf("read identity file: %w", err)
	}
	accounts, err := auth.ParseIdentities(data)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", c.IdentitiesFile, err)
	}
	return accounts, nil
}
