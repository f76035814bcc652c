package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// submissionFileName is the form of a submitted file's name.
var submissionFileName = regexp.MustCompile(`^[a-z0-9_]+\.go$`)

// submissionRequest is the body of POST /problems/{slug}/submissions and /runs.
type submissionRequest struct {
	Files map[string]string `json:"files"`
}

// validateFiles checks the submitted files: 1 to MaxSubmissionFiles Go files
// named [a-z0-9_]+.go (no tests), valid UTF-8, MaxSubmissionBytes in all.
func validateFiles(files map[string]string) error {
	if len(files) == 0 {
		return invalidField("files", "must name at least one .go file")
	}
	if len(files) > goprep.MaxSubmissionFiles {
		return invalidField("files", fmt.Sprintf("at most %d files", goprep.MaxSubmissionFiles))
	}
	total := 0
	for name, code := range files {
		if len(name) > 64 || !submissionFileName.MatchString(name) || strings.HasSuffix(name, "_test.go") {
			return invalidField("files", "file names must match [a-z0-9_]+.go, at most 64 bytes, and not be tests (_test.go)")
		}
		if !utf8.ValidString(code) {
			return invalidField("files", "every file must be valid UTF-8")
		}
		total += len(code)
	}
	if total > goprep.MaxSubmissionBytes {
		return &goprep.Error{Code: goprep.ETOOLARGE, Message: fmt.Sprintf("The files are %d bytes; at most %d are allowed.", total, goprep.MaxSubmissionBytes),
			Fields: map[string]string{"files": fmt.Sprintf("at most %d bytes in all", goprep.MaxSubmissionBytes)}}
	}
	return nil
}

// handleSubmissionCreate answers POST /problems/{slug}/submissions: a scored
// submission, queued for the judge.
func (s *Server) handleSubmissionCreate(c *gin.Context) { s.createSubmission(c, goprep.KindSubmit) }

// handleRunCreate answers POST /problems/{slug}/runs: the public tests only,
// never scored.
func (s *Server) handleRunCreate(c *gin.Context) { s.createSubmission(c, goprep.KindRun) }

func (s *Server) createSubmission(c *gin.Context, kind string) {
	slug, err := problemSlug(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var body submissionRequest
	if err := decodeJSON(c, &body); err != nil {
		writeError(c, err)
		return
	}
	if err := validateFiles(body.Files); err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	depth, err := s.deps.Submissions.QueueDepth(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	if depth >= s.cfg.MaxQueueDepth {
		writeError(c, &goprep.Error{Code: goprep.EUNAVAILABLE, RetryAfter: 30,
			Message: "The judge is busy: too many submissions are waiting. Try again shortly."})
		return
	}
	sub := &goprep.Submission{UserID: currentUser(c).ID, ProblemSlug: slug, Kind: kind, Files: body.Files}
	if kind == goprep.KindSubmit && s.deps.Sets != nil {
		// A submission made while an assignment of the problem is open
		// belongs to it: it counts in the set's report and leaderboard.
		a, err := s.deps.Sets.OpenAssignment(ctx, sub.UserID, slug, s.cfg.Now())
		switch {
		case err == nil:
			sub.AssignmentID = &a.ID
		case goprep.ErrorCode(err) != goprep.ENOTFOUND:
			writeError(c, err)
			return
		}
	}
	if err := s.deps.Submissions.CreateSubmission(ctx, sub); err != nil {
		writeError(c, err)
		return
	}
	if s.deps.NotifyJudge != nil {
		s.deps.NotifyJudge()
	}
	c.Header("Location", "/api/v1/submissions/"+strconv.FormatInt(sub.ID, 10))
	writeJSON(c, http.StatusAccepted, gin.H{"id": sub.ID, "status": sub.Status})
}

// visibleSubmission loads the submission of the {id} path parameter when the
// caller may see it: its owner, the owner of the set whose assignment it was
// made in, or an admin. Anyone else gets ENOTFOUND, so ids of others'
// submissions reveal nothing.
func (s *Server) visibleSubmission(c *gin.Context) (*goprep.Submission, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	sub, err := s.deps.Submissions.SubmissionByID(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	if sub.UserID == u.ID || u.Role == goprep.RoleAdmin {
		return sub, nil
	}
	if sub.AssignmentID != nil && s.deps.Sets != nil && u.Role.AtLeast(goprep.RoleInterviewer) {
		ok, err := s.ownsAssignmentSet(c, *sub.AssignmentID, u.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			return sub, nil
		}
	}
	return nil, goprep.Errorf(goprep.ENOTFOUND, "submission not found")
}

// ownsAssignmentSet reports whether userID owns the set of an assignment.
func (s *Server) ownsAssignmentSet(c *gin.Context, assignmentID, userID int64) (bool, error) {
	ctx := c.Request.Context()
	a, err := s.deps.Sets.AssignmentByID(ctx, assignmentID)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	set, err := s.deps.Sets.SetByID(ctx, a.SetID)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return set.OwnerID == userID, nil
}

// handleSubmissionGet answers GET /submissions/{id}.
func (s *Server) handleSubmissionGet(c *gin.Context) {
	sub, err := s.visibleSubmission(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if finished(sub.Status) {
		// The result holds the stages.
		sub.Progress = nil
	}
	writeJSON(c, http.StatusOK, sub)
}

// withoutProgress is sub without its progress, for the event stream's status
// events (the stages go out as stage events).
func withoutProgress(sub *goprep.Submission) *goprep.Submission {
	cp := *sub
	cp.Progress = nil
	return &cp
}

// handleSubmissionList answers GET /submissions: the caller's own, or, for
// an admin, those of ?user=; with ?set=, for the set's owner or an admin,
// those made within the set's assignments.
func (s *Server) handleSubmissionList(c *gin.Context) {
	u := currentUser(c)
	f := goprep.SubmissionFilter{UserID: u.ID}
	if v := c.Query("set"); v != "" {
		// A set's owner (or an admin) lists what its candidates submitted
		// within their assignments, everyone's unless ?user= narrows it.
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			writeError(c, invalidField("set", "must be a positive integer"))
			return
		}
		_, err = ownedByCaller(c, "Problem set", id, s.deps.Sets.SetByID, func(set *goprep.ProblemSet) int64 { return set.OwnerID })
		if err != nil {
			writeError(c, err)
			return
		}
		f.SetID, f.UserID = id, 0
	}
	if v := c.Query("user"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			writeError(c, invalidField("user", "must be a positive integer"))
			return
		}
		if id != u.ID && u.Role != goprep.RoleAdmin && f.SetID == 0 {
			writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "Only admins may list other users' submissions (set owners: with set=)."))
			return
		}
		f.UserID = id
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if slug := c.Query("problem"); slug != "" {
		if len(slug) > 100 || !slugPattern.MatchString(slug) {
			writeError(c, invalidField("problem", "must be a problem slug"))
			return
		}
		p, err := s.deps.Problems.ProblemBySlug(ctx, slug)
		if err != nil {
			writeError(c, err)
			return
		}
		f.ProblemID = p.ID
	}
	items, next, total, err := s.deps.Submissions.ListSubmissions(ctx, f, page)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(items, next, total))
}

