package variants_test

import (
	"testing"

	"goprep.local/variants"
)

var sinkX, sinkY []string

func BenchmarkVariantsSpareCap(b *testing.B) {
	base := make([]string, 12, 32)
	for i := range base {
		base[i] = "flag"
	}
	for b.Loop() {
		sinkX, sinkY = variants.Variants(base, "-a", "-b")
	}
}

func BenchmarkVariantsFull(b *testing.B) {
	base := make([]string, 12)
	for b.Loop() {
		sinkX, sinkY = variants.Variants(base, "-a", "-b")
	}
}
