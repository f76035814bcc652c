// Package wordfreq counts words in documents concurrently.
package wordfreq

import (
	"strings"
	"sync"
)

// WordFreq counts how often every word (as split by strings.Fields) occurs
// in docs, using up to workers goroutines.
//
// BUG: it crashes with "fatal error: concurrent map writes", and -race
// reports a data race. Fix it.
func WordFreq(docs []string, workers int) map[string]int {
	if workers < 1 {
		workers = 1
	}
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				for _, word := range strings.Fields(docs[i]) {
					counts[word]++
				}
			}
		}()
	}
	wg.Wait()
	return counts
}
