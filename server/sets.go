package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// setCreateRequest is the body of POST /sets.
type setCreateRequest struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Problems    []string `json:"problems"`
}

// validate checks the request's fields and trims the title.
func (r *setCreateRequest) validate() error {
	fields := map[string]string{}
	r.Title = strings.TrimSpace(r.Title)
	if r.Title == "" {
		fields["title"] = "is required"
	} else if !utf8.ValidString(r.Title) || utf8.RuneCountInString(r.Title) > goprep.MaxSetTitleLen {
		fields["title"] = "must be valid text of at most 200 characters"
	}
	if !utf8.ValidString(r.Description) || utf8.RuneCountInString(r.Description) > goprep.MaxSetDescriptionLen {
		fields["description"] = "must be valid text of at most 10000 characters"
	}
	seen := map[string]bool{}
	switch {
	case len(r.Problems) == 0:
		fields["problems"] = "must list at least one problem slug"
	case len(r.Problems) > goprep.MaxSetProblems:
		fields["problems"] = "must list at most 50 problems"
	}
	for _, slug := range r.Problems {
		if len(slug) > 100 || !slugPattern.MatchString(slug) {
			fields["problems"] = "must be problem slugs (see /api/v1/problems)"
			break
		}
		if seen[slug] {
			fields["problems"] = "lists " + slug + " twice"
			break
		}
		seen[slug] = true
	}
	if len(fields) > 0 {
		return &goprep.Error{Code: goprep.EINVALID, Message: "Invalid problem set.", Fields: fields}
	}
	return nil
}

// handleSetCreate answers POST /sets: an interviewer's problem set.
func (s *Server) handleSetCreate(c *gin.Context) {
	var req setCreateRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := req.validate(); err != nil {
		writeError(c, err)
		return
	}
	set := &goprep.ProblemSet{OwnerID: currentUser(c).ID, Title: req.Title, Description: req.Description, Problems: req.Problems}
	if err := s.deps.Sets.CreateSet(c.Request.Context(), set); err != nil {
		if goprep.ErrorCode(err) == goprep.EINVALID { // an unknown slug
			err = &goprep.Error{Code: goprep.EINVALID, Message: "Invalid problem set: " + goprep.ErrorMessage(err) + ".",
				Fields: map[string]string{"problems": goprep.ErrorMessage(err)}}
		}
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/sets/"+strconv.FormatInt(set.ID, 10))
	writeJSON(c, http.StatusCreated, set)
}

// ownSet loads the set of the {id} path parameter when the caller owns it or
// is an admin; to anyone else it does not exist.
func (s *Server) ownSet(c *gin.Context) (*goprep.ProblemSet, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return nil, err
	}
	return ownedByCaller(c, "Problem set", id, s.deps.Sets.SetByID, func(set *goprep.ProblemSet) int64 { return set.OwnerID })
}

// ownedByCaller loads resource id with load and returns it when the caller
// owns it (ownerOf) or is an admin. To anyone else it does not exist: the
// answer is the same 404 ("<what> <id> not found.") as for a missing one.
func ownedByCaller[T any](c *gin.Context, what string, id int64, load func(context.Context, int64) (T, error), ownerOf func(T) int64) (T, error) {
	v, err := load(c.Request.Context(), id)
	if err == nil {
		if u := currentUser(c); ownerOf(v) != u.ID && u.Role != goprep.RoleAdmin {
			err = goprep.Errorf(goprep.ENOTFOUND, "not yours")
		}
	}
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		var none T
		return none, goprep.Errorf(goprep.ENOTFOUND, "%s %d not found.", what, id)
	}
	return v, err
}

// handleSetGet answers GET /sets/{id} for the set's owner or an admin.
func (s *Server) handleSetGet(c *gin.Context) {
	set, err := s.ownSet(c)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, set)
}

// handleSetList answers GET /sets: the caller's sets, newest first (admins:
// everyone's).
func (s *Server) handleSetList(c *gin.Context) {
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	u := currentUser(c)
	owner := u.ID
	if u.Role == goprep.RoleAdmin {
		owner = 0
	}
	sets, next, total, err := s.deps.Sets.ListSets(c.Request.Context(), owner, page)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(sets, next, total))
}

// assignmentCreateRequest is the body of POST /sets/{id}/assignments: the
// candidate by id or email, the deadline (RFC 3339) and the time limit in
// seconds (0: none). With Invite, an email that no account has gets an
// invited account (named Name) and an invitation link.
type assignmentCreateRequest struct {
	UserID     int64  `json:"user_id"`
	Email      string `json:"email"`
	Name       string `json:"name"`
	Invite     bool   `json:"invite"`
	Deadline   string `json:"deadline"`
	TimeLimitS int    `json:"time_limit_seconds"`
}

// assignmentCreated answers POST /sets/{id}/assignments: the assignment, and
// the invitation when one was issued (its token is shown only here).
type assignmentCreated struct {
	*goprep.Assignment
	Invitation *invitationLink `json:"invitation,omitempty"`
}

