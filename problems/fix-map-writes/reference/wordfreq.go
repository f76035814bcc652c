// Package wordfreq counts words in documents concurrently.
package wordfreq

import (
	"strings"
	"sync"
)

// WordFreq counts how often every word (as split by strings.Fields) occurs
// in docs, using up to workers goroutines (at least one).
//
// Each worker counts into its own map, so the hot loop takes no lock; the
// maps are merged after all workers are done. A built-in map tolerates
// concurrent reads but not a write concurrent with anything else: that is a
// fatal error the program cannot recover from.
func WordFreq(docs []string, workers int) map[string]int {
	workers = max(1, min(workers, len(docs)))
	partial := make([]map[string]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make(map[string]int)
			for i := w; i < len(docs); i += workers {
				for _, word := range strings.Fields(docs[i]) {
					local[word]++
				}
			}
			partial[w] = local // each worker writes only its own slot
		}()
	}
	wg.Wait()
	counts := partial[0]
	for _, m := range partial[1:] {
		for word, n := range m {
			counts[word] += n
		}
	}
	return counts
}
