package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// modelFile is the part of the official API model (events-2015-10-07.json)
// that validation needs. Everything else in the file is ignored.
type modelFile struct {
	Operations map[string]operationDef `json:"operations"`
	Shapes     map[string]shapeDef     `json:"shapes"`
}

type operationDef struct {
	Input  *shapeRef `json:"input"`
	Output *shapeRef `json:"output"`
}

type shapeRef struct {
	Shape string `json:"shape"`
}

type shapeDef struct {
	Type      string     `json:"type"`
	Required  []string   `json:"required"`
	Members   memberDefs `json:"members"`
	Member    *shapeRef  `json:"member"`
	Key       *shapeRef  `json:"key"`
	Value     *shapeRef  `json:"value"`
	Min       *int64     `json:"min"`
	Max       *int64     `json:"max"`
	Pattern   string     `json:"pattern"`
	Enum      []string   `json:"enum"`
	Sensitive bool       `json:"sensitive"`
}

// memberDef is one structure member, named as on the wire.
type memberDef struct {
	Name  string
	Shape string
}

// memberDefs keeps structure members in the order the model file lists
// them: validation messages follow that order, and a Go map would lose it.
type memberDefs []memberDef

// UnmarshalJSON reads the members object token by token to keep key order.
func (ms *memberDefs) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("members: expected an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("members: %w", err)
		}
		name, _ := tok.(string) // object keys are always strings
		var ref shapeRef
		if err := dec.Decode(&ref); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		*ms = append(*ms, memberDef{Name: name, Shape: ref.Shape})
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("members: %w", err)
	}
	return nil
}
