package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
)

var _ goprep.ProblemService = (*DB)(nil)

type problemRow struct {
	ID          int64 `gorm:"primaryKey"`
	Slug        string
	TitleEN     string `gorm:"column:title_en"`
	TitleZH     string `gorm:"column:title_zh"`
	Topics      string
	Difficulty  string
	Kind        string
	StatementEN string `gorm:"column:statement_en"`
	StatementZH string `gorm:"column:statement_zh"`
	Starter     string
	PublicTests string
	TimeMS      int   `gorm:"column:time_ms"`
	MemoryBytes int64 `gorm:"column:memory_bytes"`
	OutputBytes int64 `gorm:"column:output_bytes"`
	Checks      string
	Spec        string
	ContentHash string
	Source      string
	AuthorID    *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (problemRow) TableName() string { return "problems" }

func problemToRow(p *goprep.Problem) problemRow {
	spec := string(p.Spec)
	if spec == "" {
		spec = "{}"
	}
	return problemRow{
		ID: p.ID, Slug: p.Slug, TitleEN: p.TitleEN, TitleZH: p.TitleZH,
		Topics: toJSON(nonNil(p.Topics), "[]"), Difficulty: p.Difficulty, Kind: p.Kind,
		StatementEN: p.StatementEN, StatementZH: p.StatementZH,
		Starter: toJSON(p.Starter, "{}"), PublicTests: toJSON(p.PublicTests, "{}"),
		TimeMS: p.Limits.TimeMS, MemoryBytes: p.Limits.MemoryBytes, OutputBytes: p.Limits.OutputBytes,
		Checks: toJSON(nonNil(p.Checks), "[]"), Spec: spec, ContentHash: p.ContentHash,
		Source: p.Source, AuthorID: p.AuthorID,
	}
}

func (r *problemRow) domain() (*goprep.Problem, error) {
	p := &goprep.Problem{
		ID: r.ID, Slug: r.Slug, TitleEN: r.TitleEN, TitleZH: r.TitleZH, Difficulty: r.Difficulty,
		Kind: r.Kind, StatementEN: r.StatementEN, StatementZH: r.StatementZH,
		Limits:      goprep.Limits{TimeMS: r.TimeMS, MemoryBytes: r.MemoryBytes, OutputBytes: r.OutputBytes},
		Spec:        []byte(r.Spec),
		ContentHash: r.ContentHash, Source: r.Source, AuthorID: r.AuthorID,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
	var err error
	if p.Topics, err = fromJSON[[]string](r.Topics, "problems.topics"); err != nil {
		return nil, err
	}
	if p.Checks, err = fromJSON[[]string](r.Checks, "problems.checks"); err != nil {
		return nil, err
	}
	if p.Starter, err = fromJSON[map[string]string](r.Starter, "problems.starter"); err != nil {
		return nil, err
	}
	if p.PublicTests, err = fromJSON[map[string]string](r.PublicTests, "problems.public_tests"); err != nil {
		return nil, err
	}
	p.Topics, p.Checks = nonNil(p.Topics), nonNil(p.Checks)
	return p, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// problemHash is the content hash of the stored fields of p, used when the
// caller (an API author) gives none.
func problemHash(p *goprep.Problem) string {
	c := *p
	c.ID, c.ContentHash, c.CreatedAt, c.UpdatedAt = 0, "", time.Time{}, time.Time{}
	b, _ := json.Marshal(struct {
		P    goprep.Problem
		Spec string
	}{c, string(p.Spec)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func checkProblem(p *goprep.Problem) error {
	if p.Slug == "" || p.TitleEN == "" {
		return goprep.Errorf(goprep.EINVALID, "a problem needs a slug and an English title")
	}
	switch p.Difficulty {
	case goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard:
	default:
		return goprep.Errorf(goprep.EINVALID, "unknown difficulty %q", p.Difficulty)
	}
	if len(p.Spec) > 0 && !json.Valid(p.Spec) {
		return goprep.Errorf(goprep.EINVALID, "problem spec is not JSON")
	}
	if p.Kind == "" {
		p.Kind = "implement"
	}
	if p.Source == "" {
		p.Source = "catalog"
	}
	return nil
}

// UpsertProblem inserts p or updates the problem with its slug. When the
// stored content hash equals p's, nothing is written and changed is false.
// p.ID and the timestamps are set from the row.
func (db *DB) UpsertProblem(ctx context.Context, p *goprep.Problem) (changed bool, err error) {
	if err := checkProblem(p); err != nil {
		return false, err
	}
	if p.ContentHash == "" {
		p.ContentHash = problemHash(p)
	}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		var cur problemRow
		err := tx.Select("id", "content_hash", "created_at", "updated_at").Where("slug = ?", p.Slug).Take(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			r := problemToRow(p)
			r.ID, r.CreatedAt, r.UpdatedAt = 0, now, now
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
			p.ID, p.CreatedAt, p.UpdatedAt, changed = r.ID, now, now, true
			return nil
		case err != nil:
			return err
		case cur.ContentHash == p.ContentHash:
			p.ID, p.CreatedAt, p.UpdatedAt = cur.ID, utc(cur.CreatedAt), utc(cur.UpdatedAt)
			return nil
		}
		r := problemToRow(p)
		r.ID, r.CreatedAt, r.UpdatedAt = cur.ID, cur.CreatedAt, now
		if err := tx.Select("*").Omit("id", "created_at").Where("id = ?", cur.ID).Updates(&r).Error; err != nil {
			return err
		}
		p.ID, p.CreatedAt, p.UpdatedAt, changed = cur.ID, utc(cur.CreatedAt), now, true
		return nil
	})
	return changed, dbError(err, "upsert problem "+p.Slug, fmt.Sprintf("problem %q", p.Slug))
}

// ProblemBySlug returns the problem with slug, Spec included.
func (db *DB) ProblemBySlug(ctx context.Context, slug string) (*goprep.Problem, error) {
	var r problemRow
	if err := db.reader(ctx).Where("slug = ?", slug).Take(&r).Error; err != nil {
		return nil, dbError(err, "problem by slug", fmt.Sprintf("problem %q", slug))
	}
	return r.domain()
}

// likePattern escapes s for a LIKE ... ESCAPE '\' substring pattern.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// jsonArrayHas is a condition that a JSON array column holds the string value.
func (db *DB) jsonArrayHas(column string) string {
	if db.dialect == "postgres" {
		return column + " @> jsonb_build_array(?::text)"
	}
	return "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE json_each.value = ?)"
}

// ListProblems lists problems in catalog order (by id), filtered by topic,
// difficulty and a substring of the slug or titles. Spec is left out.
func (db *DB) ListProblems(ctx context.Context, f goprep.ProblemFilter, p goprep.Page) ([]*goprep.Problem, string, int64, error) {
	p = p.Normalize()
	after, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	filtered := func() *gorm.DB {
		q := db.reader(ctx).Model(&problemRow{})
		if f.Topic != "" {
			q = q.Where(db.jsonArrayHas("topics"), f.Topic)
		}
		if f.Difficulty != "" {
			q = q.Where("difficulty = ?", f.Difficulty)
		}
		if f.Q != "" {
			pat := likePattern(f.Q)
			q = q.Where(`(lower(slug) LIKE ? ESCAPE '\' OR lower(title_en) LIKE ? ESCAPE '\' OR lower(title_zh) LIKE ? ESCAPE '\')`, pat, pat, pat)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count problems", "problem")
	}
	var rows []problemRow
	if err := filtered().Omit("spec").Where("id > ?", after).Order("id").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list problems", "problem")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.Problem, 0, len(rows))
	for i := range rows {
		pr, err := rows[i].domain()
		if err != nil {
			return nil, "", 0, err
		}
		pr.Spec = nil
		out = append(out, pr)
	}
	return out, next, total, nil
}
