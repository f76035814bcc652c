package server

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// userPatchRequest is the body of PATCH /admin/users/{id}; absent fields stay.
type userPatchRequest struct {
	Role     *goprep.Role `json:"role"`
	Disabled *bool        `json:"disabled"`
	Name     *string      `json:"name"`
}

// handleAdminUserList lists every account, a page at a time.
func (s *Server) handleAdminUserList(c *gin.Context) {
	p, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	users, next, total, err := s.deps.Users.ListUsers(c.Request.Context(), p)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(users, next, total))
}

// handleAdminUserUpdate changes a user's role, name or disabled flag.
// Disabling a user or changing the role ends the user's sessions; an admin
// cannot demote or disable themself (so there is always someone to undo it).
func (s *Server) handleAdminUserUpdate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	var req userPatchRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	fields := map[string]string{}
	if req.Role != nil && !req.Role.Valid() {
		fields["role"] = "must be candidate, interviewer or admin"
	}
	if req.Name != nil {
		n := strings.TrimSpace(*req.Name)
		if n == "" || utf8.RuneCountInString(n) > goprep.MaxNameLen || !utf8.ValidString(n) {
			fields["name"] = "must be valid text of 1 to 100 characters"
		}
		req.Name = &n
	}
	if len(fields) > 0 {
		writeError(c, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid user update.", Fields: fields})
		return
	}
	me := currentUser(c)
	if id == me.ID && ((req.Role != nil && *req.Role != me.Role) || (req.Disabled != nil && *req.Disabled)) {
		writeError(c, goprep.Errorf(goprep.ECONFLICT, "Admins cannot change their own role or disable themselves."))
		return
	}
	ctx := c.Request.Context()
	u, err := s.deps.Users.UserByID(ctx, id)
	if err != nil {
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			err = goprep.Errorf(goprep.ENOTFOUND, "User %d not found.", id)
		}
		writeError(c, err)
		return
	}
	endSessions := false
	if req.Role != nil && *req.Role != u.Role {
		u.Role, endSessions = *req.Role, true
	}
	if req.Disabled != nil && *req.Disabled != u.Disabled {
		u.Disabled = *req.Disabled
		endSessions = endSessions || u.Disabled
	}
	if req.Name != nil {
		u.Name = *req.Name
	}
	u.UpdatedAt = s.cfg.Now()
	if err := s.deps.Users.UpdateUser(ctx, u); err != nil {
		writeError(c, err)
		return
	}
	if endSessions {
		if err := s.deps.Auth.RevokeUserRefreshTokens(ctx, u.ID); err != nil {
			writeError(c, err)
			return
		}
	}
	writeJSON(c, http.StatusOK, u)
}
