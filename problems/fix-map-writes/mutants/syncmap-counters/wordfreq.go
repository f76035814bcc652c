package wordfreq

import (
	"strings"
	"sync"
	"sync/atomic"
)

// WordFreq uses sync.Map with an atomic counter per word.
func WordFreq(docs []string, workers int) map[string]int {
	if workers < 1 {
		workers = 1
	}
	var m sync.Map // string -> *atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				for _, word := range strings.Fields(docs[i]) {
					c, ok := m.Load(word)
					if !ok {
						c, _ = m.LoadOrStore(word, new(atomic.Int64))
					}
					c.(*atomic.Int64).Add(1)
				}
			}
		}()
	}
	wg.Wait()
	counts := make(map[string]int)
	for k, v := range m.Range {
		counts[k.(string)] = int(v.(*atomic.Int64).Load())
	}
	return counts
}
