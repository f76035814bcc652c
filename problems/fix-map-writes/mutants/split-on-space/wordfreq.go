package wordfreq

import (
	"strings"
	"sync"
)

// WordFreq splits on single spaces.
func WordFreq(docs []string, workers int) map[string]int {
	if workers < 1 {
		workers = 1
	}
	partial := make([]map[string]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make(map[string]int)
			for i := w; i < len(docs); i += workers {
				for _, word := range strings.Split(docs[i], " ") {
					local[word]++
				}
			}
			partial[w] = local
		}()
	}
	wg.Wait()
	counts := make(map[string]int)
	for _, m := range partial {
		for word, n := range m {
			counts[word] += n
		}
	}
	return counts
}
