// Package sizecheck tests implementations of ParseSize against its
// specification.
package sizecheck

import "fmt"

// ParseFunc has the signature of ParseSize.
type ParseFunc func(s string) (int64, error)

type tcase struct {
	in   string
	want int64
	ok   bool
}

// cases is the table. Each block targets a way an implementation can go
// wrong; together they pin the specification down at its boundaries.
var cases = []tcase{
	// plain numbers and every unit
	{"0", 0, true},
	{"7", 7, true},
	{"007", 7, true},
	{"10B", 10, true},
	{"10KB", 10_000, true},
	{"10MB", 10_000_000, true},
	{"10GB", 10_000_000_000, true},
	{"10KiB", 10 << 10, true},
	{"10MiB", 10 << 20, true},
	{"10GiB", 10 << 30, true},
	{"1B", 1, true},
	{"1KiB", 1024, true},
}

// Check runs parse on every case and returns the first disagreement with
// the specification, or nil.
func Check(parse ParseFunc) error {
	for _, c := range cases {
		got, err := parse(c.in)
		switch {
		case c.ok && err != nil:
			return fmt.Errorf("ParseSize(%q) failed with %v, want %d", c.in, err, c.want)
		case c.ok && got != c.want:
			return fmt.Errorf("ParseSize(%q) = %d, want %d", c.in, got, c.want)
		case !c.ok && err == nil:
			return fmt.Errorf("ParseSize(%q) = %d, want an error", c.in, got)
		}
	}
	return nil
}
