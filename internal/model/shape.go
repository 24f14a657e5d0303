package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is the wire type of a shape.
type kind uint8

const (
	kindString kind = iota + 1
	kindInteger
	kindLong
	kindBoolean
	kindTimestamp
	kindStructure
	kindList
	kindMap
)

// kindOf maps a model type name to its kind. Types the EventBridge model does
// not use (blob, double, ...) are refused so that a model update that
// introduces one fails Load instead of being validated wrongly.
func kindOf(typ string) (kind, bool) {
	switch typ {
	case "string":
		return kindString, true
	case "integer":
		return kindInteger, true
	case "long":
		return kindLong, true
	case "boolean":
		return kindBoolean, true
	case "timestamp":
		return kindTimestamp, true
	case "structure":
		return kindStructure, true
	case "list":
		return kindList, true
	case "map":
		return kindMap, true
	}
	return 0, false
}

// shape is the validation plan of one input shape. Shapes point at each
// other directly and carry their messages ready-made, so Validate neither
// looks shapes up by name nor formats anything unless a value fails.
type shape struct {
	name      string
	kind      kind
	sensitive bool // rendered as *** in messages

	// Bounds: a length for strings, lists and maps; a value for integers.
	min, max             int64
	hasMin, hasMax       bool
	minPhrase, maxPhrase string

	pattern    *pattern // strings only
	enum       []string // strings only, model order
	enumPhrase string

	members []member // structures, model order
	elem    *shape   // lists
	key     *shape   // maps
	value   *shape   // maps
}

// member is one structure member.
type member struct {
	name     string // as on the wire, for example EventBusName
	path     string // as in messages, for example eventBusName
	required bool
	shape    *shape
}

// builder turns shape definitions into plans, each shape once.
type builder struct {
	defs   map[string]shapeDef
	shapes map[string]*shape
}

func newBuilder(defs map[string]shapeDef) *builder {
	return &builder{defs: defs, shapes: make(map[string]*shape)}
}

// shape returns the plan of the named shape, building it and everything it
// refers to on first use.
func (b *builder) shape(name string) (*shape, error) {
	if s, ok := b.shapes[name]; ok {
		return s, nil
	}
	def, ok := b.defs[name]
	if !ok {
		return nil, fmt.Errorf("shape %s is not defined", name)
	}
	k, ok := kindOf(def.Type)
	if !ok {
		return nil, fmt.Errorf("shape %s: unsupported type %q", name, def.Type)
	}
	s := &shape{name: name, kind: k, sensitive: def.Sensitive}
	// Registered before its children so that a recursive shape refers to itself.
	b.shapes[name] = s
	if err := b.fill(s, def); err != nil {
		return nil, fmt.Errorf("shape %s: %w", name, err)
	}
	return s, nil
}

func (b *builder) fill(s *shape, def shapeDef) error {
	if def.Pattern != "" && s.kind != kindString {
		return fmt.Errorf("pattern on a %s", def.Type)
	}
	if len(def.Enum) > 0 && s.kind != kindString {
		return fmt.Errorf("enum on a %s", def.Type)
	}
	if err := s.setBounds(def); err != nil {
		return err
	}
	switch s.kind {
	case kindString:
		if def.Pattern != "" {
			p, err := compilePattern(def.Pattern)
			if err != nil {
				return err
			}
			s.pattern = p
		}
		if len(def.Enum) > 0 {
			s.enum = def.Enum
			s.enumPhrase = "Member must satisfy enum value set: [" + strings.Join(def.Enum, ", ") + "]"
		}
	case kindStructure:
		return b.fillMembers(s, def)
	case kindList:
		if def.Member == nil {
			return fmt.Errorf("list without a member shape")
		}
		elem, err := b.shape(def.Member.Shape)
		if err != nil {
			return err
		}
		s.elem = elem
	case kindMap:
		if def.Key == nil || def.Value == nil {
			return fmt.Errorf("map without key or value shape")
		}
		key, err := b.shape(def.Key.Shape)
		if err != nil {
			return err
		}
		if key.kind != kindString {
			return fmt.Errorf("map key %s is not a string", key.name)
		}
		value, err := b.shape(def.Value.Shape)
		if err != nil {
			return err
		}
		s.key, s.value = key, value
	}
	return nil
}

// setBounds reads min and max: lengths for strings, lists and maps, values
// for integers and longs.
func (s *shape) setBounds(def shapeDef) error {
	if def.Min == nil && def.Max == nil {
		return nil
	}
	var noun string
	switch s.kind {
	case kindString, kindList, kindMap:
		noun = "length"
	case kindInteger, kindLong:
		noun = "value"
	default:
		return fmt.Errorf("min or max on a %s", def.Type)
	}
	if def.Min != nil {
		s.min, s.hasMin = *def.Min, true
		s.minPhrase = fmt.Sprintf("Member must have %s greater than or equal to %d", noun, s.min)
	}
	if def.Max != nil {
		s.max, s.hasMax = *def.Max, true
		s.maxPhrase = fmt.Sprintf("Member must have %s less than or equal to %d", noun, s.max)
	}
	return nil
}

func (b *builder) fillMembers(s *shape, def shapeDef) error {
	required := make(map[string]bool, len(def.Required))
	for _, name := range def.Required {
		required[name] = true
	}
	s.members = make([]member, 0, len(def.Members))
	for _, md := range def.Members {
		ms, err := b.shape(md.Shape)
		if err != nil {
			return fmt.Errorf("member %s: %w", md.Name, err)
		}
		s.members = append(s.members, member{name: md.Name, path: lowerFirst(md.Name), required: required[md.Name], shape: ms})
		delete(required, md.Name)
	}
	for name := range required {
		return fmt.Errorf("required member %s is not a member", name)
	}
	return nil
}

// lowerFirst lowercases only the first letter, as AWS writes member paths
// (ResourceARN becomes resourceARN, OAuthParameters becomes oAuthParameters).
func lowerFirst(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[size:]
}
