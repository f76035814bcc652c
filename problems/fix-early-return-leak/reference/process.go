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
// returns the results in input order, or the first error received. It may
// return before every call of p has finished; those goroutines then finish
// on their own, none stays blocked.
func ProcessAll(ws []Item, p func(Item) (Result, error)) ([]Result, error) {
	type result struct {
		i   int
		res Result
		err error
	}
	// One slot per goroutine: every send completes even after ProcessAll
	// has returned early and nobody receives any more.
	ch := make(chan result, len(ws))
	for i, w := range ws {
		go func() {
			res, err := p(w)
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
