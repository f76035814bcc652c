package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// Limits on what a client may send to the knowledge-base routes.
const (
	maxKBQueryLen = 200
	maxKBTextLen  = 64 << 10
	maxKBTags     = 32
	maxKBRelated  = 32
)

// slugPattern is the form of an entry's or a problem's slug.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// optionalAuth authenticates the request when it carries credentials (and
// refuses bad ones) and lets anonymous requests through: reading the
// knowledge base and the catalog is open to everyone. An API key must carry
// the read scope.
func (s *Server) optionalAuth(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.Next()
		return
	}
	// Not s.authenticate: it runs the handler itself (c.Next), and the
	// scope must be checked before that.
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
	if p.Key != nil && !p.Key.HasScope(goprep.ScopeRead) {
		writeError(c, goprep.Errorf(goprep.EFORBIDDEN, "The API key lacks the %q scope.", goprep.ScopeRead))
		return
	}
	c.Set(ctxPrincipal, p)
	c.Next()
}

// invalidField is an EINVALID error naming one field.
func invalidField(field, problem string) error {
	return &goprep.Error{Code: goprep.EINVALID, Message: "Invalid " + field + ".", Fields: map[string]string{field: problem}}
}

// checkTopic accepts "" or a known topic.
func checkTopic(topic string) error {
	if topic == "" {
		return nil
	}
	if _, ok := goprep.TopicBySlug(topic); !ok {
		return invalidField("topic", "is not a known topic (see /api/v1/kb/topics)")
	}
	return nil
}

// checkDifficulty accepts "" or easy, medium, hard.
func checkDifficulty(d string) error {
	switch d {
	case "", goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard:
		return nil
	}
	return invalidField("difficulty", "must be easy, medium or hard")
}

// kbQuery reads the search parameters.
func kbQuery(c *gin.Context) (goprep.KBQuery, error) {
	q := goprep.KBQuery{Q: strings.TrimSpace(c.Query("q")), Topic: c.Query("topic"),
		Difficulty: c.Query("difficulty"), Lang: c.Query("lang")}
	if !utf8.ValidString(q.Q) || utf8.RuneCountInString(q.Q) > maxKBQueryLen {
		return q, invalidField("q", "must be valid UTF-8 of at most 200 characters")
	}
	switch q.Lang {
	case "", "en", "zh":
	default:
		return q, invalidField("lang", "must be en or zh")
	}
	if err := checkTopic(q.Topic); err != nil {
		return q, err
	}
	return q, checkDifficulty(q.Difficulty)
}

// handleKBSearch answers GET /kb/entries: a search, or a listing when q is empty.
func (s *Server) handleKBSearch(c *gin.Context) {
	q, err := kbQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	hits, next, total, err := s.deps.KB.SearchKB(c.Request.Context(), q, page)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, newList(hits, next, total))
}

// handleKBGet answers GET /kb/entries/{id}.
func (s *Server) handleKBGet(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	e, err := s.deps.KB.KBEntryByID(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, e)
}

// kbTopic is a topic with how many entries it has.
type kbTopic struct {
	goprep.Topic
	Entries int64 `json:"entries"`
}

