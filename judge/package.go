package judge

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goprep/goprep"
)

// Limits on what a problem folder may hold, so a broken catalog cannot make
// the loader read without bound.
const (
	maxPackageFiles = 200
	maxPackageFile  = 1 << 20
)

// Package is one problem folder loaded from disk: the typed problem.yaml and
// every file the judge needs. Hidden tests, the reference and the mutants
// live only here; Problem() leaves them out.
type Package struct {
	Dir         string
	Spec        Spec
	StatementEN string
	StatementZH string
	Starter     map[string]string
	Reference   map[string]string
	// Tests holds every tests/*_test.go file, name -> source.
	Tests map[string]string
	// Mutants maps a mutant's name to its files.
	Mutants map[string]map[string]string
	// Hash is the hex sha256 over the sorted relative paths and contents of
	// every file in the folder: the problem's version.
	Hash string

	// Test function names found in Tests, by kind.
	testNames  []string // Test* except TestLeak*
	publicTest []string // Test* in public_test.go
	leakNames  []string // TestLeak*
	benchNames []string // Benchmark* in bench_test.go
}

// LoadPackage reads and validates the problem folder dir.
func LoadPackage(dir string) (*Package, error) {
	spec, err := os.ReadFile(filepath.Join(dir, "problem.yaml"))
	if err != nil {
		return nil, goprep.Errorf(goprep.EINVALID, "%s: %v", dir, err)
	}
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if base := filepath.Base(filepath.Clean(dir)); base != s.Slug {
		return nil, goprep.Errorf(goprep.EINVALID, "%s: slug %q differs from the folder name %q", dir, s.Slug, base)
	}
	p := &Package{Dir: dir, Spec: *s, Mutants: map[string]map[string]string{}}
	files, hash, err := readTree(dir)
	if err != nil {
		return nil, err
	}
	p.Hash = hash
	invalid := func(format string, args ...any) error {
		return goprep.Errorf(goprep.EINVALID, "%s: %s", dir, fmt.Sprintf(format, args...))
	}
	var ok bool
	if p.StatementEN, ok = files["statement.md"]; !ok {
		return nil, invalid("statement.md is missing")
	}
	if p.StatementZH, ok = files["statement.zh.md"]; !ok {
		return nil, invalid("statement.zh.md is missing")
	}
	p.Starter = goFilesIn(files, "starter")
	p.Reference = goFilesIn(files, "reference")
	p.Tests = goFilesIn(files, "tests")
	for _, f := range s.Files {
		if _, ok := p.Starter[f]; !ok {
			return nil, invalid("starter/%s is missing", f)
		}
		if _, ok := p.Reference[f]; !ok {
			return nil, invalid("reference/%s is missing", f)
		}
	}
	if _, ok := p.Tests["public_test.go"]; !ok {
		return nil, invalid("tests/public_test.go is missing")
	}
	if _, ok := p.Tests["hidden_test.go"]; !ok {
		return nil, invalid("tests/hidden_test.go is missing")
	}
	for name := range p.Tests {
		if !strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "zz_goprep") {
			return nil, invalid("tests/%s: test files must end in _test.go and not start with zz_goprep", name)
		}
	}
	if len(s.Mutants) < MinMutants {
		return nil, invalid("%d mutants; at least %d are required", len(s.Mutants), MinMutants)
	}
	for _, m := range s.Mutants {
		mf := goFilesIn(files, "mutants/"+m.Name)
		if len(mf) == 0 {
			return nil, invalid("mutants/%s has no .go files", m.Name)
		}
		p.Mutants[m.Name] = mf
	}
	if err := p.scanTests(); err != nil {
		return nil, invalid("%v", err)
	}
	if s.Checks.Leak != nil && len(p.leakNames) == 0 {
		return nil, invalid("checks.leak is enabled but no TestLeak* function exists")
	}
	if s.Checks.Bench != nil && len(p.benchNames) == 0 {
		return nil, invalid("checks.bench is enabled but tests/bench_test.go has no Benchmark* function")
	}
	return p, nil
}

// LoadCatalog loads every problem folder (a directory holding problem.yaml)
// directly under dir, sorted by slug. A folder that does not load is left out
// and its error is part of the returned error (errors.Join), so one broken
// problem does not hide the others.
func LoadCatalog(dir string) ([]*Package, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", dir, err)
	}
	var out []*Package
	var errs []error
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "problem.yaml")); err != nil {
			continue
		}
		p, err := LoadPackage(filepath.Join(dir, e.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Spec.Slug < out[j].Spec.Slug })
	return out, errors.Join(errs...)
}

