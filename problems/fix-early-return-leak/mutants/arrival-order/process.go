package process

type Item struct {
	ID      int
	Payload string
}

type Result struct {
	ID    int
	Value string
}

// ProcessAll fixes the leak but collects results as they arrive.
func ProcessAll(ws []Item, p func(Item) (Result, error)) ([]Result, error) {
	type result struct {
		res Result
		err error
	}
	ch := make(chan result, len(ws))
	for _, w := range ws {
		go func() {
			res, err := p(w)
			ch <- result{res, err}
		}()
	}
	var out []Result
	for range len(ws) {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.res)
	}
	return out, nil
}
