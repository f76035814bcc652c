// Package envload fills a configuration struct from environment variables
// named in struct tags.
package envload

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Errors wrapped by Load's errors; test them with errors.Is.
var (
	ErrInvalidTarget = errors.New("envload: target must be a non-nil pointer to a struct")
	ErrMissing       = errors.New("required variable is not set")
	ErrParse         = errors.New("cannot parse value")
	ErrUnsupported   = errors.New("unsupported field type")
)

// FieldError reports which field and variable a failure is about.
type FieldError struct {
	Path string // Go field path from the top struct, e.g. "DB.Port"
	Var  string // the variable named in the tag, e.g. "DB_PORT"
	Err  error  // wraps ErrMissing, ErrParse or ErrUnsupported
}

// Error implements the error interface.
func (e *FieldError) Error() string {
	return fmt.Sprintf("envload: %s (%s): %v", e.Path, e.Var, e.Err)
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

var durationType = reflect.TypeFor[time.Duration]()

// Load sets the fields of the struct dst points to from the variables that
// lookup returns (os.LookupEnv in production). It stops at the first error.
func Load(dst any, lookup func(string) (string, bool)) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ErrInvalidTarget
	}
	return load(v.Elem(), "", lookup)
}

// load walks the fields of struct value v; prefix is v's path plus a dot.
func load(v reflect.Value, prefix string, lookup func(string) (string, bool)) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("env")
		if !tagged {
			// Embedded structs are flattened even when their type is
			// unexported: their exported fields are promoted and settable.
			// Named struct fields get their own path segment.
			if f.Type.Kind() == reflect.Struct && (f.Anonymous || f.IsExported()) {
				p := prefix + f.Name + "."
				if err := load(v.Field(i), p, lookup); err != nil {
					return err
				}
			}
			continue
		}
		if !f.IsExported() {
			continue // reflect cannot set it; ignore like encoding/json does
		}
		name, opts, _ := strings.Cut(tag, ",")
		path := prefix + f.Name
		raw, ok := lookup(name)
		if !ok {
			if opts == "required" {
				return &FieldError{Path: path, Var: name, Err: ErrMissing}
			}
			continue
		}
		if err := set(v.Field(i), raw); err != nil {
			return &FieldError{Path: path, Var: name, Err: err}
		}
	}
	return nil
}

// set parses raw into fv according to fv's type.
func set(fv reflect.Value, raw string) error {
	t := fv.Type()
	if t == durationType { // before the Int case: Duration's kind is Int64
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrParse, err)
		}
		fv.SetInt(int64(d))
		return nil
	}
	var err error
	switch t.Kind() {
	case reflect.String:
		fv.SetString(raw)
	case reflect.Bool:
		var b bool
		if b, err = strconv.ParseBool(raw); err == nil {
			fv.SetBool(b)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var n int64
		if n, err = strconv.ParseInt(raw, 10, t.Bits()); err == nil {
			fv.SetInt(n)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var n uint64
		if n, err = strconv.ParseUint(raw, 10, t.Bits()); err == nil {
			fv.SetUint(n)
		}
	case reflect.Float32, reflect.Float64:
		var x float64
		if x, err = strconv.ParseFloat(raw, t.Bits()); err == nil {
			fv.SetFloat(x)
		}
	case reflect.Slice:
		if t.Elem().Kind() != reflect.String {
			return ErrUnsupported
		}
		var items []string
		for item := range strings.SplitSeq(raw, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			s.Index(i).SetString(item)
		}
		fv.Set(s)
	default:
		return ErrUnsupported
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrParse, err)
	}
	return nil
}