// readTree reads every regular file below dir (skipping dot files) and hashes
// them: sha256 over, for each file in sorted order, its slash-separated
// relative path, a NUL, its length, a NUL and its content.
func readTree(dir string) (map[string]string, string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if len(files) >= maxPackageFiles {
			return fmt.Errorf("more than %d files", maxPackageFiles)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxPackageFile {
			return fmt.Errorf("%s is larger than %d bytes", path, maxPackageFile)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		return nil, "", goprep.Errorf(goprep.EINVALID, "%s: %v", dir, err)
	}
	return files, hashFiles(files), nil
}

func hashFiles(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write([]byte(files[n]))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// goFilesIn returns the .go files directly in folder sub of files.
func goFilesIn(files map[string]string, sub string) map[string]string {
	out := map[string]string{}
	prefix := sub + "/"
	for name, src := range files {
		rest, ok := strings.CutPrefix(name, prefix)
		if ok && !strings.Contains(rest, "/") && strings.HasSuffix(rest, ".go") {
			out[rest] = src
		}
	}
	return out
}

// scanTests parses the test files and records the test and benchmark names.
func (p *Package) scanTests() error {
	names := make([]string, 0, len(p.Tests))
	for n := range p.Tests {
		names = append(names, n)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	for _, n := range names {
		f, err := parser.ParseFile(fset, n, p.Tests[n], parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("tests/%v", err)
		}
		if f.Name.Name != p.Spec.Package+"_test" {
			return fmt.Errorf("tests/%s: package %s, want %s_test", n, f.Name.Name, p.Spec.Package)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			name := fd.Name.Name
			switch {
			case name == "TestMain":
				return fmt.Errorf("tests/%s: TestMain belongs to the judge", n)
			case isTestFunc(fd, "Test", "T"):
				if strings.HasPrefix(name, "TestLeak") {
					p.leakNames = append(p.leakNames, name)
				} else {
					p.testNames = append(p.testNames, name)
					if n == "public_test.go" {
						p.publicTest = append(p.publicTest, name)
					}
				}
			case isTestFunc(fd, "Benchmark", "B"):
				if n != "bench_test.go" {
					return fmt.Errorf("tests/%s: benchmarks belong in bench_test.go", n)
				}
				p.benchNames = append(p.benchNames, name)
			}
		}
	}
	if len(p.publicTest) == 0 {
		return fmt.Errorf("tests/public_test.go has no Test function")
	}
	return nil
}

// isTestFunc reports whether fd looks like func PrefixXxx(x *testing.T|B).
func isTestFunc(fd *ast.FuncDecl, prefix, typ string) bool {
	name := fd.Name.Name
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if rest := name[len(prefix):]; rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
		return false
	}
	params := fd.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 || fd.Type.Results != nil || fd.Type.TypeParams != nil {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == typ
}

// Problem turns the package into the domain type shown to candidates:
// statement, starter, public tests, limits and checks — never the hidden
// tests, the reference or the mutants.
func (p *Package) Problem() *goprep.Problem {
	spec, _ := json.Marshal(p.Spec)
	starter := map[string]string{}
	for k, v := range p.Starter {
		starter[k] = v
	}
	return &goprep.Problem{
		Slug:        p.Spec.Slug,
		TitleEN:     p.Spec.Title.EN,
		TitleZH:     p.Spec.Title.ZH,
		Topics:      append([]string(nil), p.Spec.Topics...),
		Difficulty:  p.Spec.Difficulty,
		Kind:        p.Spec.Kind,
		StatementEN: p.StatementEN,
		StatementZH: p.StatementZH,
		Starter:     starter,
		PublicTests: map[string]string{"public_test.go": p.Tests["public_test.go"]},
		Limits: goprep.Limits{
			TimeMS:      int(p.Spec.Limits.Time.D().Milliseconds()),
			MemoryBytes: int64(p.Spec.Limits.Memory),
			OutputBytes: int64(p.Spec.Limits.Output),
		},
		Checks:      p.Spec.CheckNames(),
		Spec:        spec,
		ContentHash: p.Hash,
		Source:      "catalog",
	}
}
