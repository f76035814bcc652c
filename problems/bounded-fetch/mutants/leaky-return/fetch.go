// Package fetch fetches many URLs with bounded concurrency.
package fetch

import "context"

// FetchAll calls fetch for every url with at most limit calls in flight.
func FetchAll(ctx context.Context, urls []string, limit int, fetch func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	if limit < 1 {
		limit = 1
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	type result struct {
		i   int
		b   []byte
		err error
	}
	results := make(chan result) // unbuffered
	sem := make(chan struct{}, limit)
	go func() {
		for i, u := range urls {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				b, err := fetch(ctx, u)
				results <- result{i, b, err}
			}()
		}
	}()
	out := make([][]byte, len(urls))
	for range urls {
		r := <-results
		if r.err != nil {
			cancel()
			return nil, r.err // BUG: the other workers now block forever on results <-
		}
		out[r.i] = r.b
	}
	cancel()
	return out, nil
}
