package catalog

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/goprep/goprep"
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
	entries, err := LoadKB(os.DirFS(dir))
	if err != nil {
		return err
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
	return nil
}
