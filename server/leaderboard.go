package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// maxLeaderboardPage bounds ?page= so that the offset stays in range.
const maxLeaderboardPage = 10000

// leaderboardScope reads ?set= and ?period= (all or week) into a scope. A
// set's board is shown to its owner, admins and the candidates it was
// assigned to; to anyone else the set does not exist.
func (s *Server) leaderboardScope(c *gin.Context) (string, error) {
	period := c.Query("period")
	switch period {
	case "", "all", "week":
	default:
		return "", invalidField("period", "must be all or week")
	}
	v := c.Query("set")
	if v == "" {
		if period == "week" {
			return goprep.WeekScope(s.cfg.Now()), nil
		}
		return goprep.LeaderboardScopeAll, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return "", invalidField("set", "must be a positive integer")
	}
	if period == "week" {
		return "", invalidField("period", "a set's leaderboard has no weekly ranking; leave period out or use all")
	}
	p := principal(c)
	if p == nil {
		return "", errNoCredentials
	}
	if err := s.canSeeSetBoard(c, id, p.User); err != nil {
		return "", err
	}
	return goprep.SetScope(id), nil
}

// canSeeSetBoard allows a set's owner, admins and its candidates.
func (s *Server) canSeeSetBoard(c *gin.Context, setID int64, u *goprep.User) error {
	ctx := c.Request.Context()
	set, err := s.deps.Sets.SetByID(ctx, setID)
	if err != nil {
		return err
	}
	if set.OwnerID == u.ID || u.Role == goprep.RoleAdmin {
		return nil
	}
	_, err = s.deps.Sets.CandidateAssignment(ctx, setID, u.ID)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		return goprep.Errorf(goprep.ENOTFOUND, "problem set not found")
	}
	return err
}

// leaderboardPage reads ?limit=, ?cursor= and ?page= (1-based, instead of a
// cursor).
func leaderboardPage(c *gin.Context) (goprep.Page, error) {
	p, err := pageQuery(c)
	if err != nil {
		return p, err
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLeaderboardPage {
			return p, invalidField("page", "must be an integer from 1 to 10000")
		}
		if p.Cursor != "" {
			return p, invalidField("page", "cannot be combined with cursor")
		}
		p.Offset = (n - 1) * p.Limit
	}
	return p, nil
}

// handleLeaderboardList answers GET /leaderboard: a ranking, best first,
// each row with its rank.
func (s *Server) handleLeaderboardList(c *gin.Context) {
	scope, err := s.leaderboardScope(c)
	if err != nil {
		writeError(c, err)
		return
	}
	page, err := leaderboardPage(c)
	if err != nil {
		writeError(c, err)
		return
	}
	rows, next, total, err := s.deps.Leaderboard.Leaderboard(c.Request.Context(), scope, page)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(rows, next, total))
}

// handleLeaderboardMe answers GET /leaderboard/me: the caller's row and rank
// in a ranking; 404 while the caller has no graded submission there.
func (s *Server) handleLeaderboardMe(c *gin.Context) {
	scope, err := s.leaderboardScope(c)
	if err != nil {
		writeError(c, err)
		return
	}
	row, _, err := s.deps.Leaderboard.LeaderboardRank(c.Request.Context(), scope, currentUser(c).ID)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		err = goprep.Errorf(goprep.ENOTFOUND, "You are not on this leaderboard yet: a graded submission puts you on it.")
	}
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, row)
}
