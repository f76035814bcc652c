// Package fetch fetches many URLs with bounded concurrency.
package fetch

import "context"

// FetchAll calls fetch for every url with at most limit calls in flight and
// returns the bodies in the order of urls. The first error cancels the other
// calls and is returned. FetchAll returns only after every goroutine it
// started has ended.
func FetchAll(ctx context.Context, urls []string, limit int, fetch func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	// TODO: this fetches one URL after the other and ignores errors.
	out := make([][]byte, 0, len(urls))
	for _, u := range urls {
		b, _ := fetch(ctx, u)
		out = append(out, b)
	}
	return out, nil
}
