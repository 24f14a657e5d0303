package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// apiClient makes the setup calls: plain awsJson1_1 requests, one at a
// time, outside the measured traffic.
type apiClient struct {
	url  string
	http *http.Client
}

func newAPIClient(url string) *apiClient {
	return &apiClient{url: url, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 1}}}
}

// apiError is an error answer of the EventBridge API.
type apiError struct {
	Op      string
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s: %s", e.Op, e.Status, e.Code, e.Message)
}

// errorCode is the API error code of err, or "" for other errors.
func errorCode(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// apiErrorText is the operation, code and message of an API error, without
// the context wrapped around it; other errors are printed whole.
func apiErrorText(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Op + " answered " + ae.Code + ": " + ae.Message
	}
	return err.Error()
}

// call sends op with input in as account, and decodes the answer into out
// (which may be nil).
func (c *apiClient) call(ctx context.Context, account, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s: encode input: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	req.Header = requestHeaders(op, account, time.Now())
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("%s: read answer: %w", op, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(answer, &e)
		// Some servers qualify the code with its namespace: "ns#Code".
		code := e.Type[strings.LastIndexByte(e.Type, '#')+1:]
		if e.Message == "" {
			e.Message = truncate(string(answer), 300)
		}
		return &apiError{Op: op, Status: resp.StatusCode, Code: code, Message: e.Message}
	}
	if out != nil {
		if err := json.Unmarshal(answer, out); err != nil {
			return fmt.Errorf("%s: decode answer: %w", op, err)
		}
	}
	return nil
}

// create calls a Create operation and treats "already exists" as done, so
// setup can be run again against the same server.
func (c *apiClient) create(ctx context.Context, account, op string, in, out any) (existed bool, err error) {
	err = c.call(ctx, account, op, in, out)
	if errorCode(err) == "ResourceAlreadyExistsException" {
		return true, nil
	}
	return false, err
}