// handleKBTopics answers GET /kb/topics: every topic, in the notes' order,
// with its entry count.
func (s *Server) handleKBTopics(c *gin.Context) {
	counts, err := s.deps.KB.KBTopics(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	out := make([]kbTopic, 0, len(goprep.Topics))
	for _, t := range goprep.Topics {
		out = append(out, kbTopic{Topic: t, Entries: counts[t.Slug]})
	}
	writeJSON(c, http.StatusOK, gin.H{"items": out})
}

// kbEntryRequest is the body of POST and PUT /kb/entries.
type kbEntryRequest struct {
	Slug            string        `json:"slug"`
	Topic           string        `json:"topic"`
	Difficulty      string        `json:"difficulty"`
	Tags            []string      `json:"tags"`
	GoVersion       string        `json:"go_version"`
	RelatedProblems []string      `json:"related_problems"`
	RelatedEntries  []string      `json:"related_entries"`
	EN              goprep.KBText `json:"en"`
	ZH              goprep.KBText `json:"zh"`
	// Version is the version the author edited (PUT): optimistic locking.
	Version int `json:"version"`
}

// validate checks the request and returns the entry it describes.
func (r *kbEntryRequest) validate() (*goprep.KBEntry, error) {
	fields := map[string]string{}
	if !slugPattern.MatchString(r.Slug) || len(r.Slug) > 100 {
		fields["slug"] = "must be lower-case words joined by hyphens, at most 100 characters"
	}
	if r.Topic == "" {
		fields["topic"] = "is required"
	} else if checkTopic(r.Topic) != nil {
		fields["topic"] = "is not a known topic"
	}
	if r.Difficulty == "" || checkDifficulty(r.Difficulty) != nil {
		fields["difficulty"] = "must be easy, medium or hard"
	}
	if len(r.Tags) > maxKBTags {
		fields["tags"] = "at most 32"
	}
	for _, t := range r.Tags {
		if t == "" || len(t) > 64 {
			fields["tags"] = "each must be 1 to 64 bytes"
		}
	}
	if len(r.RelatedProblems) > maxKBRelated {
		fields["related_problems"] = "at most 32"
	}
	for _, p := range r.RelatedProblems {
		if !slugPattern.MatchString(p) {
			fields["related_problems"] = "must be slugs"
		}
	}
	if len(r.RelatedEntries) > maxKBRelated {
		fields["related_entries"] = "at most 32"
	}
	for _, p := range r.RelatedEntries {
		if !slugPattern.MatchString(p) {
			fields["related_entries"] = "must be slugs"
		}
	}
	if len(r.GoVersion) > 16 {
		fields["go_version"] = "at most 16 bytes"
	}
	if strings.TrimSpace(r.EN.Question) == "" && strings.TrimSpace(r.ZH.Question) == "" {
		fields["question"] = "is required in at least one language (en.question or zh.question)"
	}
	for lang, t := range map[string]goprep.KBText{"en": r.EN, "zh": r.ZH} {
		for name, v := range map[string]string{"question": t.Question, "short_answer": t.ShortAnswer,
			"answer": t.Answer, "follow_ups": t.FollowUps, "pitfalls": t.Pitfalls} {
			if len(v) > maxKBTextLen || !utf8.ValidString(v) {
				fields[lang+"."+name] = "must be valid UTF-8 of at most 64 KiB"
			}
		}
	}
	if r.Version < 0 {
		fields["version"] = "must not be negative"
	}
	if len(fields) > 0 {
		return nil, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid knowledge-base entry.", Fields: fields}
	}
	return &goprep.KBEntry{Slug: r.Slug, Topic: r.Topic, Difficulty: r.Difficulty, Tags: r.Tags,
		GoVersion: r.GoVersion, RelatedProblems: r.RelatedProblems, RelatedEntries: r.RelatedEntries,
		EN: r.EN, ZH: r.ZH, Source: "api", EditedViaAPI: true, Version: r.Version}, nil
}

// handleKBCreate answers POST /kb/entries: a new entry authored through the
// API, which the catalog import never overwrites.
func (s *Server) handleKBCreate(c *gin.Context) {
	var body kbEntryRequest
	if err := decodeJSON(c, &body); err != nil {
		writeError(c, err)
		return
	}
	body.Version = 0
	e, err := body.validate()
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if _, err := s.deps.KB.KBEntryBySlug(ctx, e.Slug); err == nil {
		writeError(c, &goprep.Error{Code: goprep.ECONFLICT, Message: "An entry with this slug exists.",
			Fields: map[string]string{"slug": "is taken"}})
		return
	} else if goprep.ErrorCode(err) != goprep.ENOTFOUND {
		writeError(c, err)
		return
	}
	if _, err := s.deps.KB.UpsertKBEntry(ctx, e); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/kb/entries/"+strconv.FormatInt(e.ID, 10))
	writeJSON(c, http.StatusCreated, e)
}

// handleKBUpdate answers PUT /kb/entries/{id}: the whole entry, with the
// version the author started from (409 when someone changed it since).
func (s *Server) handleKBUpdate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	var body kbEntryRequest
	if err := decodeJSON(c, &body); err != nil {
		writeError(c, err)
		return
	}
	if body.Version == 0 {
		writeError(c, invalidField("version", "is required: the version you edited"))
		return
	}
	e, err := body.validate()
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	cur, err := s.deps.KB.KBEntryByID(ctx, id)
	if err != nil {
		writeError(c, err)
		return
	}
	if cur.Slug != e.Slug {
		writeError(c, invalidField("slug", "cannot be changed"))
		return
	}
	if cur.Version != e.Version {
		writeError(c, goprep.Errorf(goprep.ECONFLICT, "The entry is at version %d, not %d: reload it and edit again.", cur.Version, e.Version))
		return
	}
	if _, err := s.deps.KB.UpsertKBEntry(ctx, e); err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, e)
}

// handleKBDelete answers DELETE /kb/entries/{id}.
func (s *Server) handleKBDelete(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.deps.KB.DeleteKBEntry(c.Request.Context(), id); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
