package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
)

// importKB copies real knowledge-base topic folders (of kb/) into a temp
// dir, imports it into e's store and returns the dir.
func (e *env) importKB(topics ...string) string {
	e.t.Helper()
	dir := e.t.TempDir()
	for _, tp := range topics {
		files, err := filepath.Glob(filepath.Join("..", "kb", tp, "*.md"))
		if err != nil || len(files) == 0 {
			e.t.Fatalf("kb/%s: %v (%d files)", tp, err, len(files))
		}
		if err := os.Mkdir(filepath.Join(dir, tp), 0o755); err != nil {
			e.t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				e.t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tp, filepath.Base(f)), b, 0o644); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	var r catalog.Report
	if err := catalog.ImportKB(context.Background(), dir, e.db, &r); err != nil {
		e.t.Fatalf("import %v: %v", topics, err)
	}
	if r.KBAdded == 0 {
		e.t.Fatalf("import %v: nothing added", topics)
	}
	return dir
}

type kbHitList struct {
	Items []goprep.KBHit `json:"items"`
	Total int64          `json:"total"`
	Next  *string        `json:"next"`
}

func (e *env) search(query string, token string) kbHitList {
	e.t.Helper()
	res := e.do(req{Method: "GET", Path: "/api/v1/kb/entries?" + query, Token: token})
	if res.Status != http.StatusOK {
		e.t.Fatalf("search %s: %d %s", query, res.Status, res.Body)
	}
	var l kbHitList
	res.JSON(e.t, &l)
	return l
}

func TestKBSearch(t *testing.T) {
	e := newEnv(t)
	e.importKB("slices", "context", "map-syncmap")

	for _, tt := range []struct{ q, want string }{
		{"growslice", "slice-growth-strategy"},
		{"切片 扩容", "slice-growth-strategy"},
		{"WithCancelCause", "context-cancel-cause"},
		{"concurrent map writes", "map-concurrent-write-fatal"},
	} {
		l := e.search("q="+url.QueryEscape(tt.q), "") // anonymous
		if len(l.Items) == 0 || l.Items[0].Entry.Slug != tt.want {
			var got []string
			for _, h := range l.Items {
				got = append(got, h.Entry.Slug)
			}
			t.Errorf("q=%q: got %v, want %s first", tt.q, got, tt.want)
			continue
		}
		if l.Total < 1 || l.Items[0].Snippet == "" {
			t.Errorf("q=%q: total %d, snippet %q", tt.q, l.Total, l.Items[0].Snippet)
		}
	}

	// Filters: a topic lists only its entries; pages chain with next.
	u := e.register(goprep.RoleCandidate)
	all := e.search("topic=slices&limit=2", u.Access)
	if all.Total < 3 || len(all.Items) != 2 || all.Next == nil {
		t.Fatalf("topic=slices page 1: total %d, %d items, next %v", all.Total, len(all.Items), all.Next)
	}
	seen := map[string]bool{}
	next := ""
	for page := 0; page < 20; page++ {
		q := "topic=slices&limit=2"
		if next != "" {
			q += "&cursor=" + url.QueryEscape(next)
		}
		l := e.search(q, u.Access)
		for _, h := range l.Items {
			if h.Entry.Topic != "slices" || seen[h.Entry.Slug] {
				t.Fatalf("page %d: %s (topic %s) repeated or off-topic", page, h.Entry.Slug, h.Entry.Topic)
			}
			seen[h.Entry.Slug] = true
		}
		if l.Next == nil {
			break
		}
		next = *l.Next
	}
	if int64(len(seen)) != all.Total {
		t.Errorf("paged through %d entries, total says %d", len(seen), all.Total)
	}
	if l := e.search("q=growslice&topic=context", ""); l.Total != 0 {
		t.Errorf("growslice in context: %d hits", l.Total)
	}
	if l := e.search("q=growslice&difficulty=medium&lang=en", ""); l.Total < 1 {
		t.Errorf("growslice, medium, en: no hit")
	}
}

func TestKBBadParams(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{"lang=fr", "difficulty=impossible", "topic=cooking", "limit=0", "limit=101", "limit=x",
		"q=" + strings.Repeat("x", 201), "cursor=" + strings.Repeat("c", 600)} {
		p := problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/entries?" + q}), http.StatusBadRequest)
		if len(p.Errors) == 0 {
			t.Errorf("%s: no field errors: %+v", q, p)
		}
	}
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/entries/0"}), http.StatusBadRequest)
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/entries/999"}), http.StatusNotFound)
	// A bad credential is refused even where anonymous reads are allowed.
	problem(t, e.do(req{Method: "GET", Path: "/api/v1/kb/topics", Token: "nonsense"}), http.StatusUnauthorized)
}

