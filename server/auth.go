package server

import (
	"log/slog"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// apiKeyPrefix starts every API key, which tells it apart from a JWT.
const apiKeyPrefix = "gp_"

// principal is who a request acts as: a user, and the API key when the
// request was authenticated with one (nil for a session's access token).
type principalInfo struct {
	User *goprep.User
	Key  *goprep.APIKey
}

// principal returns the authenticated caller, or nil.
func principal(c *gin.Context) *principalInfo {
	if v, ok := c.Get(ctxPrincipal); ok {
		return v.(*principalInfo)
	}
	return nil
}

// currentUser returns the authenticated user; only call it behind
// s.authenticate.
func currentUser(c *gin.Context) *goprep.User { return principal(c).User }

// bearer extracts the credential of an "Authorization: Bearer …" header.
func bearer(c *gin.Context) (string, bool) {
	h := c.GetHeader("Authorization")
	scheme, cred, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	cred = strings.TrimSpace(cred)
	return cred, cred != ""
}

var (
	errNoCredentials = goprep.Errorf(goprep.EUNAUTHORIZED, "Authentication required: send Authorization: Bearer <token>.")
	errBadAPIKey     = goprep.Errorf(goprep.EUNAUTHORIZED, "The API key is invalid, expired or revoked.")
	errUserInactive  = goprep.Errorf(goprep.EUNAUTHORIZED, "The account does not exist or is disabled.")
)

// authenticate requires an access token or an API key and loads the user
// from the store on every request, so that disabling a user or changing a
// role takes effect at once.
func (s *Server) authenticate(c *gin.Context) {
	cred, ok := bearer(c)
	if !ok {
		writeError(c, errNoCredentials)
		return
	}
	var (
		p   *principalInfo
		err error
	)
	if strings.HasPrefix(cred, apiKeyPrefix) {
		p, err = s.authenticateAPIKey(c, cred)
	} else {
		p, err = s.authenticateToken(c, cred)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	c.Set(ctxPrincipal, p)
	c.Next()
}

func (s *Server) authenticateToken(c *gin.Context, raw string) (*principalInfo, error) {
	id, err := s.tokens.verify(raw)
	if err != nil {
		return nil, err
	}
	u, err := s.activeUser(c, id)
	if err != nil {
		return nil, err
	}
	return &principalInfo{User: u}, nil
}

// activeUser loads a user that exists and is not disabled.
func (s *Server) activeUser(c *gin.Context, id int64) (*goprep.User, error) {
	u, err := s.deps.Users.UserByID(c.Request.Context(), id)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		return nil, errUserInactive
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, errUserInactive
	}
	return u, nil
}

// apiKeyTouchEvery throttles the last-used timestamp writes.
const apiKeyTouchEvery = time.Minute

func (s *Server) authenticateAPIKey(c *gin.Context, raw string) (*principalInfo, error) {
	if len(raw) > 128 {
		return nil, errBadAPIKey
	}
	ctx := c.Request.Context()
	k, err := s.deps.Auth.APIKeyByHash(ctx, hashToken(raw))
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		return nil, errBadAPIKey
	}
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	if k.RevokedAt != nil || (k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)) {
		return nil, errBadAPIKey
	}
	u, err := s.activeUser(c, k.UserID)
	if err != nil {
		return nil, err
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= apiKeyTouchEvery {
		if err := s.deps.Auth.TouchAPIKey(ctx, k.ID, now); err != nil {
			logger(c).LogAttrs(ctx, slog.LevelWarn, "touch api key",
				slog.String("request_id", requestID(c)), slog.Int64("api_key_id", k.ID), slog.String("error", err.Error()))
		}
	}
	return &principalInfo{User: u, Key: k}, nil
}

// requireRole lets the request through when the caller's role is at least
// min (admin ⊇ interviewer ⊇ candidate); else 403.
func requireRole(min goprep.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !currentUser(c).Role.AtLeast(min) {
			writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "This needs the %s role.", min))
			return
		}
		c.Next()
	}
}

// requireScope limits requests authenticated with an API key to keys that
// carry scope; requests with a session token pass (their role decides).
func requireScope(scope goprep.Scope) gin.HandlerFunc {
	return func(c *gin.Context) {
		if k := principal(c).Key; k != nil && !k.HasScope(scope) {
			writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "The API key lacks the %q scope.", scope))
			return
		}
		c.Next()
	}
}

// requireSession refuses API keys: some things (making keys) need a person
// signed in.
func requireSession(c *gin.Context) {
	if principal(c).Key != nil {
		writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "This needs a signed-in user, not an API key."))
		return
	}
	c.Next()
}
