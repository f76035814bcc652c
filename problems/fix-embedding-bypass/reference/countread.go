// Package countread counts the bytes read from an in-memory buffer.
package countread

import (
	"bytes"
	"io"
)

// CountingReader reads from a byte slice and counts the bytes read.
//
// The bytes.Reader is a named field, not an embedded one: embedding would
// promote WriteTo, ReadByte, ReadRune, Seek, ReadAt… and each of them would
// read without counting (io.Copy, for one, prefers WriteTo over Read).
type CountingReader struct {
	r bytes.Reader
	n int64
}

// NewCountingReader returns a reader over data with a count of 0.
func NewCountingReader(data []byte) *CountingReader {
	c := &CountingReader{}
	c.r.Reset(data)
	return c
}

// Read reads into p and counts the bytes read.
func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// WriteTo writes the unread bytes to w and counts those w accepted. Having it
// lets io.Copy hand the buffer to w directly instead of allocating a 32 KiB
// copy buffer.
func (c *CountingReader) WriteTo(w io.Writer) (int64, error) {
	n, err := c.r.WriteTo(w)
	c.n += n
	return n, err
}

// Count returns the number of bytes read so far.
func (c *CountingReader) Count() int64 { return c.n }
