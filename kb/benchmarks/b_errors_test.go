package benchmarks

import (
	"errors"
	"fmt"
	"testing"
)

// Backs kb/errors/errors-astype-go126: finding a typed error three levels
// down a wrap chain with errors.As (reflection-based) versus the generic
// errors.AsType (Go 1.26).

type benchErrorsTarget struct{ code int }

func (e *benchErrorsTarget) Error() string { return fmt.Sprintf("code %d", e.code) }

var errBenchChain = fmt.Errorf("outer: %w", fmt.Errorf("middle: %w", fmt.Errorf("inner: %w", &benchErrorsTarget{code: 7})))

func BenchmarkErrorsAs(b *testing.B) {
	found := 0
	for b.Loop() {
		var t *benchErrorsTarget
		if errors.As(errBenchChain, &t) {
			found += t.code
		}
	}
	if found == 0 {
		b.Fatal("not found")
	}
}

func BenchmarkErrorsAsType(b *testing.B) {
	found := 0
	for b.Loop() {
		if t, ok := errors.AsType[*benchErrorsTarget](errBenchChain); ok {
			found += t.code
		}
	}
	if found == 0 {
		b.Fatal("not found")
	}
}
