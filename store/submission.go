package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/goprep/goprep"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var _ goprep.SubmissionService = (*DB)(nil)

// MaxClaims is how many times a submission may be claimed. A submission whose
// lease expired after MaxClaims claims (a worker crashed on it every time) is
// not claimed again but marked failed with verdict IE.
const MaxClaims = 5

type submissionRow struct {
	ID           int64 `gorm:"primaryKey"`
	UserID       int64
	ProblemID    int64
	AssignmentID *int64
	Kind         string
	Files        string
	Status       string
	Verdict      string
	Score        float64
	Result       *string
	Progress     *string
	Attempts     int
	LeaseOwner   string
	LeaseUntil   *time.Time
	CreatedAt    time.Time
	StartedAt    *time.Time
	FinishedAt   *time.Time
	// ProblemSlug is read from a join with problems, never written.
	ProblemSlug string `gorm:"->;column:problem_slug"`
}

func (submissionRow) TableName() string { return "submissions" }

func (r *submissionRow) domain() (*goprep.Submission, error) {
	s := &goprep.Submission{
		ID: r.ID, UserID: r.UserID, ProblemID: r.ProblemID, ProblemSlug: r.ProblemSlug,
		AssignmentID: r.AssignmentID, Kind: r.Kind, Status: r.Status, Verdict: goprep.Verdict(r.Verdict),
		Score: r.Score, Attempts: r.Attempts, LeaseOwner: r.LeaseOwner, LeaseUntil: utcPtr(r.LeaseUntil),
		CreatedAt: utc(r.CreatedAt), StartedAt: utcPtr(r.StartedAt), FinishedAt: utcPtr(r.FinishedAt),
	}
	if r.Files != "" {
		files, err := fromJSON[map[string]string](r.Files, "submissions.files")
		if err != nil {
			return nil, err
		}
		s.Files = files
	}
	if r.Result != nil && *r.Result != "" {
		s.Result = json.RawMessage(*r.Result)
	}
	if r.Progress != nil {
		p, err := fromJSON[[]goprep.StageProgress](*r.Progress, "submissions.progress")
		if err != nil {
			return nil, err
		}
		s.Progress = p
	}
	return s, nil
}

// submissionQuery selects submissions with their problem's slug.
func submissionQuery(q *gorm.DB) *gorm.DB {
	return q.Table("submissions").
		Select("submissions.*, problems.slug AS problem_slug").
		Joins("JOIN problems ON problems.id = submissions.problem_id")
}

// CreateSubmission stores s as queued and sets its ID, Status, Attempts and
// CreatedAt. The problem is s.ProblemID or, when that is 0, s.ProblemSlug.
// Kind defaults to submit.
func (db *DB) CreateSubmission(ctx context.Context, s *goprep.Submission) error {
	if s.Kind == "" {
		s.Kind = goprep.KindSubmit
	}
	if s.Kind != goprep.KindSubmit && s.Kind != goprep.KindRun {
		return goprep.Errorf(goprep.EINVALID, "unknown submission kind %q", s.Kind)
	}
	if s.UserID == 0 {
		return goprep.Errorf(goprep.EINVALID, "a submission needs a user")
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var p problemRow
		q := tx.Select("id", "slug")
		if s.ProblemID != 0 {
			q = q.Where("id = ?", s.ProblemID)
		} else {
			q = q.Where("slug = ?", s.ProblemSlug)
		}
		if err := q.Take(&p).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return goprep.Errorf(goprep.ENOTFOUND, "problem %q not found", s.ProblemSlug)
			}
			return err
		}
		now := db.now()
		r := submissionRow{UserID: s.UserID, ProblemID: p.ID, AssignmentID: s.AssignmentID, Kind: s.Kind,
			Files: toJSON(s.Files, "{}"), Status: goprep.StatusQueued, CreatedAt: now}
		if err := tx.Omit("problem_slug").Create(&r).Error; err != nil {
			return err
		}
		s.ID, s.ProblemID, s.ProblemSlug, s.Status, s.CreatedAt = r.ID, p.ID, p.Slug, r.Status, now
		s.Attempts, s.Verdict, s.Score, s.Result, s.Progress = 0, "", 0, nil, nil
		s.LeaseOwner, s.LeaseUntil, s.StartedAt, s.FinishedAt = "", nil, nil, nil
		return nil
	})
	return dbError(err, "create submission", "submission")
}

