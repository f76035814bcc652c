package countread_test

import (
	"io"
	"testing"

	"goprep.local/countread"
)

// discard hides io.Discard's ReadFrom, like most real writers (a socket,
// a hash) that have only Write.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkCopy1MiB copies 1 MiB through io.Copy into a plain writer.
func BenchmarkCopy1MiB(b *testing.B) {
	data := make([]byte, 1<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		c := countread.NewCountingReader(data)
		if _, err := io.Copy(discard{}, c); err != nil {
			b.Fatal(err)
		}
	}
}
