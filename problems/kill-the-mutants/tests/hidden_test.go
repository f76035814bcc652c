package sizecheck_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"goprep.local/sizecheck"
)

// flaws switch on one bug each in a configurable ParseSize.
type flaws struct {
	kibDecimal, lowerUnits, noMulOverflow, signs, trimSpace, emptyZero,
	unitOnlyZero, gbBinary, mbMixed, bareK, noLeadingZero, maxOffByOne,
	base0, fraction, digitWrap, trailingJunk, floatMul bool
}

var errBad = errors.New("bad size")

func (f flaws) parse(s string) (int64, error) {
	if f.trimSpace {
		s = strings.TrimSpace(s)
	}
	if s == "" && f.emptyZero {
		return 0, nil
	}
	neg := false
	if f.signs && len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || f.fraction && s[i] == '.' || f.base0 && strings.ContainsRune("xX_abcdefABCDEF", rune(s[i])) && i > 0) {
		i++
	}
	// base0 must not eat unit letters: back off to the longest prefix ParseInt accepts
	if f.base0 {
		for i > 0 {
			if _, err := strconv.ParseInt(s[:i], 0, 64); err == nil {
				break
			}
			i--
		}
	}
	digits, unit := s[:i], s[i:]
	if digits == "" && !(f.unitOnlyZero && unit != "") {
		return 0, errBad
	}
	if f.noLeadingZero && len(digits) > 1 && digits[0] == '0' {
		return 0, errBad
	}
	units := map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
	if f.kibDecimal {
		units["KiB"] = 1000
	}
	if f.gbBinary {
		units["GB"] = 1 << 30
	}
	if f.mbMixed {
		units["MB"] = 1000 * 1024
	}
	if f.bareK {
		units["K"], units["M"], units["G"] = 1e3, 1e6, 1e9
	}
	if f.lowerUnits {
		for k, v := range units {
			units[strings.ToLower(k)] = v
		}
	}
	if f.trailingJunk {
		for _, u := range []string{"KiB", "MiB", "GiB", "KB", "MB", "GB", "B"} {
			if strings.HasPrefix(unit, u) {
				unit = u
				break
			}
		}
	}
	mult, ok := units[unit]
	if !ok {
		return 0, errBad
	}
	var n int64
	switch {
	case digits == "":
		n = 0
	case f.base0:
		v, err := strconv.ParseInt(digits, 0, 64)
		if err != nil {
			return 0, err
		}
		n = v
	case f.fraction && strings.Contains(digits, "."):
		x, err := strconv.ParseFloat(digits, 64)
		if err != nil {
			return 0, err
		}
		return int64(x * float64(mult)), nil
	default:
		for _, c := range digits {
			d := int64(c - '0')
			limit := (math.MaxInt64 - d) / 10
			if f.maxOffByOne {
				limit = (math.MaxInt64-d)/10 - 1
				if n == 0 && len(digits) < 19 {
					limit = math.MaxInt64
				}
			}
			if !f.digitWrap && n > limit {
				return 0, errBad
			}
			n = n*10 + d
		}
	}
	if !f.noMulOverflow && n > math.MaxInt64/mult {
		return 0, errBad
	}
	if neg {
		n = -n
	}
	if f.floatMul {
		return int64(float64(n) * float64(mult)), nil
	}
	return n * mult, nil
}

var mutants = map[string]flaws{
	"KiB is 1000":                  {kibDecimal: true},
	"units are case-insensitive":   {lowerUnits: true},
	"unit multiplication wraps":    {noMulOverflow: true},
	"accepts a sign":               {signs: true},
	"trims spaces":                 {trimSpace: true},
	"empty string is 0":            {emptyZero: true},
	"a unit alone is 0":            {unitOnlyZero: true},
	"GB is 2^30":                   {gbBinary: true},
	"MB is 1000·1024":              {mbMixed: true},
	"accepts K, M and G":           {bareK: true},
	"rejects leading zeros":        {noLeadingZero: true},
	"rejects math.MaxInt64":        {maxOffByOne: true},
	"uses strconv.ParseInt base 0": {base0: true},
	"accepts fractions":            {fraction: true},
	"digit accumulation wraps":     {digitWrap: true},
	"ignores junk after a unit":    {trailingJunk: true},
	"multiplies in float64":        {floatMul: true},
}

// TestHiddenSanity makes sure the flawed parser without flaws is correct
// and each flaw really changes behaviour (a test of this test).
func TestHiddenSanity(t *testing.T) {
	if err := sizecheck.Check(flaws{}.parse); err != nil {
		t.Fatalf("Check(correct ParseSize) = %v, want nil", err)
	}
	if err := sizecheck.Check(goodParse); err != nil {
		t.Fatalf("Check(correct ParseSize) = %v, want nil", err)
	}
}

func TestHiddenKillsEveryMutant(t *testing.T) {
	for name, f := range mutants {
		t.Run(name, func(t *testing.T) {
			if err := sizecheck.Check(f.parse); err == nil {
				t.Errorf("Check accepted a ParseSize that %s", name)
			}
		})
	}
}

// TestHiddenMessageNamesInput: a failure report must say which input failed.
func TestHiddenMessageNamesInput(t *testing.T) {
	err := sizecheck.Check(func(s string) (int64, error) { return 0, errBad })
	if err == nil {
		t.Fatal("Check accepted a ParseSize that always fails")
	}
	if !strings.Contains(err.Error(), `"`) {
		t.Errorf("Check error %q should quote the input that failed", err)
	}
}

func TestHiddenAlwaysSucceeding(t *testing.T) {
	if sizecheck.Check(func(string) (int64, error) { return 10_000, nil }) == nil {
		t.Fatal("Check accepted a ParseSize that always returns 10000")
	}
}
