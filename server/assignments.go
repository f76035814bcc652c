package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// assignmentView is an assignment as its candidate sees it: with its set,
// its state and when it closes.
type assignmentView struct {
	*goprep.Assignment
	State  string             `json:"state"`
	EndsAt time.Time          `json:"ends_at"`
	Set    *goprep.ProblemSet `json:"set"`
}

func (s *Server) viewAssignment(c *gin.Context, a *goprep.Assignment) (*assignmentView, error) {
	set, err := s.deps.Sets.SetByID(c.Request.Context(), a.SetID)
	if err != nil {
		return nil, err
	}
	return &assignmentView{Assignment: a, State: a.State(s.cfg.Now()), EndsAt: a.EndsAt(), Set: set}, nil
}

// handleAssignmentList answers GET /assignments: the caller's assignments,
// newest first, each with its set.
func (s *Server) handleAssignmentList(c *gin.Context) {
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	as, next, total, err := s.deps.Sets.ListAssignments(c.Request.Context(), currentUser(c).ID, page)
	if err != nil {
		writeError(c, err)
		return
	}
	views := make([]*assignmentView, 0, len(as))
	for _, a := range as {
		v, err := s.viewAssignment(c, a)
		if err != nil {
			writeError(c, err)
			return
		}
		views = append(views, v)
	}
	writeJSON(c, http.StatusOK, newList(views, next, total))
}

// handleAssignmentStart answers POST /assignments/{id}/start: the candidate
// starts the clock. Starting again returns the assignment unchanged; after
// the deadline it is gone (410). From the start until it closes, the
// candidate's submissions to the set's problems count in the set's report
// and leaderboard.
func (s *Server) handleAssignmentStart(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	a, err := s.deps.Sets.StartAssignment(c.Request.Context(), id, currentUser(c).ID, s.cfg.Now())
	if err != nil {
		switch goprep.ErrorCode(err) {
		case goprep.ENOTFOUND:
			err = goprep.Errorf(goprep.ENOTFOUND, "Assignment %d not found.", id)
		case goprep.EGONE:
			err = goprep.Errorf(goprep.EGONE, "The assignment's deadline has passed; it can no longer be started.")
		}
		writeError(c, err)
		return
	}
	v, err := s.viewAssignment(c, a)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, v)
}
