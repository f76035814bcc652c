package wordfreq

import (
	"strings"
	"sync"
)

// WordFreq hands out documents through a shared cursor. The bounds check is
// done before taking the lock "to avoid locking when there is no work".
func WordFreq(docs []string, workers int) map[string]int {
	if workers < 1 {
		workers = 1
	}
	var mu sync.Mutex
	next := 0
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make(map[string]int)
			for next < len(docs) {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(docs) {
					break
				}
				for _, word := range strings.Fields(docs[i]) {
					local[word]++
				}
			}
			mu.Lock()
			for w, n := range local {
				counts[w] += n
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return counts
}
