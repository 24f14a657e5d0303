package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// modelJSON is the official EventBridge API model without its documentation
// text. A string, so the embedded data cannot be modified.
//
//go:embed events-2015-10-07.json
var modelJSON string

// Model is the parsed API model: every operation with its input validator.
// It is immutable and safe for concurrent use.
type Model struct {
	ops   map[string]*Operation
	names []string
}

// Operation is one API operation, for example PutEvents.
type Operation struct {
	name      string
	input     *shape
	hasOutput bool
}

// Load parses the embedded model and prepares the validation plan of every
// operation's input. It fails if the model uses a type or a pattern the
// validator cannot check.
func Load() (*Model, error) {
	return parse(modelJSON)
}

// parse builds a Model from the text of a model file.
func parse(data string) (*Model, error) {
	var file modelFile
	if err := json.Unmarshal([]byte(data), &file); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if len(file.Operations) == 0 {
		return nil, fmt.Errorf("model: no operations")
	}
	// Only input shapes are built: some output-only shapes carry patterns
	// that do not compile (ResourceAssociationArn has \\d{12}), and the
	// server never validates what it sends.
	b := newBuilder(file.Shapes)
	m := &Model{ops: make(map[string]*Operation, len(file.Operations))}
	for name, def := range file.Operations {
		op := &Operation{name: name, hasOutput: def.Output != nil, input: &shape{name: name + "Request", kind: kindStructure}}
		if def.Input != nil {
			in, err := b.shape(def.Input.Shape)
			if err != nil {
				return nil, fmt.Errorf("model: operation %s: %w", name, err)
			}
			if in.kind != kindStructure {
				return nil, fmt.Errorf("model: operation %s: input %s is not a structure", name, in.name)
			}
			op.input = in
		}
		m.ops[name] = op
		m.names = append(m.names, name)
	}
	slices.Sort(m.names)
	return m, nil
}

// OperationNames returns the names of all operations, sorted.
func (m *Model) OperationNames() []string {
	return slices.Clone(m.names)
}

// Operation returns the named operation. Names are case-sensitive, as in
// the X-Amz-Target header.
func (m *Model) Operation(name string) (*Operation, bool) {
	op, ok := m.ops[name]
	return op, ok
}

// Name is the operation name, for example PutEvents.
func (o *Operation) Name() string { return o.name }

// HasOutput reports whether the model defines an output shape. Operations
// without one still answer {}.
func (o *Operation) HasOutput() bool { return o.hasOutput }
