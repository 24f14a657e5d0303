package protocol

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// errorBody is the awsJson1_1 error document: a plain __type (no namespace
// prefix, which paws cannot strip) and a lowercase message.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}

// writeError renders an API error; X-Amzn-ErrorType is for the SDKs that
// read the header before the body.
func writeError(w http.ResponseWriter, requestID string, apiErr *awserr.Error) {
	body, _ := json.Marshal(errorBody{Type: apiErr.Code, Message: apiErr.Message})
	w.Header()["X-Amzn-Errortype"] = []string{apiErr.Code}
	writeBody(w, requestID, apiErr.Status, body)
}

// contentTypeValue is shared by every response: net/http only reads it.
var contentTypeValue = []string{contentType}

func writeBody(w http.ResponseWriter, requestID string, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = contentTypeValue
	// One allocation for both values.
	values := [...]string{strconv.Itoa(len(body)), requestID}
	v := values[:]
	h["Content-Length"] = v[0:1:1]
	h["X-Amzn-Requestid"] = v[1:2:2]
	w.WriteHeader(status)
	// One Write: a head and body split across writes costs keep-alive
	// clients a Nagle/delayed-ACK stall.
	_, _ = w.Write(body)
}