// SubmissionByID returns the submission with its files and result.
func (db *DB) SubmissionByID(ctx context.Context, id int64) (*goprep.Submission, error) {
	return db.submissionByID(db.reader(ctx), id)
}

func (db *DB) submissionByID(q *gorm.DB, id int64) (*goprep.Submission, error) {
	var r submissionRow
	if err := submissionQuery(q).Where("submissions.id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err, fmt.Sprintf("submission %d", id), "submission")
	}
	return r.domain()
}

// submissionListColumns are the columns of a submission in a list: all but
// its files, result and progress.
const submissionListColumns = "submissions.id, submissions.user_id, submissions.problem_id, submissions.assignment_id, submissions.kind, " +
	"submissions.status, submissions.verdict, submissions.score, submissions.attempts, submissions.created_at, " +
	"submissions.started_at, submissions.finished_at, problems.slug AS problem_slug"

// ListSubmissions lists submissions newest first. To keep pages small it
// leaves Files, Result and Progress out; SubmissionByID returns them.
func (db *DB) ListSubmissions(ctx context.Context, f goprep.SubmissionFilter, p goprep.Page) ([]*goprep.Submission, string, int64, error) {
	p = p.Normalize()
	before, err := decodeKeyCursor(p.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	filtered := func(q *gorm.DB) *gorm.DB {
		if f.UserID != 0 {
			q = q.Where("submissions.user_id = ?", f.UserID)
		}
		if f.ProblemID != 0 {
			q = q.Where("submissions.problem_id = ?", f.ProblemID)
		}
		if f.Kind != "" {
			q = q.Where("submissions.kind = ?", f.Kind)
		}
		if f.SetID != 0 {
			q = q.Where("submissions.assignment_id IN (SELECT id FROM assignments WHERE set_id = ?)", f.SetID)
		}
		return q
	}
	var total int64
	if err := filtered(db.reader(ctx).Table("submissions")).Count(&total).Error; err != nil {
		return nil, "", 0, dbError(err, "count submissions", "submission")
	}
	q := filtered(db.reader(ctx).Table("submissions")).Select(submissionListColumns).
		Joins("JOIN problems ON problems.id = submissions.problem_id")
	if before > 0 {
		q = q.Where("submissions.id < ?", before)
	}
	var rows []submissionRow
	if err := q.Order("submissions.id DESC").Limit(p.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", 0, dbError(err, "list submissions", "submission")
	}
	next := ""
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		next = keyCursor(rows[len(rows)-1].ID)
	}
	out := make([]*goprep.Submission, 0, len(rows))
	for i := range rows {
		s, err := rows[i].domain()
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, s)
	}
	return out, next, total, nil
}

// QueueDepth counts queued submissions and running ones whose lease expired.
func (db *DB) QueueDepth(ctx context.Context) (int64, error) {
	var n int64
	err := db.reader(ctx).Model(&submissionRow{}).
		Where("status = ? OR (status = ? AND lease_until < ?)", goprep.StatusQueued, goprep.StatusRunning, db.now()).
		Count(&n).Error
	if err != nil {
		return 0, dbError(err, "queue depth", "submission")
	}
	return n, nil
}

