package server_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
)

// importProblems loads the real problem catalog into e's store.
func (e *env) importProblems() {
	e.t.Helper()
	var r catalog.Report
	err := catalog.ImportProblems(context.Background(), "../problems", e.db, &r)
	if r.ProblemsAdded == 0 {
		e.t.Fatalf("import problems: nothing added (%v)", err)
	}
	if err != nil {
		e.t.Logf("import problems: %v", err) // a problem being written elsewhere
	}
}

type problemList struct {
	Items []goprep.Problem `json:"items"`
	Total int64            `json:"total"`
	Next  *string          `json:"next"`
}

func TestProblems(t *testing.T) {
	e := newEnv(t)
	e.importProblems()

	res := e.do(req{Method: "GET", Path: "/api/v1/problems?limit=100"})
	if res.Status != http.StatusOK {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	var all problemList
	res.JSON(t, &all)
	if all.Total < 2 || int64(len(all.Items)) != all.Total {
		t.Fatalf("list: total %d, %d items", all.Total, len(all.Items))
	}
	res = e.do(req{Method: "GET", Path: "/api/v1/problems?topic=sync&difficulty=easy&limit=100"})
	var some problemList
	res.JSON(t, &some)
	found := false
	for _, p := range some.Items {
		if p.Difficulty != "easy" || !strings.Contains(strings.Join(p.Topics, ","), "sync") {
			t.Errorf("filter let %s (%s %v) through", p.Slug, p.Difficulty, p.Topics)
		}
		found = found || p.Slug == "safe-counter"
	}
	if !found || some.Total >= all.Total {
		t.Errorf("topic=sync&difficulty=easy: %d of %d, safe-counter found %v", some.Total, all.Total, found)
	}

	// One problem: statement, starter and public tests; nothing private.
	res = e.do(req{Method: "GET", Path: "/api/v1/problems/safe-counter"})
	if res.Status != http.StatusOK {
		t.Fatalf("get: %d %s", res.Status, res.Body)
	}
	var p goprep.Problem
	res.JSON(t, &p)
	if p.StatementEN == "" || p.StatementZH == "" || p.Starter["counter.go"] == "" || p.PublicTests["public_test.go"] == "" {
		t.Fatalf("problem lacks public parts: %s", res.Body)
	}
	for name := range p.PublicTests {
		if name != "public_test.go" {
			t.Errorf("public tests include %s", name)
		}
	}
	funcName := regexp.MustCompile(`(?m)^func (\w+)`)
	for _, private := range []string{"tests/hidden_test.go", "tests/bench_test.go", "reference/counter.go", "mutants/racy-snapshot/counter.go"} {
		b, err := os.ReadFile(filepath.Join("..", "problems", "safe-counter", private))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range funcName.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "New" && strings.Contains(string(res.Body), m[1]) && !strings.Contains(p.PublicTests["public_test.go"]+p.Starter["counter.go"], m[1]) {
				t.Errorf("the problem shows %s from %s", m[1], private)
			}
		}
	}
	for _, key := range []string{`"spec"`, `"reference"`, `"mutants"`, `"hidden`} {
		if strings.Contains(string(res.Body), key) {
			t.Errorf("the problem has %s", key)
		}
	}

	for _, q := range []string{"topic=cooking", "difficulty=x", "limit=500", "cursor=" + strings.Repeat("c", 513)} {
		problem(t, e.do(req{Method: "GET", Path: "/api/v1/problems?" + q}), http.StatusBadRequest)
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/problems/no-such-problem"}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/problems/Bad_Slug"}), http.StatusBadRequest)
}
