package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// reviewCard is one flash card of the review queue: an entry and the
// caller's spaced-repetition state for it (null for a card never reviewed).
type reviewCard struct {
	Entry *goprep.KBEntry     `json:"entry"`
	State *goprep.ReviewState `json:"state"`
}

// reviewRequest is the body of POST /kb/entries/{id}/review.
type reviewRequest struct {
	Grade *int `json:"grade"`
}

// handleReviewQueue answers GET /kb/review: the caller's cards to review now,
// due cards first (most overdue first), then entries never reviewed (by id),
// up to ?limit= (default 20), in one ?topic= when given. The queue is not
// paged: grade cards and ask again.
func (s *Server) handleReviewQueue(c *gin.Context) {
	topic := c.Query("topic")
	if err := checkTopic(topic); err != nil {
		writeError(c, err)
		return
	}
	page, err := pageQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	due, err := s.deps.Reviews.DueReviews(ctx, u.ID, topic, s.cfg.Now(), page.Limit)
	if err != nil {
		writeError(c, err)
		return
	}
	cards := make([]reviewCard, 0, page.Limit)
	for _, st := range due {
		e, err := s.deps.KB.KBEntryByID(ctx, st.EntryID)
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			continue // deleted meanwhile
		}
		if err != nil {
			writeError(c, err)
			return
		}
		cards = append(cards, reviewCard{Entry: e, State: st})
	}
	if n := page.Limit - len(cards); n > 0 {
		fresh, err := s.deps.Reviews.NewReviewEntries(ctx, u.ID, topic, n)
		if err != nil {
			writeError(c, err)
			return
		}
		for _, e := range fresh {
			cards = append(cards, reviewCard{Entry: e})
		}
	}
	writeJSON(c, http.StatusOK, newList(cards, "", int64(len(cards))))
}

// handleReviewGrade answers POST /kb/entries/{id}/review: the caller grades
// how well they recalled the entry (0–5) and gets the card's next state,
// computed by the SM-2 rule (goprep.ReviewState.Review).
func (s *Server) handleReviewGrade(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	var req reviewRequest
	if err := decodeJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Grade == nil {
		writeError(c, invalidField("grade", "is required: an integer from 0 (forgotten) to 5 (perfect recall)"))
		return
	}
	if err := goprep.ValidateReviewGrade(*req.Grade); err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if _, err := s.deps.KB.KBEntryByID(ctx, id); err != nil {
		if goprep.ErrorCode(err) == goprep.ENOTFOUND {
			err = goprep.Errorf(goprep.ENOTFOUND, "Entry %d not found.", id)
		}
		writeError(c, err)
		return
	}
	u := currentUser(c)
	now := s.cfg.Now()
	cur, err := s.deps.Reviews.ReviewStateOf(ctx, u.ID, id)
	if goprep.ErrorCode(err) == goprep.ENOTFOUND {
		cur, err = goprep.NewReviewState(u.ID, id, now), nil
	}
	if err != nil {
		writeError(c, err)
		return
	}
	next, err := cur.Review(*req.Grade, now)
	if err != nil {
		writeError(c, err)
		return
	}
	if err := s.deps.Reviews.SaveReviewState(ctx, &next); err != nil {
		writeError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, &next)
}
