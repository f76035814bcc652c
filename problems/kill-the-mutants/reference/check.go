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
	// malformed input
	{"", 0, false},
	{"KB", 0, false},
	{"B", 0, false},
	{"10K", 0, false},
	{"10kb", 0, false},
	{"10Kb", 0, false},
	{"10kib", 0, false},
	{"10TB", 0, false},
	{"10 KB", 0, false},
	{" 10", 0, false},
	{"10 ", 0, false},
	{"-5", 0, false},
	{"+5", 0, false},
	{"1.5KB", 0, false},
	{"0x10", 0, false},
	{"1_000", 0, false},
	{"10KBB", 0, false},
	{"10BKB", 0, false},
	// the int64 boundary, with and without a unit
	{"9223372036854775807", 1<<63 - 1, true},
	{"9223372036854775807B", 1<<63 - 1, true},
	{"9223372036854775808", 0, false},
	{"99999999999999999999", 0, false},
	{"9223372036854775KB", 9_223_372_036_854_775_000, true},
	{"9223372036854776KB", 0, false},
	{"9223372036854MB", 9_223_372_036_854_000_000, true},
	{"9223372036855MB", 0, false},
	{"9223372036GB", 9_223_372_036_000_000_000, true},
	{"9223372037GB", 0, false},
	{"9007199254740991KiB", 9007199254740991 << 10, true},
	{"9007199254740992KiB", 0, false},
	{"8796093022207MiB", 8796093022207 << 20, true},
	{"8796093022208MiB", 0, false},
	{"8589934591GiB", 8589934591 << 30, true},
	{"8589934592GiB", 0, false},
	{"18014398509481984GiB", 0, false}, // wraps to exactly 0 without a check
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
