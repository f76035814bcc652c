package judge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// The judge-owned files added to every work module.
const (
	harnessFile   = "zz_goprep_main_test.go"
	benchRefFile  = "zz_goprep_benchref_test.go"
	refDir        = "internal/goprepref"
	harnessDir    = "internal/goprepharness"
	refSuffix     = "_goprepRef"
	trackFunc     = "goprepTrack"
	modeEnv       = "GOPREP_MODE"
	benchPairsEnv = "GOPREP_BENCH_PAIRS"
	benchProcsEnv = "GOPREP_BENCH_PROCS"
)

// instrumentTest inserts a call to the harness's tracker at the start of
// every top-level test function, on the line of its opening brace so line
// numbers in messages stay right. The tracker registers a t.Cleanup that
// records the test's name and outcome for the report on fd 3.
func instrumentTest(name, src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	type edit struct {
		off       int
		del       int
		insertion string
	}
	var edits []edit
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil || !isTestFunc(fd, "Test", "T") {
			continue
		}
		param := fd.Type.Params.List[0]
		tname := "goprepT"
		switch {
		case len(param.Names) == 0:
			edits = append(edits, edit{off: fset.Position(param.Type.Pos()).Offset, insertion: tname + " "})
		case param.Names[0].Name == "_":
			edits = append(edits, edit{off: fset.Position(param.Names[0].Pos()).Offset, del: 1, insertion: tname})
		default:
			tname = param.Names[0].Name
		}
		edits = append(edits, edit{off: fset.Position(fd.Body.Lbrace).Offset + 1, insertion: " " + trackFunc + "(" + tname + ");"})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].off > edits[j].off })
	out := src
	for _, e := range edits {
		out = out[:e.off] + e.insertion + out[e.off+e.del:]
	}
	return out, nil
}

// refCopy rewrites bench_test.go so that it benchmarks the reference: the
// solution's import points at the reference package and every top-level
// identifier gets refSuffix. It returns the new source and the renamed
// benchmark names, old -> new.
func refCopy(src, modPath string) (string, map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "bench_test.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return "", nil, err
	}
	// Drop comments: they would be misplaced by the rewrite and matter not.
	f.Comments = nil
	found := false
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p != modPath {
			continue
		}
		found = true
		imp.Path.Value = strconv.Quote(modPath + "/" + refDir)
		if imp.Name == nil {
			imp.Name = ast.NewIdent(lastElem(modPath))
		}
	}
	if !found {
		return "", nil, fmt.Errorf("bench_test.go does not import %s", modPath)
	}
	top := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" && d.Name.Name != "_" {
				top[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					top[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							top[n.Name] = true
						}
					}
				}
			}
		}
	}
	sels := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			sels[s.Sel] = true
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && top[id.Name] && !sels[id] {
			id.Name += refSuffix
		}
		return true
	})
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return "", nil, err
	}
	renamed := map[string]string{}
	for n := range top {
		if strings.HasPrefix(n, "Benchmark") {
			renamed[n] = n + refSuffix
		}
	}
	return buf.String(), renamed, nil
}

func lastElem(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// harnessReport is what the judge-owned TestMain writes to fd 3. It mirrors
// the goprepReport type in harnessTemplate.
type harnessReport struct {
	Mode  string `json:"mode"`
	Code  int    `json:"code"`
	Tests []struct {
		Name    string `json:"name"`
		Failed  bool   `json:"failed"`
		Skipped bool   `json:"skipped"`
	} `json:"tests"`
	Leak  string `json:"leak"`
	Bench []struct {
		Name        string    `json:"name"`
		CandNs      []float64 `json:"cand_ns"`
		RefNs       []float64 `json:"ref_ns"`
		CandAllocs  []int64   `json:"cand_allocs"`
		RefAllocs   []int64   `json:"ref_allocs"`
		CandFailed  bool      `json:"cand_failed"`
		RefFailed   bool      `json:"ref_failed"`
		GOMAXPROCS  int       `json:"gomaxprocs"`
		BenchtimeNs int64     `json:"benchtime_ns"`
	} `json:"bench"`
}

// parseReport decodes fd 3's content: exactly one JSON document.
func parseReport(b []byte) (*harnessReport, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r harnessReport
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("report: more than one document")
	}
	return &r, nil
}

