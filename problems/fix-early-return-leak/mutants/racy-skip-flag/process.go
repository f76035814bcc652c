package process

import "sync"

type Item struct {
	ID      int
	Payload string
}

type Result struct {
	ID    int
	Value string
}

// ProcessAll waits for every goroutine; once one fails, the goroutines that
// have not started yet skip their work. The flag is a plain bool.
func ProcessAll(ws []Item, p func(Item) (Result, error)) ([]Result, error) {
	out := make([]Result, len(ws))
	errs := make([]error, len(ws))
	failed := false
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if failed {
				return
			}
			res, err := p(w)
			if err != nil {
				errs[i] = err
				failed = true
				return
			}
			out[i] = res
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
