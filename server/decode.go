package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// decodeJSON reads the request body into v strictly: the content type must be
// application/json, the body one JSON object with no unknown fields and
// nothing after it. Errors carry goprep codes: EUNSUPPORTED (415), ETOOLARGE
// (413) or EINVALID (400) with a message that names the problem and, where
// it is known, the field.
func decodeJSON(c *gin.Context, v any) error {
	if err := requireJSONContentType(c.Request); err != nil {
		return err
	}
	if c.Request.Body == nil || c.Request.Body == http.NoBody {
		return goprep.Errorf(goprep.EINVALID, "The request body is empty; a JSON object is required.")
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	// Exactly one value: anything but white space after it is an error.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(mbe.Limit)
		}
		return goprep.Errorf(goprep.EINVALID, "The request body must contain a single JSON object.")
	}
	return nil
}

// requireJSONContentType accepts application/json with an optional
// charset=utf-8 parameter.
func requireJSONContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return goprep.Errorf(goprep.EUNSUPPORTED, "Content-Type must be application/json.")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return goprep.Errorf(goprep.EUNSUPPORTED, "Content-Type must be application/json.")
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return goprep.Errorf(goprep.EUNSUPPORTED, "Content-Type must be application/json (UTF-8).")
		}
	}
	return nil
}

// decodeError turns a decoder error into a safe, precise goprep error.
func decodeError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return tooLarge(mbe.Limit)
	case errors.Is(err, io.EOF):
		return goprep.Errorf(goprep.EINVALID, "The request body is empty; a JSON object is required.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return goprep.Errorf(goprep.EINVALID, "The request body is not valid JSON: it ends early.")
	case errors.As(err, &syn):
		return goprep.Errorf(goprep.EINVALID, "The request body is not valid JSON (at byte %d).", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return goprep.Errorf(goprep.EINVALID, "The request body must be a JSON object.")
		}
		return &goprep.Error{
			Code:    goprep.EINVALID,
			Message: fmt.Sprintf("Field %q has the wrong type.", typ.Field),
			Fields:  map[string]string{typ.Field: "must be " + jsonKind(typ.Type.Kind().String())},
		}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if !validFieldName(name) {
			name = "?"
		}
		return &goprep.Error{
			Code:    goprep.EINVALID,
			Message: fmt.Sprintf("Unknown field %q.", name),
			Fields:  map[string]string{name: "is not a known field"},
		}
	}
	return goprep.Errorf(goprep.EINVALID, "The request body is not valid JSON.")
}

// validFieldName reports whether a field name from the client is plain enough
// to echo back.
func validFieldName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	return bytes.IndexFunc([]byte(s), func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "another type"
}

// encodeJSON writes v as JSON followed by a newline.
func encodeJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}

// jsonRender writes a value as application/json with encoding/json.
type jsonRender struct{ v any }

// Render implements render.Render.
func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return encodeJSON(w, r.v)
}

// WriteContentType implements render.Render.
func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}

// writeJSON answers with status and v as JSON.
func writeJSON(c *gin.Context, status int, v any) {
	c.Render(status, jsonRender{v})
}
