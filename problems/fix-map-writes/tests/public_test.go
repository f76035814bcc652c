package wordfreq_test

import (
	"maps"
	"testing"

	"goprep.local/wordfreq"
)

func TestExample(t *testing.T) {
	docs := []string{"the cat sat", "the dog", "the  cat\tran\n"}
	got := wordfreq.WordFreq(docs, 2)
	want := map[string]int{"the": 3, "cat": 2, "sat": 1, "dog": 1, "ran": 1}
	if !maps.Equal(got, want) {
		t.Fatalf("WordFreq = %v, want %v", got, want)
	}
}