type benchPair struct{ Name, Cand, Ref string }

// harnessPackageSource is the judge-owned package (at harnessDir in the work
// module) that runs the tests and writes the report. It does not depend on
// the candidate's code, so the build cache keeps it compiled across
// submissions.
const harnessPackageSource = `// Code generated by the GoPrep judge. The candidate's code cannot reach fd 3,
// nor import this package (the judge's gate allows no module-local imports).

// Package goprepharness reports a test binary's results on fd 3.
package goprepharness

import (
	"encoding/json"
	"flag"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type goprepTestRecord struct {
	Name    string ` + "`json:\"name\"`" + `
	Failed  bool   ` + "`json:\"failed\"`" + `
	Skipped bool   ` + "`json:\"skipped\"`" + `
}

type goprepBenchRecord struct {
	Name        string    ` + "`json:\"name\"`" + `
	CandNs      []float64 ` + "`json:\"cand_ns\"`" + `
	RefNs       []float64 ` + "`json:\"ref_ns\"`" + `
	CandAllocs  []int64   ` + "`json:\"cand_allocs\"`" + `
	RefAllocs   []int64   ` + "`json:\"ref_allocs\"`" + `
	CandFailed  bool      ` + "`json:\"cand_failed\"`" + `
	RefFailed   bool      ` + "`json:\"ref_failed\"`" + `
	GOMAXPROCS  int       ` + "`json:\"gomaxprocs\"`" + `
	BenchtimeNs int64     ` + "`json:\"benchtime_ns\"`" + `
}

type goprepReport struct {
	Mode  string              ` + "`json:\"mode\"`" + `
	Code  int                 ` + "`json:\"code\"`" + `
	Tests []goprepTestRecord  ` + "`json:\"tests\"`" + `
	Leak  string              ` + "`json:\"leak\"`" + `
	Bench []goprepBenchRecord ` + "`json:\"bench\"`" + `
}

var (
	goprepMu      sync.Mutex
	goprepRecords []goprepTestRecord
)

// Track records t's name and outcome when it ends.
func Track(t *testing.T) {
	t.Cleanup(func() {
		goprepMu.Lock()
		defer goprepMu.Unlock()
		goprepRecords = append(goprepRecords, goprepTestRecord{Name: t.Name(), Failed: t.Failed(), Skipped: t.Skipped()})
	})
}

// Pair is a benchmark of the candidate and the same benchmark on the
// reference.
type Pair struct {
	Name      string
	Cand, Ref func(*testing.B)
}

func goprepOne(f func(*testing.B)) (float64, int64, int, bool) {
	r := testing.Benchmark(f)
	if r.N <= 0 {
		return 0, 0, 0, false
	}
	return float64(r.T.Nanoseconds()) / float64(r.N), r.AllocsPerOp(), r.N, true
}

// goprepFixed runs f for exactly n iterations (after testing's own single
// warm-up iteration): no ramp-up, so each run of a pair lasts about the
// benchtime.
func goprepFixed(f func(*testing.B), n int) (float64, int64, bool) {
	flag.Set("test.benchtime", strconv.Itoa(n)+"x")
	ns, allocs, _, ok := goprepOne(f)
	return ns, allocs, ok
}

// goprepCalibrate runs f once with testing's own ramp-up (which also warms f
// up) and returns that run's figures and how many iterations fill the
// benchtime.
func goprepCalibrate(f func(*testing.B), benchtime time.Duration) (float64, int64, int, bool) {
	flag.Set("test.benchtime", benchtime.String())
	ns, allocs, n, ok := goprepOne(f)
	if !ok || n <= 0 {
		return 0, 0, 0, false
	}
	iters := n
	if ns > 0 {
		iters = max(1, int(float64(benchtime.Nanoseconds())/ns))
	}
	return ns, allocs, iters, true
}

func goprepBench(pairs []Pair) []goprepBenchRecord {
	if n, err := strconv.Atoi(os.Getenv("GOPREP_BENCH_PROCS")); err == nil && n > 0 {
		runtime.GOMAXPROCS(n)
	}
	n := 10
	if v, err := strconv.Atoi(os.Getenv("GOPREP_BENCH_PAIRS")); err == nil && v > 0 {
		n = v
	}
	var benchtime time.Duration
	if f := flag.Lookup("test.benchtime"); f != nil {
		benchtime, _ = time.ParseDuration(f.Value.String())
	}
	if benchtime <= 0 {
		benchtime = time.Second
	}
	out := []goprepBenchRecord{}
	for _, p := range pairs {
		rec := goprepBenchRecord{Name: p.Name, GOMAXPROCS: runtime.GOMAXPROCS(0), BenchtimeNs: int64(benchtime)}
		// The first pair runs with testing's ramp-up and sizes the others.
		cns, ca, cn, cok := goprepCalibrate(p.Cand, benchtime)
		rns, ra, rn, rok := goprepCalibrate(p.Ref, benchtime)
		rec.CandFailed, rec.RefFailed = !cok, !rok
		if cok && rok {
			rec.CandNs, rec.RefNs = append(rec.CandNs, cns), append(rec.RefNs, rns)
			rec.CandAllocs, rec.RefAllocs = append(rec.CandAllocs, ca), append(rec.RefAllocs, ra)
		}
		for i := 1; i < n && !rec.CandFailed && !rec.RefFailed; i++ {
			if i%2 == 0 {
				cns, ca, cok = goprepFixed(p.Cand, cn)
				rns, ra, rok = goprepFixed(p.Ref, rn)
			} else {
				rns, ra, rok = goprepFixed(p.Ref, rn)
				cns, ca, cok = goprepFixed(p.Cand, cn)
			}
			rec.CandFailed, rec.RefFailed = !cok, !rok
			rec.CandNs = append(rec.CandNs, cns)
			rec.RefNs = append(rec.RefNs, rns)
			rec.CandAllocs = append(rec.CandAllocs, ca)
			rec.RefAllocs = append(rec.RefAllocs, ra)
		}
		out = append(out, rec)
	}
	return out
}

// Main runs the tests (or, in bench mode, the pairs) and writes the report.
func Main(m *testing.M, pairs []Pair) {
	report := os.NewFile(3, "goprep-report")
	rep := goprepReport{Mode: os.Getenv("GOPREP_MODE"), Tests: []goprepTestRecord{}}
	switch rep.Mode {
	case "bench":
		flag.Parse()
		rep.Bench = goprepBench(pairs)
	case "leak":
		ignore := goleak.IgnoreCurrent()
		rep.Code = m.Run()
		if rep.Code == 0 {
			if err := goleak.Find(ignore); err != nil {
				rep.Leak = err.Error()
			}
		}
	default:
		rep.Code = m.Run()
	}
	goprepMu.Lock()
	rep.Tests = append(rep.Tests, goprepRecords...)
	goprepMu.Unlock()
	if err := json.NewEncoder(report).Encode(rep); err != nil {
		os.Exit(70)
	}
	report.Close()
	os.Exit(rep.Code)
}
`

// harnessSource renders the judge-owned TestMain of test package pkg_test in
// module modPath: a call into the harness package with the benchmark pairs.
func harnessSource(pkg, modPath string, pairs []benchPair) string {
	var buf bytes.Buffer
	if err := harnessTemplate.Execute(&buf, map[string]any{"Pkg": pkg, "Harness": modPath + "/" + harnessDir, "Pairs": pairs}); err != nil {
		panic(err) // the template is a constant
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		panic(fmt.Sprintf("harness does not format: %v\n%s", err, buf.String()))
	}
	return string(out)
}

var harnessTemplate = template.Must(template.New("harness").Parse(`// Code generated by the GoPrep judge.

package {{.Pkg}}_test

import (
	"testing"

	goprepharness {{printf "%q" .Harness}}
)

func {{"goprepTrack"}}(t *testing.T) { goprepharness.Track(t) }

func TestMain(m *testing.M) {
	goprepharness.Main(m, []goprepharness.Pair{
{{- range .Pairs}}
		{Name: {{printf "%q" .Name}}, Cand: {{.Cand}}, Ref: {{.Ref}}},
{{- end}}
	})
}
`))