// finished reports whether a submission will not change any more.
func finished(status string) bool {
	return status == goprep.StatusDone || status == goprep.StatusFailed
}

// eventKeepAlive is how long an event stream may stay silent before a
// comment line is sent.
const eventKeepAlive = 15 * time.Second

// handleSubmissionEvents answers GET /submissions/{id}/events with
// server-sent events until the submission is done or failed, the client goes
// away or the server shuts down. It reads the row every EventPoll and sends:
//
//   - "status", the submission as JSON, at once and whenever its status
//     changes;
//   - "stage", one stage of the judging as the worker recorded it (the
//     judge's event: stage, status, duration_ms, verdict, message), for each
//     stage that started or ended since the last read, in pipeline order: a
//     running stage is sent once, then again when it ends. Stages come after
//     the status event that says running and before the one that says done
//     or failed. A submission judged again after a lease expired sends its
//     stages again from the first.
//
// The worker records the stages on the row (goprep.Submission.Progress), so
// they reach the stream whichever process or machine judges.
func (s *Server) handleSubmissionEvents(c *gin.Context) {
	sub, err := s.visibleSubmission(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	w := c.Writer
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	wrote := time.Now()
	send := func(event string, v any) bool {
		b, err := json.Marshal(v)
		if err != nil {
			return false
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return false
		}
		w.Flush()
		wrote = time.Now()
		return true
	}
	// sent is the progress the stream has shown of the current attempt.
	var sent []goprep.StageProgress
	attempt := sub.Attempts
	sendStages := func(cur *goprep.Submission) bool {
		if cur.Attempts != attempt || len(cur.Progress) < len(sent) {
			// Claimed again: the judging starts over.
			sent, attempt = nil, cur.Attempts
		}
		for i, st := range cur.Progress {
			if i < len(sent) && sent[i] == st {
				continue
			}
			if !send("stage", st) {
				return false
			}
		}
		sent = cur.Progress
		return true
	}
	last := sub.Status
	if !send("status", withoutProgress(sub)) || finished(last) || !sendStages(sub) {
		return
	}
	tick := time.NewTicker(s.cfg.EventPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		case <-tick.C:
		}
		cur, err := s.deps.Submissions.SubmissionByID(ctx, sub.ID)
		if err != nil {
			if ctx.Err() == nil {
				fmt.Fprint(w, "event: error\ndata: {\"detail\":\"The submission could not be read.\"}\n\n")
				w.Flush()
			}
			return
		}
		switch {
		case cur.Status == last:
			if !sendStages(cur) {
				return
			}
		case finished(cur.Status):
			// The last stages, then the result.
			if sendStages(cur) {
				send("status", withoutProgress(cur))
			}
			return
		default:
			last = cur.Status
			if !send("status", withoutProgress(cur)) || !sendStages(cur) {
				return
			}
		}
		if time.Since(wrote) >= eventKeepAlive {
			// A comment line keeps proxies from closing an idle stream.
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			w.Flush()
			wrote = time.Now()
		}
	}
}
