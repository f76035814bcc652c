package sizecheck_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"goprep.local/sizecheck"
)

// goodParse is a correct ParseSize.
func goodParse(s string) (int64, error) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, errors.New("no digits")
	}
	units := map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
	mult, ok := units[s[i:]]
	if !ok {
		return 0, errors.New("unknown unit")
	}
	var n int64
	for _, c := range s[:i] {
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, errors.New("overflow")
		}
		n = n*10 + d
	}
	if n > math.MaxInt64/mult {
		return 0, errors.New("overflow")
	}
	return n * mult, nil
}

func TestCheckAcceptsCorrect(t *testing.T) {
	if err := sizecheck.Check(goodParse); err != nil {
		t.Fatalf("Check(correct ParseSize) = %v, want nil", err)
	}
}

func TestCheckCatchesKiBAsThousand(t *testing.T) {
	bad := func(s string) (int64, error) {
		return goodParse(strings.Replace(s, "KiB", "KB", 1))
	}
	if sizecheck.Check(bad) == nil {
		t.Fatal("Check accepted a ParseSize that treats KiB as 1000")
	}
}
