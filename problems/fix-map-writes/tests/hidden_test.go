package wordfreq_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"goprep.local/wordfreq"
)

func model(docs []string) map[string]int {
	m := map[string]int{}
	for _, d := range docs {
		for _, w := range strings.Fields(d) {
			m[w]++
		}
	}
	return m
}

func corpus(seed uint64, ndocs, words, vocab int) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	seps := []string{" ", "  ", "\t", "\n", " \n "}
	docs := make([]string, ndocs)
	for i := range docs {
		var b strings.Builder
		if rng.IntN(4) == 0 {
			b.WriteString("  ")
		}
		for j := range rng.IntN(words) {
			if j > 0 {
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			fmt.Fprintf(&b, "w%d", rng.IntN(vocab))
		}
		docs[i] = b.String()
	}
	return docs
}

func TestEmpty(t *testing.T) {
	if got := wordfreq.WordFreq(nil, 4); len(got) != 0 {
		t.Fatalf("WordFreq(nil) = %v, want empty", got)
	}
	if got := wordfreq.WordFreq([]string{"", "   ", "\n\t"}, 2); len(got) != 0 {
		t.Fatalf("WordFreq of blank documents = %v, want empty", got)
	}
}

func TestUnicodeAndPunctuation(t *testing.T) {
	docs := []string{"你好 世界", "世界 hello, hello", "naïve café café"}
	want := map[string]int{"你好": 1, "世界": 2, "hello,": 1, "hello": 1, "naïve": 1, "café": 2}
	if got := wordfreq.WordFreq(docs, 3); !maps.Equal(got, want) {
		t.Fatalf("WordFreq = %v, want %v", got, want)
	}
}

func TestExactCounts(t *testing.T) {
	for _, workers := range []int{-1, 0, 1, 2, 3, 4, 16, 2000} {
		docs := corpus(uint64(workers+10), 1000, 60, 300)
		want := model(docs)
		for range 3 {
			if got := wordfreq.WordFreq(docs, workers); !maps.Equal(got, want) {
				t.Fatalf("workers=%d: counts differ from a sequential count (%d vs %d distinct words)", workers, len(got), len(want))
			}
		}
	}
}

func TestFewDocsManyWorkers(t *testing.T) {
	docs := []string{"a b a"}
	if got := wordfreq.WordFreq(docs, 8); !maps.Equal(got, map[string]int{"a": 2, "b": 1}) {
		t.Fatalf("WordFreq = %v", got)
	}
}
