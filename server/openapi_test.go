package server_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ginParam matches a Gin path parameter (:id) or catch-all (*path).
var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// TestOpenAPIMatchesRoutes proves the document valid and that it documents
// exactly the routes the server registers.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, _ := loadOpenAPI(t)
	e := newEnv(t)

	var registered []string
	for _, r := range e.srv.Engine().Routes() {
		registered = append(registered, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(registered)
	sort.Strings(documented)
	if diff := cmp.Diff(registered, documented); diff != "" {
		t.Errorf("registered routes (-) vs openapi.json (+):\n%s", diff)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	// Every operation documents its errors as problem+json.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			r500 := op.Responses.Status(http.StatusInternalServerError)
			if r500 == nil || r500.Value.Content.Get("application/problem+json") == nil {
				t.Errorf("%s %s does not document 500 as problem+json", method, path)
			}
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	e := newEnv(t)
	res := e.do(req{Method: "GET", Path: "/api/v1/openapi.json"})
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	res.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3") || len(doc.Paths) < 5 {
		t.Errorf("served document: openapi %q, %d paths", doc.OpenAPI, len(doc.Paths))
	}
}
