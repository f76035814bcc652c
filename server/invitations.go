package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// invitationLink is the invitation of an assignment's answer: shown once.
type invitationLink struct {
	Token     string    `json:"token"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// acceptInvitationRequest is the body of POST /auth/invitations/accept.
type acceptInvitationRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// maxInvitationTokenLen bounds a token from a client (ours are 43 bytes).
const maxInvitationTokenLen = 256

var (
	errInvitationGone = goprep.Errorf(goprep.EGONE,
		"This invitation link is invalid, expired or already used. Ask the person who invited you for a new link.")
	errInvitedLogin = goprep.Errorf(goprep.EFORBIDDEN,
		"This account was created for you by an invitation and has no password yet: open the invitation link you were sent to choose one (or ask the person who invited you for a new link).")
)

// inviteAssignee handles POST /sets/{id}/assignments with "invite": true: an
// active account with the email just gets the assignment; otherwise an
// invited account is created (or the invited one reused) with the
// assignment and a fresh invitation, whose link the answer carries once.
func (s *Server) inviteAssignee(c *gin.Context, set *goprep.ProblemSet, req *assignmentCreateRequest, deadline time.Time) {
	if s.deps.Invitations == nil {
		writeError(c, invalidField("invite", "is not available on this server"))
		return
	}
	email := goprep.NormalizeEmail(req.Email)
	if req.UserID != 0 || email == "" {
		writeError(c, &goprep.Error{Code: goprep.EINVALID, Message: `"invite": true needs the candidate's email (not user_id).`,
			Fields: map[string]string{"email": "is required with invite"}})
		return
	}
	if err := goprep.ValidateEmail(email); err != nil {
		writeError(c, invalidField("email", goprep.ErrorMessage(err)))
		return
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if err := goprep.ValidateName(name); err != nil {
		writeError(c, invalidField("name", goprep.ErrorMessage(err)))
		return
	}
	ctx := c.Request.Context()
	existing, err := s.deps.Users.UserByEmail(ctx, email)
	switch {
	case goprep.ErrorCode(err) == goprep.ENOTFOUND:
	case err != nil:
		writeError(c, err)
		return
	case existing.Disabled:
		writeError(c, invalidField("email", "no active account has it"))
		return
	case existing.State != goprep.UserInvited: // an active account: a plain assignment
		a := &goprep.Assignment{SetID: set.ID, CandidateID: existing.ID, Deadline: deadline.UTC(), TimeLimitS: req.TimeLimitS}
		if err := s.deps.Sets.CreateAssignment(ctx, a); err != nil {
			if goprep.ErrorCode(err) == goprep.ECONFLICT {
				err = goprep.Errorf(goprep.ECONFLICT, "User %d already has this set.", existing.ID)
			}
			writeError(c, err)
			return
		}
		writeJSON(c, http.StatusCreated, assignmentCreated{Assignment: a})
		return
	}
	raw := randomToken()
	now := s.cfg.Now()
	u := &goprep.User{Email: email, Name: name, Role: goprep.RoleCandidate}
	inv := &goprep.Invitation{InvitedBy: currentUser(c).ID, TokenHash: hashToken(raw), ExpiresAt: now.Add(goprep.InvitationTTL)}
	a := &goprep.Assignment{SetID: set.ID, Deadline: deadline.UTC(), TimeLimitS: req.TimeLimitS}
	if err := s.deps.Invitations.Invite(ctx, u, inv, a); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			if existing != nil {
				err = goprep.Errorf(goprep.ECONFLICT, "User %d already has this set.", existing.ID)
			} else { // registered in the meantime: try again
				err = goprep.Errorf(goprep.ECONFLICT, "An account with this email was just created; send the request again.")
			}
		}
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, assignmentCreated{Assignment: a, Invitation: &invitationLink{
		Token: raw, URL: s.publicURL(c) + "/invite/" + raw, ExpiresAt: inv.ExpiresAt,
	}})
}

// publicURL is the base of links shown to people: Config.PublicURL, or else
// the scheme and host this request came to.
func (s *Server) publicURL(c *gin.Context) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	} else if len(s.cfg.TrustedProxies) > 0 {
		// X-Forwarded-Proto is only believed behind configured proxies.
		if p := c.GetHeader("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
	}
	return scheme + "://" + c.Request.Host
}

// handleInvitationAccept answers POST /auth/invitations/accept: the owner of
// an invited account chooses a password (and a name) with the invitation's
// token, which is then used up, and is signed in as by a login.
func (s *Server) handleInvitationAccept(c *gin.Context) {
	if s.deps.Invitations == nil {
		writeError(c, errInvitationGone)
		return
	}
	var req acceptInvitationRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Token == "" {
		writeError(c, &goprep.Error{Code: goprep.EINVALID, Message: "token is required.", Fields: map[string]string{"token": "is required"}})
		return
	}
	if err := goprep.ValidateAcceptance(req.Password, req.Name); err != nil {
		writeError(c, err)
		return
	}
	if ok, wait := s.registerIP.allow(c.ClientIP(), s.cfg.Now()); !ok {
		writeError(c, &goprep.Error{Code: goprep.ERATELIMIT, Message: "Too many attempts from this address; try again later.",
			RetryAfter: retrySeconds(wait)})
		return
	}
	if len(req.Token) > maxInvitationTokenLen {
		writeError(c, errInvitationGone)
		return
	}
	hash, err := HashPassword(req.Password, s.cfg.Password)
	if err != nil {
		writeError(c, err)
		return
	}
	u, err := s.deps.Invitations.AcceptInvitation(c.Request.Context(), hashToken(req.Token), hash, req.Name, s.cfg.Now())
	switch goprep.ErrorCode(err) {
	case "":
	case goprep.EGONE:
		writeError(c, errInvitationGone)
		return
	case goprep.EFORBIDDEN:
		writeError(c, errDisabled)
		return
	default:
		writeError(c, err)
		return
	}
	resp, err := s.startSession(c, u, randomHex(16))
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, resp)
}

// errAlreadyAccepted answers a new link for a candidate who has a password.
var errAlreadyAccepted = goprep.Errorf(goprep.ECONFLICT,
	"The candidate has already accepted their invitation and signs in with their own password; no new link is needed.")

// handleAssignmentInvitation answers POST /assignments/{id}/invitation for
// the set's owner or an admin: when the assignment's candidate is still
// invited, their open invitations are revoked and a fresh one is issued,
// whose link the answer carries once (as on assignment creation).
func (s *Server) handleAssignmentInvitation(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	a, err := s.deps.Sets.AssignmentByID(ctx, id)
	if err == nil {
		_, err = ownedByCaller(c, "Assignment", a.SetID, s.deps.Sets.SetByID, func(set *goprep.ProblemSet) int64 { return set.OwnerID })
	}
	if err != nil {
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			err = goprep.Errorf(goprep.ENOTFOUND, "Assignment %d not found.", id)
		}
		writeError(c, err)
		return
	}
	if s.deps.Invitations == nil {
		writeError(c, errAlreadyAccepted)
		return
	}
	raw := randomToken()
	inv := &goprep.Invitation{UserID: a.CandidateID, InvitedBy: currentUser(c).ID, TokenHash: hashToken(raw),
		ExpiresAt: s.cfg.Now().Add(goprep.InvitationTTL)}
	if err := s.deps.Invitations.Reinvite(ctx, inv); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			err = errAlreadyAccepted
		}
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, assignmentCreated{Assignment: a, Invitation: &invitationLink{
		Token: raw, URL: s.publicURL(c) + "/invite/" + raw, ExpiresAt: inv.ExpiresAt,
	}})
}
