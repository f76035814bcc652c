package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// problemSlug reads and checks the {slug} path parameter.
func problemSlug(c *gin.Context) (string, error) {
	slug := c.Param("slug")
	if len(slug) > 100 || !slugPattern.MatchString(slug) {
		return "", invalidField("slug", "must be lower-case words joined by hyphens")
	}
	return slug, nil
}

// handleProblemList answers GET /problems. The problems carry what a
// candidate may see: the store never loads hidden tests, the reference or
// mutants into a Problem, and its Spec is not serialized.
func (s *Server) handleProblemList(c *gin.Context) {
	f := goprep.ProblemFilter{Topic: c.Query("topic"), Difficulty: c.Query("difficulty")}
	if err := checkTopic(f.Topic); err != nil {
		writeError(c, err)
		return
	}
	if err := checkDifficulty(f.Difficulty); err != nil {
		writeError(c, err)
		return
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	items, next, total, err := s.deps.Problems.ListProblems(c.Request.Context(), f, page)
	if err != nil {
		writeError(c, err)
		return
	}
	for _, p := range items {
		p.Spec = nil
	}
	writeJSON(c, http.StatusOK, newList(items, next, total))
}

// handleProblemGet answers GET /problems/{slug}.
func (s *Server) handleProblemGet(c *gin.Context) {
	slug, err := problemSlug(c)
	if err != nil {
		writeError(c, err)
		return
	}
	p, err := s.deps.Problems.ProblemBySlug(c.Request.Context(), slug)
	if err != nil {
		writeError(c, err)
		return
	}
	p.Spec = nil
	writeJSON(c, http.StatusOK, p)
}
