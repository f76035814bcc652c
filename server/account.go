package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// registerRequest is the body of POST /auth/register.
type registerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// loginRequest is the body of POST /auth/login.
type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// refreshRequest is the body of POST /auth/refresh and /auth/logout.
type refreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// tokenResponse answers a login or a refresh.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// maxRefreshTokenLen bounds a refresh token from a client (ours are 43 bytes).
const maxRefreshTokenLen = 256

var (
	errBadLogin     = goprep.Errorf(goprep.EUNAUTHORIZED, "Invalid email or password.")
	errDisabled     = goprep.Errorf(goprep.EFORBIDDEN, "This account is disabled.")
	errBadRefresh   = goprep.Errorf(goprep.EUNAUTHORIZED, "The refresh token is invalid, expired or revoked.")
	errReplayedRefr = goprep.Errorf(goprep.EUNAUTHORIZED, "The refresh token was already used; every session that came from it is now revoked. Sign in again.")
)

// handleRegister creates a candidate account.
func (s *Server) handleRegister(c *gin.Context) {
	var req registerRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	email := goprep.NormalizeEmail(req.Email)
	if err := goprep.ValidateRegistration(email, req.Password, req.Name); err != nil {
		writeError(c, err)
		return
	}
	if ok, wait := s.registerIP.allow(c.ClientIP(), s.cfg.Now()); !ok {
		writeError(c, &goprep.Error{Code: goprep.ERATELIMIT, Message: "Too many new accounts from this address; try again later.",
			RetryAfter: retrySeconds(wait)})
		return
	}
	hash, err := HashPassword(req.Password, s.cfg.Password)
	if err != nil {
		writeError(c, err)
		return
	}
	u := &goprep.User{Email: email, Name: strings.TrimSpace(req.Name), Role: goprep.RoleCandidate, PasswordHash: hash}
	if err := s.deps.Users.CreateUser(c.Request.Context(), u); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			msg := "An account with this email already exists."
			if prev, perr := s.deps.Users.UserByEmail(c.Request.Context(), email); perr == nil && prev.State == goprep.UserInvited {
				msg = "An account with this email was created for you by an invitation: open the invitation link you were sent to choose a password (or ask the person who invited you for a new link)."
			}
			err = &goprep.Error{Code: goprep.ECONFLICT, Message: msg,
				Fields: map[string]string{"email": "is already registered"}}
		}
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, u)
}

// handleLogin checks a password and starts a session: an access token and a
// refresh token of a new family. Attempts are rate limited per client IP and
// per account; an unknown email costs the same hashing time as a known one.
func (s *Server) handleLogin(c *gin.Context) {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	email := goprep.NormalizeEmail(req.Email)
	fields := map[string]string{}
	if email == "" {
		fields["email"] = "is required"
	} else if len(email) > goprep.MaxEmailLen {
		fields["email"] = "is too long"
	}
	if req.Password == "" {
		fields["password"] = "is required"
	}
	if len(fields) > 0 {
		writeError(c, &goprep.Error{Code: goprep.EINVALID, Message: "Email and password are required.", Fields: fields})
		return
	}
	now := s.cfg.Now()
	if ok, wait := s.loginIP.allow(c.ClientIP(), now); !ok {
		writeError(c, rateLimited(wait))
		return
	}
	if ok, wait := s.loginAccount.allow(email, now); !ok {
		writeError(c, rateLimited(wait))
		return
	}

	ctx := c.Request.Context()
	u, err := s.deps.Users.UserByEmail(ctx, email)
	switch {
	case goprep.ErrorCode(err) == goprep.ENOTFOUND:
		_, _ = CheckPassword(req.Password, s.dummyHash) // same cost as a real check
		writeError(c, errBadLogin)
		return
	case err != nil:
		writeError(c, err)
		return
	case u.State == goprep.UserInvited:
		_, _ = CheckPassword(req.Password, s.dummyHash) // same cost as a real check
		writeError(c, errInvitedLogin)
		return
	}
	match, err := CheckPassword(req.Password, u.PasswordHash)
	if err != nil {
		writeError(c, err)
		return
	}
	if !match {
		writeError(c, errBadLogin)
		return
	}
	if u.Disabled {
		writeError(c, errDisabled)
		return
	}
	resp, err := s.startSession(c, u, randomHex(16))
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, resp)
}

// rateLimited is the error of a refused login attempt.
func rateLimited(wait time.Duration) error {
	return &goprep.Error{Code: goprep.ERATELIMIT, Message: "Too many login attempts; try again later.",
		RetryAfter: retrySeconds(wait)}
}

// startSession issues an access token and a first refresh token of family.
func (s *Server) startSession(c *gin.Context, u *goprep.User, family string) (*tokenResponse, error) {
	refresh, rt := s.newRefreshToken(u.ID, family)
	if err := s.deps.Auth.CreateRefreshToken(c.Request.Context(), rt); err != nil {
		return nil, err
	}
	return s.tokenResponse(u, refresh)
}

