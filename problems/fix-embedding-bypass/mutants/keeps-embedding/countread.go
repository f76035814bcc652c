// Package countread counts the bytes read from an in-memory buffer.
package countread

import (
	"bytes"
	"io"
)

// CountingReader reads from a byte slice and counts the bytes read.
type CountingReader struct {
	*bytes.Reader
	n int64
}

// NewCountingReader returns a reader over data with a count of 0.
func NewCountingReader(data []byte) *CountingReader {
	return &CountingReader{Reader: bytes.NewReader(data)}
}

// Read reads into p and counts the bytes read.
func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	c.n += int64(n)
	return n, err
}

// WriteTo overrides the promoted bytes.Reader.WriteTo so that io.Copy counts.
func (c *CountingReader) WriteTo(w io.Writer) (int64, error) {
	n, err := c.Reader.WriteTo(w)
	c.n += n
	return n, err
}

// Count returns the number of bytes read so far.
func (c *CountingReader) Count() int64 { return c.n }
