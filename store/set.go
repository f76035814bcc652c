package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
)

var _ goprep.SetService = (*DB)(nil)

type problemSetRow struct {
	ID          int64 `gorm:"primaryKey"`
	OwnerID     int64
	Title       string
	Description string
	CreatedAt   time.Time
}

func (problemSetRow) TableName() string { return "problem_sets" }

type setProblemRow struct {
	SetID     int64 `gorm:"primaryKey"`
	Position  int   `gorm:"primaryKey"`
	ProblemID int64
}

func (setProblemRow) TableName() string { return "set_problems" }

type assignmentRow struct {
	ID          int64 `gorm:"primaryKey"`
	SetID       int64
	CandidateID int64
	Deadline    time.Time
	TimeLimitS  int `gorm:"column:time_limit_s"`
	StartedAt   *time.Time
	CreatedAt   time.Time
}

func (assignmentRow) TableName() string { return "assignments" }

func (r *assignmentRow) domain() *goprep.Assignment {
	return &goprep.Assignment{ID: r.ID, SetID: r.SetID, CandidateID: r.CandidateID, Deadline: utc(r.Deadline),
		TimeLimitS: r.TimeLimitS, StartedAt: utcPtr(r.StartedAt), CreatedAt: utc(r.CreatedAt)}
}

// CreateSet stores a set with its problems (slugs, in order) and sets s.ID
// and s.CreatedAt. EINVALID when a slug is unknown or repeated.
func (db *DB) CreateSet(ctx context.Context, s *goprep.ProblemSet) error {
	if strings.TrimSpace(s.Title) == "" || s.OwnerID == 0 {
		return goprep.Errorf(goprep.EINVALID, "a problem set needs an owner and a title")
	}
	seen := map[string]bool{}
	for _, slug := range s.Problems {
		if seen[slug] {
			return goprep.Errorf(goprep.EINVALID, "problem %q appears twice in the set", slug)
		}
		seen[slug] = true
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		ids := map[string]int64{}
		if len(s.Problems) > 0 {
			var rows []problemRow
			if err := tx.Select("id", "slug").Where("slug IN ?", s.Problems).Find(&rows).Error; err != nil {
				return err
			}
			for _, r := range rows {
				ids[r.Slug] = r.ID
			}
			for _, slug := range s.Problems {
				if ids[slug] == 0 {
					return goprep.Errorf(goprep.EINVALID, "unknown problem %q", slug)
				}
			}
		}
		now := db.now()
		r := problemSetRow{OwnerID: s.OwnerID, Title: s.Title, Description: s.Description, CreatedAt: now}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		if len(s.Problems) > 0 {
			sp := make([]setProblemRow, len(s.Problems))
			for i, slug := range s.Problems {
				sp[i] = setProblemRow{SetID: r.ID, Position: i, ProblemID: ids[slug]}
			}
			if err := tx.Create(&sp).Error; err != nil {
				return err
			}
		}
		s.ID, s.CreatedAt = r.ID, now
		if s.Problems == nil {
			s.Problems = []string{}
		}
		return nil
	})
	return dbError(err, "create set", "problem set")
}

// SetByID returns a set with its problems' slugs in order.
func (db *DB) SetByID(ctx context.Context, id int64) (*goprep.ProblemSet, error) {
	var r problemSetRow
	if err := db.reader(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("set %d", id), "problem set")
	}
	var slugs []string
	err := db.reader(ctx).Table("set_problems").Select("problems.slug").
		Joins("JOIN problems ON problems.id = set_problems.problem_id").
		Where("set_problems.set_id = ?", id).Order("set_problems.position").Scan(&slugs).Error
	if err != nil {
		return nil, dbError(err, fmt.Sprintf("set %d problems", id), "problem set")
	}
	return &goprep.ProblemSet{ID: r.ID, OwnerID: r.OwnerID, Title: r.Title, Description: r.Description,
		Problems: nonNil(slugs), CreatedAt: utc(r.CreatedAt)}, nil
}

// CreateAssignment gives a set to a candidate and sets a.ID and a.CreatedAt.
// ECONFLICT when the candidate already has this set; EINVALID when the set or
// the candidate does not exist.
func (db *DB) CreateAssignment(ctx context.Context, a *goprep.Assignment) error {
	if a.SetID == 0 || a.CandidateID == 0 || a.Deadline.IsZero() || a.TimeLimitS < 0 {
		return goprep.Errorf(goprep.EINVALID, "an assignment needs a set, a candidate, a deadline and a time limit ≥ 0")
	}
	now := db.now()
	r := assignmentRow{SetID: a.SetID, CandidateID: a.CandidateID, Deadline: micro(a.Deadline),
		TimeLimitS: a.TimeLimitS, CreatedAt: now}
	if err := db.writer(ctx).Create(&r).Error; err != nil {
		if classify(err) == uniqueViolation {
			return goprep.Errorf(goprep.ECONFLICT, "the candidate already has this set")
		}
		return dbError(err, "create assignment", "assignment")
	}
	a.ID, a.CreatedAt, a.Deadline, a.StartedAt = r.ID, now, r.Deadline, nil
	return nil
}

// AssignmentByID returns an assignment.
func (db *DB) AssignmentByID(ctx context.Context, id int64) (*goprep.Assignment, error) {
	var r assignmentRow
	if err := db.reader(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("assignment %d", id), "assignment")
	}
	return r.domain(), nil
}

// CandidateAssignment returns the candidate's assignment of a set.
func (db *DB) CandidateAssignment(ctx context.Context, setID, candidateID int64) (*goprep.Assignment, error) {
	var r assignmentRow
	if err := db.reader(ctx).Where("set_id = ? AND candidate_id = ?", setID, candidateID).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("assignment of set %d", setID), "assignment")
	}
	return r.domain(), nil
}

