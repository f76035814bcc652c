package server

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/goprep/goprep"
)

// listResponse is the shape of every list: {"items": […], "total": n,
// "next": cursor-or-null}.
type listResponse[T any] struct {
	Items []T     `json:"items"`
	Total int64   `json:"total"`
	Next  *string `json:"next"`
}

// newList builds a list response; an empty next cursor becomes null.
func newList[T any](items []T, next string, total int64) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	r := listResponse[T]{Items: items, Total: total}
	if next != "" {
		r.Next = &next
	}
	return r
}

// maxCursorLen bounds an opaque cursor from a client.
const maxCursorLen = 512

// pageQuery reads ?limit= and ?cursor=.
func pageQuery(c *gin.Context) (goprep.Page, error) {
	var p goprep.Page
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > goprep.MaxPageLimit {
			return p, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid limit.",
				Fields: map[string]string{"limit": "must be an integer from 1 to 100"}}
		}
		p.Limit = n
	}
	p.Cursor = c.Query("cursor")
	if len(p.Cursor) > maxCursorLen {
		return p, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid cursor.",
			Fields: map[string]string{"cursor": "is too long"}}
	}
	return p.Normalize(), nil
}

// pathID reads a positive integer path parameter.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &goprep.Error{Code: goprep.EINVALID, Message: "Invalid " + name + " in the path.",
			Fields: map[string]string{name: "must be a positive integer"}}
	}
	return id, nil
}