// ClaimSubmission leases the oldest claimable submission (queued, or running
// with an expired lease) to owner until now+lease and increments its
// Attempts. It clears the progress a previous claim recorded, so a judging
// that starts over after a lease expired is shown from its first stage. It
// returns ENOTFOUND when there is nothing to claim. Owners must
// be unique per worker; a lease is checked by owner only.
//
// Postgres: SELECT … FOR UPDATE SKIP LOCKED then UPDATE in one transaction,
// so concurrent judges on several machines never take the same row. SQLite:
// one UPDATE … WHERE id = (SELECT …) RETURNING on the single writer
// connection, which serializes claims.
func (db *DB) ClaimSubmission(ctx context.Context, owner string, lease time.Duration) (*goprep.Submission, error) {
	if owner == "" || lease <= 0 {
		return nil, goprep.Errorf(goprep.EINVALID, "a claim needs an owner and a positive lease")
	}
	// Give up on submissions that crashed their workers MaxClaims times.
	now := db.now()
	if err := db.writer(ctx).Model(&submissionRow{}).
		Where("status = ? AND lease_until < ? AND attempts >= ?", goprep.StatusRunning, now, MaxClaims).
		Updates(map[string]any{"status": goprep.StatusFailed, "verdict": string(goprep.VerdictIE),
			"lease_owner": "", "lease_until": nil, "finished_at": now, "progress": nil}).Error; err != nil {
		return nil, dbError(err, "fail exhausted submissions", "submission")
	}
	var s *goprep.Submission
	err := db.tx(ctx, func(tx *gorm.DB) error {
		until := now.Add(lease)
		var id int64
		if db.dialect == "postgres" {
			var ids []int64
			err := tx.Raw(`SELECT id FROM submissions
				WHERE status = 'queued' OR (status = 'running' AND lease_until < ?)
				ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, now).Scan(&ids).Error
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				return goprep.Errorf(goprep.ENOTFOUND, "no submission to claim")
			}
			res := tx.Exec(`UPDATE submissions SET status = 'running', lease_owner = ?, lease_until = ?,
				attempts = attempts + 1, progress = NULL, started_at = COALESCE(started_at, ?) WHERE id = ?`, owner, until, now, ids[0])
			if res.Error != nil {
				return res.Error
			}
			id = ids[0]
		} else {
			var ids []int64
			err := tx.Raw(`UPDATE submissions SET status = 'running', lease_owner = ?, lease_until = ?,
				attempts = attempts + 1, progress = NULL, started_at = COALESCE(started_at, ?)
				WHERE id = (SELECT min(id) FROM (
					SELECT id FROM (SELECT id FROM submissions WHERE status = 'queued' ORDER BY id LIMIT 1)
					UNION ALL
					SELECT id FROM (SELECT id FROM submissions WHERE status = 'running' AND lease_until < ? ORDER BY id LIMIT 1)))
				RETURNING id`, owner, until, now, now).Scan(&ids).Error
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				return goprep.Errorf(goprep.ENOTFOUND, "no submission to claim")
			}
			id = ids[0]
		}
		var err error
		s, err = db.submissionByID(tx, id)
		return err
	})
	if err != nil {
		return nil, dbError(err, "claim submission", "submission")
	}
	return s, nil
}

// RenewLease extends owner's lease on id to now+lease; ECONFLICT when owner no
// longer holds it.
func (db *DB) RenewLease(ctx context.Context, id int64, owner string, lease time.Duration) error {
	res := db.writer(ctx).Model(&submissionRow{}).
		Where("id = ? AND status = ? AND lease_owner = ?", id, goprep.StatusRunning, owner).
		Update("lease_until", db.now().Add(lease))
	if res.Error != nil {
		return dbError(res.Error, fmt.Sprintf("renew lease on submission %d", id), "submission")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ECONFLICT, "submission %d is not leased to %s", id, owner)
	}
	return nil
}

// RecordProgress replaces the progress recorded on a submission owner holds
// with stages (at most MaxProgressStages; messages are cut to
// MaxProgressMessage bytes). ECONFLICT when owner does not hold it.
func (db *DB) RecordProgress(ctx context.Context, id int64, owner string, stages []goprep.StageProgress) error {
	if len(stages) > goprep.MaxProgressStages {
		return goprep.Errorf(goprep.EINVALID, "at most %d stages of progress, not %d", goprep.MaxProgressStages, len(stages))
	}
	stages = slices.Clone(stages)
	for i := range stages {
		stages[i].Message = cutUTF8(stages[i].Message, goprep.MaxProgressMessage)
	}
	res := db.writer(ctx).Model(&submissionRow{}).
		Where("id = ? AND status = ? AND lease_owner = ?", id, goprep.StatusRunning, owner).
		Update("progress", toJSON(stages, "[]"))
	if res.Error != nil {
		return dbError(res.Error, fmt.Sprintf("record progress of submission %d", id), "submission")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ECONFLICT, "submission %d is not leased to %s", id, owner)
	}
	return nil
}

// cutUTF8 cuts s to at most n bytes, at a character boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ReleaseSubmission puts a submission owner holds back in the queue and
// clears its progress. Attempts keeps counting the claim. ECONFLICT when
// owner does not hold it.
func (db *DB) ReleaseSubmission(ctx context.Context, id int64, owner string) error {
	res := db.writer(ctx).Model(&submissionRow{}).
		Where("id = ? AND status = ? AND lease_owner = ?", id, goprep.StatusRunning, owner).
		Updates(map[string]any{"status": goprep.StatusQueued, "lease_owner": "", "lease_until": nil, "progress": nil})
	if res.Error != nil {
		return dbError(res.Error, fmt.Sprintf("release submission %d", id), "submission")
	}
	if res.RowsAffected == 0 {
		return goprep.Errorf(goprep.ECONFLICT, "submission %d is not leased to %s", id, owner)
	}
	return nil
}

// FinishSubmission stores the outcome of a submission owner holds, with status
// done or failed, and ends the lease. For a graded (kind submit, status done,
// verdict not IE) submission whose score beats the user's best for the
// problem, it raises the best score and adds the gain to the leaderboard rows
// "all" and "week:<ISO year-week of now>" (and counts a first AC as solved),
// all in the same transaction. A submission made within an assignment also
// raises the row of the assignment's set ("set:<id>") when it beats the
// user's best on that problem within the assignment. A graded submission
// also queues its submission.graded webhook deliveries in the same
// transaction, so an event is sent exactly when a grade is stored. ECONFLICT when owner no longer holds the lease,
// so a submission is scored at most once.
func (db *DB) FinishSubmission(ctx context.Context, id int64, owner string, status string, v goprep.Verdict, score float64, result json.RawMessage) error {
	if status != goprep.StatusDone && status != goprep.StatusFailed {
		return goprep.Errorf(goprep.EINVALID, "a finished submission is done or failed, not %q", status)
	}
	if v != "" && !v.Valid() {
		return goprep.Errorf(goprep.EINVALID, "unknown verdict %q", v)
	}
	if len(result) > 0 && !json.Valid(result) {
		return goprep.Errorf(goprep.EINVALID, "result is not JSON")
	}
	var res *string
	if len(result) > 0 {
		s := string(result)
		res = &s
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		now := db.now()
		upd := tx.Model(&submissionRow{}).
			Where("id = ? AND status = ? AND lease_owner = ?", id, goprep.StatusRunning, owner).
			Updates(map[string]any{"status": status, "verdict": string(v), "score": score, "result": res,
				"lease_owner": "", "lease_until": nil, "finished_at": now})
		if upd.Error != nil {
			return upd.Error
		}
		if upd.RowsAffected == 0 {
			return goprep.Errorf(goprep.ECONFLICT, "submission %d is not leased to %s", id, owner)
		}
		var r submissionRow
		if err := tx.Select("id", "user_id", "problem_id", "assignment_id", "kind").Where("id = ?", id).Take(&r).Error; err != nil {
			return err
		}
		if r.Kind != goprep.KindSubmit || status != goprep.StatusDone || v == goprep.VerdictIE {
			return nil
		}
		if err := db.recordScore(tx, r.UserID, r.ProblemID, r.ID, v, score, now); err != nil {
			return err
		}
		if r.AssignmentID != nil {
			if err := db.recordSetScore(tx, &r, v, score, now); err != nil {
				return err
			}
		}
		return db.enqueueSubmissionGraded(tx, r.ID, now)
	})
	return dbError(err, fmt.Sprintf("finish submission %d", id), "submission")
}

type bestScoreRow struct {
	UserID       int64 `gorm:"primaryKey"`
	ProblemID    int64 `gorm:"primaryKey"`
	SubmissionID int64
	Score        float64
	Verdict      string
	AchievedAt   time.Time
}

func (bestScoreRow) TableName() string { return "best_scores" }

// recordScore raises the user's best score on the problem and the leaderboard
// rows when score beats it. It runs inside FinishSubmission's transaction.
func (db *DB) recordScore(tx *gorm.DB, userID, problemID, submissionID int64, v goprep.Verdict, score float64, now time.Time) error {
	best := bestScoreRow{UserID: userID, ProblemID: problemID, SubmissionID: submissionID,
		Score: score, Verdict: string(v), AchievedAt: now}
	ins := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&best)
	if ins.Error != nil {
		return ins.Error
	}
	var gain float64
	solved := 0
	if ins.RowsAffected == 1 {
		gain = score
		if v == goprep.VerdictAC {
			solved = 1
		}
	} else {
		var old bestScoreRow
		q := tx.Where("user_id = ? AND problem_id = ?", userID, problemID)
		if db.dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Take(&old).Error; err != nil {
			return err
		}
		if score <= old.Score {
			return nil
		}
		gain = score - old.Score
		if v == goprep.VerdictAC && old.Verdict != string(goprep.VerdictAC) {
			solved = 1
		}
		if err := tx.Model(&bestScoreRow{}).Where("user_id = ? AND problem_id = ?", userID, problemID).
			Updates(map[string]any{"submission_id": submissionID, "score": score, "verdict": string(v), "achieved_at": now}).Error; err != nil {
			return err
		}
	}
	if gain <= 0 && solved == 0 {
		return nil
	}
	for _, scope := range []string{goprep.LeaderboardScopeAll, goprep.WeekScope(now)} {
		err := tx.Exec(`INSERT INTO leaderboard_rows (scope, user_id, score, solved, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (scope, user_id) DO UPDATE SET score = leaderboard_rows.score + excluded.score,
			solved = leaderboard_rows.solved + excluded.solved, updated_at = excluded.updated_at`,
			scope, userID, gain, solved, now).Error
		if err != nil {
			return fmt.Errorf("leaderboard %s: %w", scope, err)
		}
	}
	return nil
}

// recordSetScore adds a graded submission made within an assignment to the
// leaderboard row of the assignment's set: the gain over the user's best
// earlier score on the problem within that assignment, and a first AC there
// as solved. It runs inside FinishSubmission's transaction; on Postgres the
// assignment row is locked first, so two submissions of one assignment
// finishing at once are counted one after the other.
func (db *DB) recordSetScore(tx *gorm.DB, r *submissionRow, v goprep.Verdict, score float64, now time.Time) error {
	lock := ""
	if db.dialect == "postgres" {
		lock = " FOR UPDATE"
	}
	var setIDs []int64
	if err := tx.Raw("SELECT set_id FROM assignments WHERE id = ?"+lock, *r.AssignmentID).Scan(&setIDs).Error; err != nil {
		return err
	}
	if len(setIDs) == 0 {
		return nil // the assignment was deleted meanwhile
	}
	var prev struct {
		N    int64
		Best float64
		AC   int
	}
	err := tx.Raw(`SELECT count(*) AS n, COALESCE(MAX(score), 0) AS best,
		COALESCE(MAX(CASE WHEN verdict = ? THEN 1 ELSE 0 END), 0) AS ac
		FROM submissions WHERE user_id = ? AND problem_id = ? AND assignment_id = ? AND id <> ?
		AND kind = ? AND status = ? AND verdict <> ?`,
		string(goprep.VerdictAC), r.UserID, r.ProblemID, *r.AssignmentID, r.ID,
		goprep.KindSubmit, goprep.StatusDone, string(goprep.VerdictIE)).Scan(&prev).Error
	if err != nil {
		return err
	}
	gain, solved := score, 0
	if prev.N > 0 {
		gain = max(0, score-prev.Best)
	}
	if v == goprep.VerdictAC && prev.AC == 0 {
		solved = 1
	}
	if gain <= 0 && solved == 0 {
		return nil
	}
	scope := goprep.SetScope(setIDs[0])
	err = tx.Exec(`INSERT INTO leaderboard_rows (scope, user_id, score, solved, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (scope, user_id) DO UPDATE SET score = leaderboard_rows.score + excluded.score,
		solved = leaderboard_rows.solved + excluded.solved, updated_at = excluded.updated_at`,
		scope, r.UserID, gain, solved, now).Error
	if err != nil {
		return fmt.Errorf("leaderboard %s: %w", scope, err)
	}
	return nil
}
