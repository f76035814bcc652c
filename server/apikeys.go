package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// apiKeyCreateRequest is the body of POST /api-keys.
type apiKeyCreateRequest struct {
	Name          string         `json:"name"`
	Scopes        []goprep.Scope `json:"scopes"`
	ExpiresInDays int            `json:"expires_in_days"`
}

// apiKeyCreated answers POST /api-keys: the stored key and, once only, the
// secret itself.
type apiKeyCreated struct {
	*goprep.APIKey
	Key string `json:"key"`
}

// Limits of an API key request.
const (
	maxAPIKeyNameLen = 100
	maxAPIKeyDays    = 3650
	apiKeyPrefixLen  = len(apiKeyPrefix) + 8 // what is stored in clear to recognise a key
)

// handleAPIKeyCreate makes an API key for the signed-in interviewer or admin.
// Only admins may give a key the users scope.
func (s *Server) handleAPIKeyCreate(c *gin.Context) {
	var req apiKeyCreateRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u := currentUser(c)
	fields := map[string]string{}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		fields["name"] = "is required"
	} else if utf8.RuneCountInString(name) > maxAPIKeyNameLen || !utf8.ValidString(name) {
		fields["name"] = "must be valid text of at most 100 characters"
	}
	if len(req.Scopes) == 0 {
		fields["scopes"] = "must list at least one scope"
	}
	for _, sc := range req.Scopes {
		if !goprep.ValidScope(sc) {
			fields["scopes"] = "contains an unknown scope; known: " + scopeList()
			break
		}
	}
	if req.ExpiresInDays < 0 || req.ExpiresInDays > maxAPIKeyDays {
		fields["expires_in_days"] = "must be between 1 and 3650, or 0 for no expiry"
	}
	if len(fields) > 0 {
		writeError(c, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid API key request.", Fields: fields})
		return
	}
	if slices.Contains(req.Scopes, goprep.ScopeAdminUsers) && u.Role != goprep.RoleAdmin {
		writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "Only admins may create keys with the %q scope.", goprep.ScopeAdminUsers))
		return
	}
	scopes := slices.Clone(req.Scopes)
	slices.Sort(scopes)
	scopes = slices.Compact(scopes)

	raw := apiKeyPrefix + randomToken()
	now := s.cfg.Now()
	k := &goprep.APIKey{
		UserID:    u.ID,
		Name:      name,
		Prefix:    raw[:apiKeyPrefixLen],
		KeyHash:   hashToken(raw),
		Scopes:    scopes,
		CreatedAt: now,
	}
	if req.ExpiresInDays > 0 {
		exp := now.Add(time.Duration(req.ExpiresInDays) * 24 * time.Hour)
		k.ExpiresAt = &exp
	}
	if err := s.deps.Auth.CreateAPIKey(c.Request.Context(), k); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/api-keys/"+strconv.FormatInt(k.ID, 10))
	writeJSON(c, http.StatusCreated, apiKeyCreated{APIKey: k, Key: raw})
}

func scopeList() string {
	names := make([]string, len(goprep.AllScopes))
	for i, s := range goprep.AllScopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// handleAPIKeyList lists the signed-in user's keys (never the secrets).
func (s *Server) handleAPIKeyList(c *gin.Context) {
	keys, err := s.deps.Auth.ListAPIKeys(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(keys, "", int64(len(keys))))
}

// handleAPIKeyDelete revokes a key of the signed-in user; admins may revoke
// anyone's.
func (s *Server) handleAPIKeyDelete(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	u := currentUser(c)
	owner := u.ID
	if u.Role == goprep.RoleAdmin {
		owner = 0
	}
	if err := s.deps.Auth.RevokeAPIKey(c.Request.Context(), owner, id); err != nil {
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			err = goprep.Errorf(goprep.ENOTFOUND, "API key %d not found.", id)
		}
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