func TestKBTopicsAndGet(t *testing.T) {
	e := newEnv(t)
	e.importKB("slices")
	res := e.do(req{Method: "GET", Path: "/api/v1/kb/topics"})
	if res.Status != http.StatusOK {
		t.Fatalf("topics: %d %s", res.Status, res.Body)
	}
	var topics struct {
		Items []struct {
			Slug    string `json:"slug"`
			Entries int64  `json:"entries"`
		} `json:"items"`
	}
	res.JSON(t, &topics)
	if len(topics.Items) != len(goprep.Topics) {
		t.Fatalf("%d topics, want %d", len(topics.Items), len(goprep.Topics))
	}
	counts, err := e.db.KBTopics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, tp := range topics.Items {
		if tp.Slug != goprep.Topics[i].Slug || tp.Entries != counts[tp.Slug] {
			t.Errorf("topic %d: %+v, want %s with %d", i, tp, goprep.Topics[i].Slug, counts[tp.Slug])
		}
	}
	if counts["slices"] == 0 {
		t.Fatal("no slices entries counted")
	}

	want, err := e.db.KBEntryBySlug(context.Background(), "slice-growth-strategy")
	if err != nil {
		t.Fatal(err)
	}
	res = e.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/kb/entries/%d", want.ID)})
	var got goprep.KBEntry
	res.JSON(t, &got)
	if res.Status != http.StatusOK || got.Slug != want.Slug || got.ZH.Question != want.ZH.Question {
		t.Fatalf("get: %d %s", res.Status, res.Body)
	}
}

func TestKBAuthoring(t *testing.T) {
	e := newEnv(t)
	kbDir := e.importKB("slices")
	cand := e.register(goprep.RoleCandidate)
	iv := e.register(goprep.RoleInterviewer)
	body := map[string]any{
		"slug": "channel-close-twice", "topic": "channel-internals", "difficulty": "easy",
		"tags": []string{"close", "panic"},
		"en":   map[string]string{"question": "What happens when you close a channel twice?", "short_answer": "It panics."},
		"zh":   map[string]string{"question": "关闭一个 channel 两次会怎样？", "short_answer": "会 panic。"},
	}
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Body: body}), http.StatusUnauthorized)
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Body: body, Token: cand.Access}), http.StatusForbidden)

	bad := map[string]any{"slug": "Bad Slug", "topic": "cooking", "difficulty": "hardest"}
	p := problem(t, e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Body: bad, Token: iv.Access}), http.StatusBadRequest)
	for _, f := range []string{"slug", "topic", "difficulty", "question"} {
		if p.Errors[f] == "" {
			t.Errorf("bad entry: no error for %s: %v", f, p.Errors)
		}
	}

	res := e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Body: body, Token: iv.Access})
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var created goprep.KBEntry
	res.JSON(t, &created)
	if created.Source != "api" || !created.EditedViaAPI || created.Version != 1 ||
		res.Header.Get("Location") != fmt.Sprintf("/api/v1/kb/entries/%d", created.ID) {
		t.Fatalf("created: %+v, Location %q", created, res.Header.Get("Location"))
	}
	problem(t, e.do(req{Method: "POST", Path: "/api/v1/kb/entries", Body: body, Token: iv.Access}), http.StatusConflict)
	if l := e.search("q="+url.QueryEscape("关闭")+"&lang=zh", ""); l.Total != 1 || l.Items[0].Entry.ID != created.ID {
		t.Errorf("search for the new entry: %+v", l)
	}

	// Edit a catalog entry: optimistic version, then the catalog import
	// does not overwrite it.
	cat, err := e.db.KBEntryBySlug(context.Background(), "slice-growth-strategy")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/kb/entries/%d", cat.ID)
	edit := map[string]any{"slug": cat.Slug, "topic": cat.Topic, "difficulty": "hard", "tags": cat.Tags,
		"en": cat.EN, "zh": cat.ZH, "version": cat.Version}
	problem(t, e.do(req{Method: "PUT", Path: path, Body: edit, Token: cand.Access}), http.StatusForbidden)
	stale := map[string]any{}
	for k, v := range edit {
		stale[k] = v
	}
	stale["version"] = cat.Version + 5
	problem(t, e.do(req{Method: "PUT", Path: path, Body: stale, Token: iv.Access}), http.StatusConflict)
	stale["version"], stale["slug"] = cat.Version, "another-slug"
	problem(t, e.do(req{Method: "PUT", Path: path, Body: stale, Token: iv.Access}), http.StatusBadRequest)

	res = e.do(req{Method: "PUT", Path: path, Body: edit, Token: iv.Access})
	var edited goprep.KBEntry
	res.JSON(t, &edited)
	if res.Status != http.StatusOK || edited.Version != cat.Version+1 || edited.Difficulty != "hard" || !edited.EditedViaAPI || edited.Source != "api" {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "PUT", Path: path, Body: edit, Token: iv.Access}), http.StatusConflict) // old version now

	var r catalog.Report
	if err := catalog.ImportKB(context.Background(), kbDir, e.db, &r); err != nil {
		t.Fatal(err)
	}
	after, err := e.db.KBEntryByID(context.Background(), cat.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Difficulty != "hard" || after.Version != edited.Version || len(r.Conflicts) != 1 {
		t.Fatalf("catalog import overwrote the API edit: %+v, conflicts %v", after, r.Conflicts)
	}

	problem(t, e.do(req{Method: "DELETE", Path: path, Token: cand.Access}), http.StatusForbidden)
	if res := e.do(req{Method: "DELETE", Path: path, Token: iv.Access}); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	problem(t, e.do(req{Method: "DELETE", Path: path, Token: iv.Access}), http.StatusNotFound)
	problem(t, e.do(req{Method: "GET", Path: path}), http.StatusNotFound)
}
