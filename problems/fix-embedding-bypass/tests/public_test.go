package countread_test

import (
	"bytes"
	"io"
	"testing"

	"goprep.local/countread"
)

func TestCountRead(t *testing.T) {
	c := countread.NewCountingReader([]byte("hello, world"))
	buf := make([]byte, 5)
	c.Read(buf)
	if c.Count() != 5 {
		t.Fatalf("Count() = %d after reading 5 bytes, want 5", c.Count())
	}
}

func TestCountCopy(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 100_000)
	c := countread.NewCountingReader(data)
	var dst bytes.Buffer
	if _, err := io.Copy(&dst, c); err != nil {
		t.Fatal(err)
	}
	if c.Count() != int64(len(data)) {
		t.Fatalf("Count() = %d after io.Copy, want %d", c.Count(), len(data))
	}
}
