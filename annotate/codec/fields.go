package codec

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/goccy/go-json"
)

// field is one member of a JSON object, in input order.
type field struct {
	key   string
	value json.RawMessage
}

// objectFields splits a JSON object into its members in order (the order
// of meta keys is kept, which a map would lose).
func objectFields(raw []byte) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("want a JSON object, not %s", clipBytes(raw))
	}
	var out []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, field{key: key, value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the JSON object")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("data after the JSON object")
	}
	return out, nil
}

// metaBuilder assembles a compact JSON object from fields.
type metaBuilder struct {
	b    []byte
	keys map[string]bool
}

// add appends key:value unless key is there already; value is JSON.
func (m *metaBuilder) add(key string, value []byte) {
	if m.keys[key] {
		return
	}
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	m.keys[key] = true
	if len(m.b) == 0 {
		m.b = append(m.b, '{')
	} else {
		m.b = append(m.b, ',')
	}
	m.b = appendString(m.b, key)
	m.b = append(m.b, ':')
	var buf bytes.Buffer
	if json.Compact(&buf, value) == nil {
		m.b = append(m.b, buf.Bytes()...)
	} else {
		m.b = append(m.b, "null"...)
	}
}

// addObject adds the members of a JSON object.
func (m *metaBuilder) addObject(raw []byte) error {
	fs, err := objectFields(raw)
	if err != nil {
		return err
	}
	for _, f := range fs {
		m.add(f.key, f.value)
	}
	return nil
}

func (m *metaBuilder) bytes() []byte {
	if len(m.b) == 0 {
		return nil
	}
	return append(m.b, '}')
}

// intOf decodes a JSON integer.
func intOf(raw json.RawMessage) (int, error) {
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, fmt.Errorf("want an integer, not %s", clipBytes(raw))
	}
	return n, nil
}

// stringOf decodes a JSON string.
func stringOf(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("want a string, not %s", clipBytes(raw))
	}
	return s, nil
}

// idOf decodes a JSON string or number as text (ids of other tools).
func idOf(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		return stringOf(raw)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil || n == "" {
		return "", fmt.Errorf("want a string or a number, not %s", clipBytes(raw))
	}
	return n.String(), nil
}