// ListAssignments lists a candidate's assignments, newest first (candidateID
// 0 lists everyone's).
func (db *DB) ListAssignments(ctx context.Context, candidateID int64, p goprep.Page) ([]*goprep.Assignment, string, int64, error) {
	p = p.Normalize()
	before, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	filtered := func() *gorm.DB {
		q := db.reader(ctx).Model(&assignmentRow{})
		if candidateID != 0 {
			q = q.Where("candidate_id = ?", candidateID)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count assignments", "assignment")
	}
	q := filtered()
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var rows []assignmentRow
	if err := q.Order("id DESC").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list assignments", "assignment")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.Assignment, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, total, nil
}

// StartAssignment starts the candidate's clock at `at` and returns the
// assignment. Starting again returns it unchanged. ENOTFOUND when it is not
// the candidate's; EGONE when the deadline has passed before it was started.
func (db *DB) StartAssignment(ctx context.Context, id, candidateID int64, at time.Time) (*goprep.Assignment, error) {
	var out *goprep.Assignment
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var r assignmentRow
		if err := tx.Where("id = ? AND candidate_id = ?", id, candidateID).Take(&r).Error; err != nil {
			return err
		}
		if r.StartedAt != nil {
			out = r.domain()
			return nil
		}
		if !at.Before(r.Deadline) {
			return goprep.Errorf(goprep.EGONE, "the assignment's deadline has passed")
		}
		started := micro(at)
		res := tx.Model(&assignmentRow{}).Where("id = ? AND started_at IS NULL", id).Update("started_at", started)
		if res.Error != nil {
			return res.Error
		}
		r.StartedAt = &started
		out = r.domain()
		return nil
	})
	if err != nil {
		return nil, dbError(err, fmt.Sprintf("start assignment %d", id), "assignment")
	}
	return out, nil
}

// ListSetAssignments lists the assignments of a set, oldest first, for the
// set's report.
func (db *DB) ListSetAssignments(ctx context.Context, setID int64, p goprep.Page) ([]*goprep.Assignment, string, int64, error) {
	p = p.Normalize()
	after, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	var total int64
	if err := db.reader(ctx).Model(&assignmentRow{}).Where("set_id = ?", setID).Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count set assignments", "assignment")
	}
	var rows []assignmentRow
	if err := db.reader(ctx).Where("set_id = ? AND id > ?", setID, after).Order("id").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list set assignments", "assignment")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.Assignment, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, total, nil
}

// ListSets lists the sets an owner made (ownerID 0: everyone's), newest
// first, with their problems.
func (db *DB) ListSets(ctx context.Context, ownerID int64, p goprep.Page) ([]*goprep.ProblemSet, string, int64, error) {
	p = p.Normalize()
	before, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	filtered := func() *gorm.DB {
		q := db.reader(ctx).Model(&problemSetRow{})
		if ownerID != 0 {
			q = q.Where("owner_id = ?", ownerID)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count sets", "problem set")
	}
	q := filtered()
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var rows []problemSetRow
	if err := q.Order("id DESC").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list sets", "problem set")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.ProblemSet, 0, len(rows))
	for _, r := range rows {
		s, err := db.SetByID(ctx, r.ID)
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, s)
	}
	return out, next, total, nil
}

// OpenAssignment returns the candidate's assignment that contains the
// problem and is open at now (started, before its deadline and time limit),
// the most recently started first.
func (db *DB) OpenAssignment(ctx context.Context, candidateID int64, problemSlug string, now time.Time) (*goprep.Assignment, error) {
	now = micro(now)
	var rows []assignmentRow
	err := db.reader(ctx).Table("assignments").Select("assignments.*").
		Joins("JOIN set_problems ON set_problems.set_id = assignments.set_id").
		Joins("JOIN problems ON problems.id = set_problems.problem_id").
		Where("assignments.candidate_id = ? AND problems.slug = ?", candidateID, problemSlug).
		Where("assignments.started_at IS NOT NULL AND assignments.started_at <= ? AND assignments.deadline > ?", now, now).
		Order("assignments.started_at DESC, assignments.id DESC").Limit(100).Find(&rows).Error
	if err != nil {
		return nil, dbError(err, fmt.Sprintf("open assignment of user %d", candidateID), "assignment")
	}
	for i := range rows {
		// The time limit is checked here rather than in SQL, where adding
		// seconds to a timestamp is written differently per dialect.
		if a := rows[i].domain(); a.State(now) == goprep.AssignmentOpen {
			return a, nil
		}
	}
	return nil, goprep.Errorf(goprep.ENOTFOUND, "no open assignment")
}

// AssignmentSubmissions lists the scored submissions made within the
// assignments, oldest first, without files or results (at most
// goprep.MaxReportSubmissions).
func (db *DB) AssignmentSubmissions(ctx context.Context, assignmentIDs []int64) ([]*goprep.Submission, error) {
	if len(assignmentIDs) == 0 {
		return []*goprep.Submission{}, nil
	}
	var rows []submissionRow
	err := db.reader(ctx).Table("submissions").Select(submissionListColumns).
		Joins("JOIN problems ON problems.id = submissions.problem_id").
		Where("submissions.assignment_id IN ? AND submissions.kind = ?", assignmentIDs, goprep.KindSubmit).
		Order("submissions.id").Limit(goprep.MaxReportSubmissions).Find(&rows).Error
	if err != nil {
		return nil, dbError(err, "assignment submissions", "submission")
	}
	out := make([]*goprep.Submission, 0, len(rows))
	for i := range rows {
		s, err := rows[i].domain()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
