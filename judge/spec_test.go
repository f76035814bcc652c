package judge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goprep/goprep"
)

const minimalSpec = `slug: demo
package: demo
title: {en: "Demo", zh: "演示"}
topics: [sync]
difficulty: easy
kind: implement
files: [demo.go]
checks:
  race: {}
scoring:
  tests: 80
  race: 20
mutants:
  - {name: a, verdict: WA}
  - {name: b, verdict: RACE}
  - {name: c, verdict: RE}
`

func TestParseSpecDefaults(t *testing.T) {
	s, err := ParseSpec([]byte(minimalSpec))
	if err != nil {
		t.Fatal(err)
	}
	if s.Limits.Time.D() != DefaultTimeLimit || s.Limits.Memory != DefaultMemoryLimit || s.Limits.Output != DefaultOutputLimit {
		t.Errorf("limits defaults = %+v", s.Limits)
	}
	if r := s.Checks.Race; r == nil || len(r.CPU) == 0 || r.Count != 1 {
		t.Errorf("race defaults = %+v", r)
	}
	if got := strings.Join(s.CheckNames(), ","); got != "tests,race" {
		t.Errorf("CheckNames = %s", got)
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"UnknownField", "kind: implement", "kind: implement\nkindd: x", "kindd"},
		{"BadSlug", "slug: demo", "slug: Demo_1", "slug"},
		{"BadPackage", "package: demo", "package: main", "package"},
		{"MissingZH", `zh: "演示"`, `zh: ""`, "title"},
		{"UnknownTopic", "topics: [sync]", "topics: [nope]", "topics"},
		{"BadDifficulty", "difficulty: easy", "difficulty: trivial", "difficulty"},
		{"TestFileName", "files: [demo.go]", "files: [demo_test.go]", "files"},
		{"PlatformFileName", "files: [demo.go]", "files: [demo_linux.go]", "files"},
		{"BadSize", "kind: implement", "kind: implement\nlimits: {memory: 12 parsecs}", "size"},
		{"BadDuration", "kind: implement", "kind: implement\nlimits: {time: soon}", "duration"},
		{"PointsForDisabledCheck", "  race: 20", "  race: 20\n  leak: 5", "scoring"},
		{"MutantAC", "verdict: WA", "verdict: AC", "verdict"},
		{"MutantUnknownVerdict", "verdict: WA", "verdict: WRONG", "verdict"},
		{"AllowUnsafe", "kind: implement", "kind: implement\nimports: {allow: [unsafe]}", "imports.allow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(minimalSpec, tc.from, tc.to, 1)
			if src == minimalSpec {
				t.Fatalf("the edit %q did not apply", tc.from)
			}
			_, err := ParseSpec([]byte(src))
			if err == nil {
				t.Fatal("no error")
			}
			if goprep.ErrorCode(err) != goprep.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want EINVALID mentioning %q", err, tc.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"256MiB": 256 << 20, "1MiB": 1 << 20, "64KiB": 64 << 10, "2GiB": 2 << 30, "1000": 1000, "5MB": 5e6} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "-1MiB", "1.5MiB", "99999999999999999999GiB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): no error", in)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	f.Add([]byte(minimalSpec))
	f.Add([]byte("slug: [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSpec(b)
		if err == nil && s.Validate() != nil {
			t.Fatal("ParseSpec accepted a spec that does not validate")
		}
	})
}

// catalogDir is the repository's problem catalog.
func catalogDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "problems"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadFixtures(t *testing.T) {
	for _, slug := range []string{"safe-counter", "bounded-fetch"} {
		t.Run(slug, func(t *testing.T) {
			p, err := LoadPackage(filepath.Join(catalogDir(t), slug))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Spec.Mutants) < MinMutants || len(p.testNames) == 0 {
				t.Errorf("mutants %d, tests %v", len(p.Spec.Mutants), p.testNames)
			}
			prob := p.Problem()
			if prob.Slug != slug || prob.ContentHash != p.Hash || len(prob.Starter) == 0 {
				t.Errorf("Problem() = %+v", prob)
			}
			if len(prob.PublicTests) != 1 || prob.PublicTests["public_test.go"] == "" {
				t.Errorf("public tests = %v", prob.PublicTests)
			}
			// Nothing secret may reach the domain type's public fields.
			shown := prob.StatementEN + prob.StatementZH
			for _, src := range prob.Starter {
				shown += src
			}
			for _, src := range prob.PublicTests {
				shown += src
			}
			for name, src := range p.Tests {
				if name != "public_test.go" && strings.Contains(shown, src) {
					t.Errorf("hidden %s is shown", name)
				}
			}
			for _, src := range p.Reference {
				if strings.Contains(shown, src) {
					t.Error("the reference is shown")
				}
			}
		})
	}
}

func TestHashIsTheContent(t *testing.T) {
	src := filepath.Join(catalogDir(t), "safe-counter")
	dst := filepath.Join(t.TempDir(), "safe-counter")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	a, err := LoadPackage(src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadPackage(dst)
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash {
		t.Fatalf("copies hash differently: %s %s", a.Hash, b.Hash)
	}
	f := filepath.Join(dst, "tests", "hidden_test.go")
	data, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(data, "\n// changed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadPackage(dst)
	if err != nil {
		t.Fatal(err)
	}
	if c.Hash == a.Hash {
		t.Error("a changed hidden test kept the hash")
	}
}

func TestLoadPackageErrors(t *testing.T) {
	src := filepath.Join(catalogDir(t), "safe-counter")
	for _, tc := range []struct {
		name string
		edit func(dir string) error
		want string
	}{
		{"NoStatement", func(d string) error { return os.Remove(filepath.Join(d, "statement.zh.md")) }, "statement.zh.md"},
		{"NoReference", func(d string) error { return os.RemoveAll(filepath.Join(d, "reference")) }, "reference/counter.go"},
		{"NoMutantFolder", func(d string) error { return os.RemoveAll(filepath.Join(d, "mutants", "racy-snapshot")) }, "mutants/racy-snapshot"},
		{"OwnTestMain", func(d string) error {
			return os.WriteFile(filepath.Join(d, "tests", "x_test.go"), []byte("package counter_test\nimport \"testing\"\nfunc TestMain(m *testing.M) {}\n"), 0o644)
		}, "TestMain"},
		{"WrongTestPackage", func(d string) error {
			return os.WriteFile(filepath.Join(d, "tests", "x_test.go"), []byte("package counter\n"), 0o644)
		}, "counter_test"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "safe-counter")
			if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if err := tc.edit(dst); err != nil {
				t.Fatal(err)
			}
			_, err := LoadPackage(dst)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
