package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/goprep/goprep"
)

// List is one page of a list route.
type List[T any] struct {
	Items []T    `json:"items"`
	Total int64  `json:"total"`
	Next  string `json:"next"`
}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (*goprep.User, error) {
	var u goprep.User
	if err := c.do(ctx, call{method: "GET", path: "/me", auth: true}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ProblemFilter selects problems of the catalog.
type ProblemFilter struct {
	Topic, Difficulty string
}

// maxPages bounds how many pages a listing follows.
const maxPages = 50

// Problems lists the catalog (every page).
func (c *Client) Problems(ctx context.Context, f ProblemFilter) ([]*goprep.Problem, error) {
	q := url.Values{}
	if f.Topic != "" {
		q.Set("topic", f.Topic)
	}
	if f.Difficulty != "" {
		q.Set("difficulty", f.Difficulty)
	}
	return listAll[*goprep.Problem](ctx, c, "/problems", q, 0)
}

// Problem returns one problem: statement, starter files, public tests.
func (c *Client) Problem(ctx context.Context, slug string) (*goprep.Problem, error) {
	var p goprep.Problem
	err := c.do(ctx, call{method: "GET", path: "/problems/" + url.PathEscape(slug), auth: true}, &p)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusNotFound {
		e.Hint = "See the problems with `goprep list`."
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Submission is a submission as the API returns it, with that JSON.
type Submission struct {
	goprep.Submission
	// JSON is the body the server sent.
	JSON json.RawMessage `json:"-"`
}

// Finished reports whether the submission will not change any more.
func (s *Submission) Finished() bool {
	return s.Status == goprep.StatusDone || s.Status == goprep.StatusFailed
}

// DecodeSubmission reads a submission's JSON (a status event's data).
func DecodeSubmission(b []byte) (*Submission, error) {
	var s Submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("unreadable submission: %w", err)
	}
	s.JSON = append(json.RawMessage(nil), b...)
	return &s, nil
}

// Submit queues files for judging: a scored submission, or with run the
// public tests only. It returns the new submission's id.
func (c *Client) Submit(ctx context.Context, slug string, files map[string]string, run bool) (int64, error) {
	path := "/problems/" + url.PathEscape(slug) + "/submissions"
	if run {
		path = "/problems/" + url.PathEscape(slug) + "/runs"
	}
	var r struct {
		ID int64 `json:"id"`
	}
	err := c.do(ctx, call{method: "POST", path: path, body: map[string]any{"files": files}, auth: true}, &r)
	var e *Error
	if errors.As(err, &e) {
		switch e.Status {
		case http.StatusServiceUnavailable:
			e.Hint = "The judge's queue is full; nothing was submitted. Submit again"
			if e.RetryAfter > 0 {
				e.Hint += fmt.Sprintf(" in %d s", int(e.RetryAfter.Seconds()))
			}
			e.Hint += "."
		case http.StatusNotFound:
			e.Hint = "See the problems with `goprep list`."
		}
	}
	if err != nil {
		return 0, err
	}
	return r.ID, nil
}

// GetSubmission returns a submission of the caller's.
func (c *Client) GetSubmission(ctx context.Context, id int64) (*Submission, error) {
	var raw json.RawMessage
	if err := c.do(ctx, call{method: "GET", path: "/submissions/" + strconv.FormatInt(id, 10), auth: true}, &raw); err != nil {
		return nil, err
	}
	return DecodeSubmission(raw)
}

// SubmissionFilter selects the caller's submissions.
type SubmissionFilter struct {
	Problem string // a slug, or ""
	Limit   int    // at most this many, newest first; 0: all
}

// Submissions lists the caller's submissions, newest first.
func (c *Client) Submissions(ctx context.Context, f SubmissionFilter) ([]*Submission, error) {
	q := url.Values{}
	if f.Problem != "" {
		q.Set("problem", f.Problem)
	}
	return listAll[*Submission](ctx, c, "/submissions", q, f.Limit)
}

// listAll follows a list route's cursors until it has limit items (0: every
// page, up to maxPages).
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values, limit int) ([]T, error) {
	var all []T
	for page := 0; page < maxPages; page++ {
		if limit > 0 {
			n := min(limit-len(all), goprep.MaxPageLimit)
			q.Set("limit", strconv.Itoa(n))
		}
		p := path
		if len(q) > 0 {
			p += "?" + q.Encode()
		}
		var l List[T]
		if err := c.do(ctx, call{method: "GET", path: p, auth: true}, &l); err != nil {
			return nil, err
		}
		all = append(all, l.Items...)
		if l.Next == "" || (limit > 0 && len(all) >= limit) {
			break
		}
		q.Set("cursor", l.Next)
	}
	return all, nil
}
