package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/store"
)

func openStore(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "goprep.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// copyDir copies the regular files of src (recursively) into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportIdempotent imports a copy of the real catalog twice, then edits a
// file, then edits an entry through the service as the API would.
func TestImportIdempotent(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	kbDir := t.TempDir()
	copyDir(t, "../kb", kbDir)

	r, err := catalog.Import(ctx, "../problems", kbDir, db, db)
	if err != nil {
		t.Fatalf("first import: %v", err)
	}
	if r.KBAdded < 120 || r.ProblemsAdded < 2 || r.KBUpdated+r.KBUnchanged+r.ProblemsUpdated+r.ProblemsSame != 0 {
		t.Fatalf("first import: %+v", r)
	}
	added := r.KBAdded

	r, err = catalog.Import(ctx, "../problems", kbDir, db, db)
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	if r.KBAdded+r.KBUpdated+r.ProblemsAdded+r.ProblemsUpdated != 0 || r.KBUnchanged != added {
		t.Fatalf("second import changed something: %+v", r)
	}

	// Editing a file updates its row and nothing else.
	path := filepath.Join(kbDir, "slices", "slice-append-in-callee.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "## Pitfalls\n", "## Pitfalls\n- An extra line added by the import test.\n", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = catalog.Import(ctx, "", kbDir, db, db)
	if err != nil {
		t.Fatal(err)
	}
	if r.KBUpdated != 1 || r.KBAdded != 0 || r.KBUnchanged != added-1 {
		t.Fatalf("after editing one file: %+v", r)
	}
	e, err := db.KBEntryBySlug(ctx, "slice-append-in-callee")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.EN.Pitfalls, "added by the import test") || e.Version != 2 {
		t.Fatalf("entry not updated: version %d, pitfalls %q", e.Version, e.EN.Pitfalls)
	}

	// An entry edited through the API is never overwritten by its file.
	e.EN.ShortAnswer = "Edited through the API."
	e.EditedViaAPI, e.Source, e.ContentHash = true, "api", ""
	if _, err := db.UpsertKBEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil { // the file changes again
		t.Fatal(err)
	}
	r, err = catalog.Import(ctx, "", kbDir, db, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Conflicts) != 1 || !strings.Contains(r.Conflicts[0], "slice-append-in-callee") {
		t.Fatalf("conflicts = %q, want one for slice-append-in-callee", r.Conflicts)
	}
	got, err := db.KBEntryBySlug(ctx, "slice-append-in-callee")
	if err != nil {
		t.Fatal(err)
	}
	if got.EN.ShortAnswer != "Edited through the API." {
		t.Fatalf("the API edit was overwritten: %q", got.EN.ShortAnswer)
	}
}

// TestImportReportsBrokenFiles: a malformed entry is reported by name and the
// rest still loads.
func TestImportReportsBrokenFiles(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	kbDir := t.TempDir()
	copyDir(t, "../kb/slices", filepath.Join(kbDir, "slices"))
	if err := os.WriteFile(filepath.Join(kbDir, "slices", "broken.md"), []byte("no front matter"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := catalog.Import(ctx, "", kbDir, db, db)
	if err == nil || !strings.Contains(err.Error(), "slices/broken.md") {
		t.Fatalf("err = %v, want it to name slices/broken.md", err)
	}
	if r.KBAdded < 5 {
		t.Fatalf("the good entries did not load: %+v", r)
	}
}

// TestSearchFindsTheObviousEntry runs searches a candidate would type against
// the real knowledge base and expects the obviously right entry first.
func TestSearchFindsTheObviousEntry(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	if _, err := catalog.Import(ctx, "", "../kb", db, db); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q, lang, want string
	}{
		{"wg.Add inside goroutine", "", "wg-add-inside-goroutine"},
		{"errgroup SetLimit", "", "errgroup-setlimit-trygo"},
		{"time.After loop", "", "time-after-in-loop"},
		{"互斥锁 饥饿模式", "zh", "mutex-starvation-mode"},
		{"切片 扩容", "zh", "slice-growth-strategy"},
		// One word alone, where several entries mention it in their question.
		{"扩容", "", "slice-growth-strategy"},
		{"逃逸分析", "", "gc-escape-analysis"},
		{"GMP", "", "gmp-overview"}, // named by slug and tags; the text writes G-M-P
		{"map 并发", "", "map-concurrent-write-fatal"},
		{"sync.Map", "en", "syncmap-vs-mutex-map-benchmarks"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			hits, _, total, err := db.SearchKB(ctx, goprep.KBQuery{Q: tt.q, Lang: tt.lang}, goprep.Page{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Entry.Slug)
			}
			if len(hits) == 0 || hits[0].Entry.Slug != tt.want {
				t.Fatalf("top hits %v (of %d), want %s first", got, total, tt.want)
			}
			if !strings.Contains(hits[0].Snippet, "<mark>") && tt.q != "GMP" {
				t.Errorf("snippet has no highlight: %q", hits[0].Snippet)
			}
		})
	}
}
