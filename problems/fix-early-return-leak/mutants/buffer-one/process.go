package process

type Item struct {
	ID      int
	Payload string
}

type Result struct {
	ID    int
	Value string
}

// ProcessAll adds a buffer of one "for the goroutine that loses the race".
func ProcessAll(ws []Item, p func(Item) (Result, error)) ([]Result, error) {
	type result struct {
		i   int
		res Result
		err error
	}
	ch := make(chan result, 1)
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