// assignee finds the candidate a request names.
func (s *Server) assignee(c *gin.Context, req *assignmentCreateRequest) (*goprep.User, error) {
	ctx := c.Request.Context()
	var (
		u     *goprep.User
		err   error
		field string
	)
	switch {
	case (req.UserID != 0) == (req.Email != ""):
		return nil, &goprep.Error{Code: goprep.EINVALID, Message: "Name the candidate by user_id or by email (one of them).",
			Fields: map[string]string{"user_id": "give user_id or email", "email": "give user_id or email"}}
	case req.UserID < 0:
		return nil, invalidField("user_id", "must be a positive integer")
	case req.UserID > 0:
		field = "user_id"
		u, err = s.deps.Users.UserByID(ctx, req.UserID)
	default:
		field = "email"
		email := goprep.NormalizeEmail(req.Email)
		if err := goprep.ValidateEmail(email); err != nil {
			return nil, invalidField("email", goprep.ErrorMessage(err))
		}
		u, err = s.deps.Users.UserByEmail(ctx, email)
	}
	if goprep.ErrorCode(err) == goprep.ENOTFOUND || (err == nil && u.Disabled) {
		if field == "email" {
			return nil, &goprep.Error{Code: goprep.EINVALID,
				Message: `No active account has this email; send "invite": true to create an invited account and get a sign-up link for it.`,
				Fields:  map[string]string{"email": `no active account has it (send "invite": true to invite them)`}}
		}
		return nil, invalidField(field, "no active account has it")
	}
	return u, err
}

// handleAssignmentCreate answers POST /sets/{id}/assignments: the set's owner
// (or an admin) gives it to a candidate.
func (s *Server) handleAssignmentCreate(c *gin.Context) {
	set, err := s.ownSet(c)
	if err != nil {
		writeError(c, err)
		return
	}
	var req assignmentCreateRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	var deadline time.Time
	if req.Deadline != "" {
		deadline, err = time.Parse(time.RFC3339, req.Deadline)
		if err != nil {
			writeError(c, invalidField("deadline", "must be an RFC 3339 time, e.g. 2026-12-01T18:00:00Z"))
			return
		}
	}
	if err := goprep.ValidateAssignmentTerms(deadline, req.TimeLimitS, s.cfg.Now()); err != nil {
		writeError(c, err)
		return
	}
	if req.Invite {
		s.inviteAssignee(c, set, &req, deadline)
		return
	}
	cand, err := s.assignee(c, &req)
	if err != nil {
		writeError(c, err)
		return
	}
	a := &goprep.Assignment{SetID: set.ID, CandidateID: cand.ID, Deadline: deadline.UTC(), TimeLimitS: req.TimeLimitS}
	if err := s.deps.Sets.CreateAssignment(c.Request.Context(), a); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			err = goprep.Errorf(goprep.ECONFLICT, "User %d already has this set.", cand.ID)
		}
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, assignmentCreated{Assignment: a})
}

// reportCandidate names the candidate of a report row.
type reportCandidate struct {
	ID    int64            `json:"id"`
	Name  string           `json:"name"`
	Email string           `json:"email"`
	State goprep.UserState `json:"state"`
}

// setReportRow is one candidate's line of a set's report.
type setReportRow struct {
	Assignment *goprep.Assignment     `json:"assignment"`
	Candidate  reportCandidate        `json:"candidate"`
	State      string                 `json:"state"`
	StartedAt  *time.Time             `json:"started_at"`
	EndsAt     time.Time              `json:"ends_at"`
	Score      float64                `json:"score"`
	Solved     int                    `json:"solved"`
	Problems   []goprep.ProblemReport `json:"problems"`
}

// handleSetReport answers GET /sets/{id}/report for the set's owner or an
// admin: per candidate (oldest assignment first, paged), the assignment, its
// state, and per problem the best graded submission and every submission id.
func (s *Server) handleSetReport(c *gin.Context) {
	set, err := s.ownSet(c)
	if err != nil {
		writeError(c, err)
		return
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	as, next, total, err := s.deps.Sets.ListSetAssignments(ctx, set.ID, page)
	if err != nil {
		writeError(c, err)
		return
	}
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	subs, err := s.deps.Sets.AssignmentSubmissions(ctx, ids)
	if err != nil {
		writeError(c, err)
		return
	}
	byAssignment := map[int64][]*goprep.Submission{}
	for _, sub := range subs {
		byAssignment[*sub.AssignmentID] = append(byAssignment[*sub.AssignmentID], sub)
	}
	now := s.cfg.Now()
	rows := make([]setReportRow, 0, len(as))
	for _, a := range as {
		u, err := s.deps.Users.UserByID(ctx, a.CandidateID)
		if err != nil {
			writeError(c, err)
			return
		}
		row := setReportRow{Assignment: a, Candidate: reportCandidate{ID: u.ID, Name: u.Name, Email: u.Email, State: u.State},
			State: a.State(now), StartedAt: a.StartedAt, EndsAt: a.EndsAt(),
			Problems: goprep.ReportProblems(set.Problems, byAssignment[a.ID])}
		for _, p := range row.Problems {
			row.Score += p.BestScore
			if p.BestVerdict == goprep.VerdictAC {
				row.Solved++
			}
		}
		rows = append(rows, row)
	}
	writeJSON(c, http.StatusOK, newList(rows, next, total))
}
