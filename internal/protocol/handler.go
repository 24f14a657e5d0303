// Package protocol speaks awsJson1_1, the wire protocol of the EventBridge
// API: it routes X-Amz-Target to the operation table, authenticates,
// validates against the API model, calls the domain and encodes the answer
// or the error. A request reads top to bottom through ServeHTTP.
package protocol

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/auth"
	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/model"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/google/uuid"
)

const (
	contentType  = "application/x-amz-json-1.1"
	targetPrefix = "AWSEvents."
	// DefaultMaxBodyBytes bounds a request body. PutEvents entries may sum
	// to 256 KB; JSON escaping can inflate that several times over.
	DefaultMaxBodyBytes = 8 << 20
)

// Options configure a Handler.
type Options struct {
	Model        *model.Model
	Verifier     *auth.Verifier
	Service      *events.Service
	Logger       *slog.Logger
	MaxBodyBytes int64
	// Observe, if set, is told about every request once it is answered.
	Observe func(operation string, status int, elapsed time.Duration)
}

// Handler serves the EventBridge API on POST /.
type Handler struct {
	opts  Options
	built map[string]call
	fast  map[string]fastCall
}

// New returns a Handler for the operations the service implements.
func New(opts Options) (*Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	fast, err := fastOperations(opts.Model, opts.Service)
	if err != nil {
		return nil, fmt.Errorf("one-pass decoders: %w", err)
	}
	return &Handler{opts: opts, built: operations(opts.Service), fast: fast}, nil
}

// ServeHTTP handles one API request: decode, authenticate, validate, act, encode.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := uuid.NewString()
	name, status := h.serve(w, r, requestID)
	if h.opts.Observe != nil {
		h.opts.Observe(name, status, time.Since(start))
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, requestID string) (string, int) {
	fail := func(name string, err *awserr.Error) (string, int) {
		writeError(w, requestID, err)
		return name, err.Status
	}

	// Decode the envelope: method, target, body.
	if r.Method != http.MethodPost {
		return fail("", awserr.New(awserr.UnknownOperation,
			"Bridgeport serves the EventBridge API: send POST / with the header X-Amz-Target: AWSEvents.<Operation> and a JSON body."))
	}
	target := r.Header.Get("X-Amz-Target")
	if target == "" {
		return fail("", awserr.New(awserr.UnknownOperation,
			"Missing header X-Amz-Target: it must name the operation, as in 'X-Amz-Target: AWSEvents.ListEventBuses'. A documentation URL's #X-Amz-Target=... fragment is never sent to the server, so pass the header explicitly (curl: -H 'X-Amz-Target: AWSEvents.ListEventBuses')."))
	}
	name, ok := strings.CutPrefix(target, targetPrefix)
	spec, known := h.opts.Model.Operation(name)
	if !ok || !known {
		return fail(name, awserr.New(awserr.UnknownOperation,
			"Unknown operation %q: X-Amz-Target must be AWSEvents.<Operation> with an operation of the EventBridge API.", target))
	}
	body, err := readBody(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes), r.ContentLength, h.opts.MaxBodyBytes)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fail(name, &awserr.Error{Code: awserr.RequestEntityTooLarge, Status: http.StatusRequestEntityTooLarge,
				Message: "Request body is larger than the server accepts."})
		}
		return fail(name, awserr.New(awserr.Serialization, "Could not read the request body."))
	}

	// Authenticate: nothing of a rejected request is looked at further.
	principal, authErr := h.opts.Verifier.Authenticate(r, body)
	if authErr != nil {
		return fail(name, authErr)
	}

	caller := events.Caller{Account: principal.Account, Region: principal.Region,
		PartnerName: principal.PartnerName, Strict: principal.Strict}

	// The busiest operations read a plainly valid body in one pass, then
	// act and encode. Whatever that pass is not sure of goes the general
	// way below, which words every error.
	if fast := h.fast[name]; fast != nil {
		payload, handled, err := fast(r.Context(), caller, body)
		if handled {
			if err != nil {
				return fail(name, h.apiError(r.Context(), name, caller, err))
			}
			writeBody(w, requestID, http.StatusOK, payload)
			return name, http.StatusOK
		}
	}

	// Validate against the model: JSON and types first, then every
	// constraint in one ValidationException.
	input, apiErr := model.Decode(body)
	if apiErr == nil {
		var stripped bool
		stripped, apiErr = spec.Check(input)
		if stripped && apiErr == nil {
			// Members the model does not know were dropped: bind what was
			// validated, not the raw body.
			if body, err = json.Marshal(input); err != nil {
				return fail(name, h.apiError(r.Context(), name, events.Caller{}, err))
			}
		}
	}
	if apiErr != nil {
		return fail(name, apiErr)
	}
	run, built := h.built[name]
	if !built {
		return fail(name, awserr.New(awserr.UnsupportedOperation,
			"Operation %s is part of the EventBridge API but Bridgeport does not implement it yet.", name))
	}

	// Act.
	out, err := run(r.Context(), caller, body)
	if err != nil {
		return fail(name, h.apiError(r.Context(), name, caller, err))
	}

	// Encode.
	payload, err := json.Marshal(out)
	if err != nil {
		return fail(name, h.apiError(r.Context(), name, caller, err))
	}
	writeBody(w, requestID, http.StatusOK, payload)
	return name, http.StatusOK
}

// apiError maps a domain error to what the client sees. Anything that is not
// already an API error is logged and hidden behind InternalException.
func (h *Handler) apiError(ctx context.Context, name string, c events.Caller, err error) *awserr.Error {
	var apiErr *awserr.Error
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.Is(err, store.ErrConflict):
		return awserr.New(awserr.ConcurrentModification, "Another request changed this resource at the same time. Try again.")
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		// The client went away; nobody reads the answer, and it is no fault.
		h.opts.Logger.DebugContext(ctx, "request abandoned by the client", "operation", name)
		return awserr.InternalError()
	}
	h.opts.Logger.ErrorContext(ctx, "operation failed", "operation", name, "account", c.Account, "err", err)
	return awserr.InternalError()
}

// readBody reads the whole body. A Content-Length within the limit sizes
// the buffer at once, instead of io.ReadAll's doubling from 512 bytes.
func readBody(body io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength <= 0 || contentLength > limit {
		return io.ReadAll(body)
	}
	// net/http ends the body at its Content-Length, so nothing follows.
	b := make([]byte, contentLength)
	if _, err := io.ReadFull(body, b); err != nil {
		return nil, err
	}
	return b, nil
}
