// Package sizecheck tests implementations of ParseSize against its
// specification.
package sizecheck

import "fmt"

// ParseFunc has the signature of ParseSize.
type ParseFunc func(s string) (int64, error)

// Check runs parse on a table of inputs and returns the first disagreement
// with the specification, or nil.
func Check(parse ParseFunc) error {
	cases := []struct {
		in   string
		want int64
	}{
		{"10KB", 10_000},
		// TODO: many more cases, including the ones that must fail.
	}
	for _, c := range cases {
		got, err := parse(c.in)
		if err != nil || got != c.want {
			return fmt.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	return nil
}
