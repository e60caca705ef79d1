package codec

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-json"
)

// shapeError is valid JSON shaped unlike the format: which field holds
// what, and what the format wants there. Messages name JSON, never Go
// types.
type shapeError struct {
	path string // "predictions[0]", "spans[2].start"; "" for the record itself
	name string // instead of path, when the decoder does not know it: "a span or relation id"
	got  string // "a number"
	want string // "an object or an id"
}

func (e *shapeError) Error() string {
	if e.name != "" {
		return fmt.Sprintf("%s is %s; want %s", e.name, e.got, e.want)
	}
	if e.path == "" {
		return fmt.Sprintf("the record is %s; want %s", e.got, e.want)
	}
	return fmt.Sprintf("`%s` is %s; want %s", e.path, e.got, e.want)
}

// shapeErr turns a decoder error into a shapeError (for a value of the
// wrong type, under prefix) or a "bad JSON" error (for a syntax error).
func shapeErr(err error, prefix string) error {
	var value, field string
	var typ reflect.Type
	var te *json.UnmarshalTypeError
	var ste *stdjson.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		value, field, typ = te.Value, te.Field, te.Type
	case errors.As(err, &ste):
		value, field, typ = ste.Value, ste.Field, ste.Type
	default:
		var se *shapeError
		if errors.As(err, &se) {
			return err
		}
		return jsonErr(err)
	}
	path := jsonPath(field)
	switch {
	case prefix != "" && strings.HasPrefix(path, "["):
		path = prefix + path
	case prefix != "" && path != "":
		path = prefix + "." + path
	case prefix != "":
		path = prefix
	}
	return &shapeError{path: path, got: kindOfValue(value), want: wantOfType(typ)}
}

// jsonPath writes a decoder's field path "a.0.b" as "a[0].b".
func jsonPath(field string) string {
	if field == "" {
		return ""
	}
	var b strings.Builder
	for i, part := range strings.Split(field, ".") {
		if _, err := strconv.Atoi(part); err == nil {
			b.WriteString("[" + part + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part)
	}
	return b.String()
}

// kindOfValue names the JSON value a decoder error describes ("number -5",
// "string", "array").
func kindOfValue(v string) string {
	kind, _, _ := strings.Cut(v, " ")
	switch kind {
	case "number":
		return "a number"
	case "string":
		return "a string"
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	case "null":
		return "null"
	}
	return v
}

// jsonKind names the JSON value raw starts with.
func jsonKind(raw []byte) string {
	raw = []byte(strings.TrimSpace(string(raw)))
	if len(raw) == 0 {
		return "nothing"
	}
	switch c := raw[0]; {
	case c == '{':
		return "an object"
	case c == '[':
		return "a list"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "true or false"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	}
	return "not JSON"
}

// wantOfType says in JSON terms what a Go type of a record reads.
func wantOfType(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeOf(flexID{}):
		return "a string or a number"
	case reflect.TypeOf(rawAny{}):
		return "a JSON value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Name() == "RawMessage" {
			return "a JSON value"
		}
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return "something else"
}
