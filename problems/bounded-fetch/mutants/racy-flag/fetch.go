// Package fetch fetches many URLs with bounded concurrency.
package fetch

import (
	"context"
	"sync"
)

// FetchAll calls fetch for every url with at most limit calls in flight.
func FetchAll(ctx context.Context, urls []string, limit int, fetch func(context.Context, string) ([]byte, error)) ([][]byte, error) {
	if limit < 1 {
		limit = 1
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([][]byte, len(urls))
	sem := make(chan struct{}, limit)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		failed   bool
	)
	for i, u := range urls {
		if failed { // BUG: read without synchronisation
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := fetch(ctx, u)
			<-sem
			if err != nil {
				once.Do(func() { firstErr = err; cancel() })
				failed = true // BUG: written without synchronisation
				return
			}
			out[i] = b
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := parent.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
