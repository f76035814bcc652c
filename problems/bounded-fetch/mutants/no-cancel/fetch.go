// Package fetch fetches many URLs with bounded concurrency.
package fetch

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// FetchAll calls fetch for every url with at most limit calls in flight and
// returns the bodies in the order of urls. The first error cancels the other
// calls and is returned. FetchAll returns only after every goroutine it
// started has ended.
func FetchAll(ctx context.Context, urls []string, limit int, fetch func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	if limit < 1 {
		limit = 1
	}
	out := make([][]byte, len(urls))
	var g errgroup.Group // BUG: the first error cancels nothing
	gctx := ctx
	g.SetLimit(limit)
	for i, u := range urls {
		if gctx.Err() != nil {
			break // a fetch failed or ctx was canceled: start no more
		}
		g.Go(func() error {
			b, err := fetch(gctx, u)
			if err != nil {
				return err
			}
			out[i] = b
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
