package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge"
)

// Report says what an import did.
type Report struct {
	KBAdded, KBUpdated, KBUnchanged              int
	ProblemsAdded, ProblemsUpdated, ProblemsSame int
	// Conflicts lists entries edited through the API whose files changed too:
	// the database keeps the API's version and the file's change is not applied.
	Conflicts []string
}

// Print writes a human summary of r.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "knowledge base: %d added, %d updated, %d unchanged\n", r.KBAdded, r.KBUpdated, r.KBUnchanged)
	fmt.Fprintf(w, "problems:       %d added, %d updated, %d unchanged\n", r.ProblemsAdded, r.ProblemsUpdated, r.ProblemsSame)
	for _, c := range r.Conflicts {
		fmt.Fprintf(w, "conflict: %s\n", c)
	}
}

// ImportKB loads every entry under dir into kb. Unchanged entries (same
// content hash) are left alone; entries edited through the API are never
// overwritten and are reported as conflicts instead.
func ImportKB(ctx context.Context, dir string, kb goprep.KBService, r *Report) error {
	// A malformed entry is reported; the others still load.
	entries, loadErr := LoadKB(os.DirFS(dir))
	if len(entries) == 0 && loadErr != nil {
		return loadErr
	}
	for _, e := range entries {
		_, err := kb.KBEntryBySlug(ctx, e.Slug)
		isNew := goprep.ErrorCode(err) == goprep.ENOTFOUND
		if err != nil && !isNew {
			return fmt.Errorf("import kb entry %s: %w", e.Slug, err)
		}
		changed, err := kb.UpsertKBEntry(ctx, e)
		switch {
		case goprep.ErrorCode(err) == goprep.ECONFLICT:
			r.Conflicts = append(r.Conflicts, fmt.Sprintf("kb entry %s: %s", e.Slug, goprep.ErrorMessage(err)))
		case err != nil:
			return fmt.Errorf("import kb entry %s: %w", e.Slug, err)
		case isNew:
			r.KBAdded++
		case changed:
			r.KBUpdated++
		default:
			r.KBUnchanged++
		}
	}
	return loadErr
}

// ImportProblems loads every problem folder under dir into ps. A problem whose
// content hash is unchanged is left alone.
func ImportProblems(ctx context.Context, dir string, ps goprep.ProblemService, r *Report) error {
	// A problem folder that does not load is reported; the others still load.
	pkgs, loadErr := judge.LoadCatalog(dir)
	if len(pkgs) == 0 && loadErr != nil {
		return loadErr
	}
	for _, pkg := range pkgs {
		p := pkg.Problem()
		_, err := ps.ProblemBySlug(ctx, p.Slug)
		isNew := goprep.ErrorCode(err) == goprep.ENOTFOUND
		if err != nil && !isNew {
			return fmt.Errorf("import problem %s: %w", p.Slug, err)
		}
		changed, err := ps.UpsertProblem(ctx, p)
		switch {
		case err != nil:
			return fmt.Errorf("import problem %s: %w", p.Slug, err)
		case isNew:
			r.ProblemsAdded++
		case changed:
			r.ProblemsUpdated++
		default:
			r.ProblemsSame++
		}
	}
	return loadErr
}

// Import loads the problems under problemsDir and the entries under kbDir.
// An empty directory name skips that part.
func Import(ctx context.Context, problemsDir, kbDir string, ps goprep.ProblemService, kb goprep.KBService) (*Report, error) {
	r := &Report{}
	var errs []error
	if problemsDir != "" {
		errs = append(errs, ImportProblems(ctx, problemsDir, ps, r))
	}
	if kbDir != "" {
		errs = append(errs, ImportKB(ctx, kbDir, kb, r))
	}
	return r, errors.Join(errs...)
}