func (s *Server) newRefreshToken(userID int64, family string) (string, *goprep.RefreshToken) {
	raw := randomToken()
	now := s.cfg.Now()
	return raw, &goprep.RefreshToken{
		UserID:    userID,
		FamilyID:  family,
		TokenHash: hashToken(raw),
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.RefreshTokenTTL),
	}
}

func (s *Server) tokenResponse(u *goprep.User, refresh string) (*tokenResponse, error) {
	access, err := s.tokens.issue(u)
	if err != nil {
		return nil, err
	}
	return &tokenResponse{
		AccessToken:  access,
		RefreshToken: refresh,
		TokenType:    "Bearer",
		ExpiresIn:    int(s.cfg.AccessTokenTTL.Seconds()),
	}, nil
}

// decodeRefresh reads and checks the body of /auth/refresh and /auth/logout.
func decodeRefresh(c *gin.Context) (string, error) {
	var req refreshRequest
	if err := decodeJSON(c, &req); err != nil {
		return "", err
	}
	switch {
	case req.RefreshToken == "":
		return "", &goprep.Error{Code: goprep.EINVALID, Message: "refresh_token is required.",
			Fields: map[string]string{"refresh_token": "is required"}}
	case len(req.RefreshToken) > maxRefreshTokenLen:
		return "", errBadRefresh
	}
	return req.RefreshToken, nil
}

// handleRefresh rotates a refresh token: the old one is marked used and a new
// one of the same family is returned with a new access token. Presenting a
// token that was already used is a replay (it was stolen, or the client is
// confused): the whole family is revoked.
func (s *Server) handleRefresh(c *gin.Context) {
	raw, err := decodeRefresh(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	old, err := s.deps.Auth.RefreshTokenByHash(ctx, hashToken(raw))
	switch {
	case goprep.ErrorCode(err) == goprep.ENOTFOUND:
		writeError(c, errBadRefresh)
		return
	case err != nil:
		writeError(c, err)
		return
	}
	if old.RevokedAt != nil {
		writeError(c, errBadRefresh)
		return
	}
	if old.UsedAt != nil {
		s.revokeReplayed(c, old)
		return
	}
	if !s.cfg.Now().Before(old.ExpiresAt) {
		writeError(c, errBadRefresh)
		return
	}
	u, err := s.activeUser(c, old.UserID)
	if err != nil {
		if goprep.ErrorCode(err) == goprep.EUNAUTHORIZED {
			if rerr := s.deps.Auth.RevokeRefreshFamily(ctx, old.FamilyID); rerr != nil {
				writeError(c, rerr)
				return
			}
		}
		writeError(c, err)
		return
	}
	raw, next := s.newRefreshToken(u.ID, old.FamilyID)
	if err := s.deps.Auth.RotateRefreshToken(ctx, old.ID, next); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT { // lost a race with another use: a replay
			s.revokeReplayed(c, old)
			return
		}
		writeError(c, err)
		return
	}
	resp, err := s.tokenResponse(u, raw)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, resp)
}

func (s *Server) revokeReplayed(c *gin.Context, old *goprep.RefreshToken) {
	if err := s.deps.Auth.RevokeRefreshFamily(c.Request.Context(), old.FamilyID); err != nil {
		writeError(c, err)
		return
	}
	logger(c).LogAttrs(c.Request.Context(), slog.LevelWarn, "refresh token replayed; family revoked",
		slog.String("request_id", requestID(c)), slog.Int64("user_id", old.UserID), slog.String("family", old.FamilyID))
	writeError(c, errReplayedRefr)
}

// handleLogout revokes the family of the given refresh token: the session
// and every token rotated from it. An unknown token is not an error (the
// result is the same: that token cannot be used).
func (s *Server) handleLogout(c *gin.Context) {
	raw, err := decodeRefresh(c)
	if err != nil && goprep.ErrorCode(err) != goprep.EUNAUTHORIZED {
		writeError(c, err)
		return
	}
	if err == nil {
		ctx := c.Request.Context()
		rt, err := s.deps.Auth.RefreshTokenByHash(ctx, hashToken(raw))
		switch {
		case goprep.ErrorCode(err) == goprep.ENOTFOUND:
		case err != nil:
			writeError(c, err)
			return
		default:
			if err := s.deps.Auth.RevokeRefreshFamily(ctx, rt.FamilyID); err != nil {
				writeError(c, err)
				return
			}
		}
	}
	c.Status(http.StatusNoContent)
}

// handleMe returns the signed-in user.
func (s *Server) handleMe(c *gin.Context) {
	writeJSON(c, http.StatusOK, currentUser(c))
}
