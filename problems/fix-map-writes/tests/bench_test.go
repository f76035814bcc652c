package wordfreq_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"goprep.local/wordfreq"
)

// benchDocs builds 400 documents of up to 200 words from a 2000-word vocabulary.
func benchDocs() []string {
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]string, 400)
	for i := range docs {
		var b strings.Builder
		for j := range 200 {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%d", rng.IntN(2000))
		}
		docs[i] = b.String()
	}
	return docs
}

func BenchmarkWordFreq(b *testing.B) {
	docs := benchDocs()
	for b.Loop() {
		if m := wordfreq.WordFreq(docs, 4); len(m) == 0 {
			b.Fatal("empty result")
		}
	}
}
