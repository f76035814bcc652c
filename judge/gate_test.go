package judge

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func gateSpec(allow ...string) *Spec {
	return &Spec{Package: "counter", Imports: ImportsSpec{Allow: allow}}
}

func TestGate(t *testing.T) {
	ok := "package counter\n\nimport (\n\t\"sync\"\n\t\"context\"\n)\n\nvar _ sync.Mutex\nvar _ context.Context\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		allow  []string
		rule   string // "" = accepted
		line   int
		syntax bool
	}{
		{name: "Plain", files: map[string]string{"counter.go": ok}},
		{name: "TestFile", files: map[string]string{"counter_test.go": ok}, rule: RuleFileName},
		{name: "GOOSSuffix", files: map[string]string{"counter_linux.go": ok}, rule: RuleFileName},
		{name: "GOARCHSuffix", files: map[string]string{"x_amd64.go": ok}, rule: RuleFileName},
		{name: "UpperCase", files: map[string]string{"Counter.go": ok}, rule: RuleFileName},
		{name: "Path", files: map[string]string{"../counter.go": ok}, rule: RuleFileName},
		{name: "Underscore", files: map[string]string{"_x.go": ok}, rule: RuleFileName},
		{name: "WrongPackage", files: map[string]string{"counter.go": "package main\n"}, rule: RulePackage, line: 1},
		{name: "Os", files: map[string]string{"counter.go": "package counter\n\nimport \"os\"\n\nvar _ = os.Exit\n"}, rule: RuleImport, line: 3},
		{name: "OsExec", files: map[string]string{"counter.go": "package counter\nimport _ \"os/exec\"\n"}, rule: RuleImport, line: 2},
		{name: "Unsafe", files: map[string]string{"counter.go": "package counter\nimport _ \"unsafe\"\n"}, rule: RuleImport, line: 2},
		{name: "UnsafeEvenIfAllowed", allow: []string{"unsafe"}, files: map[string]string{"counter.go": "package counter\nimport _ \"unsafe\"\n"}, rule: RuleImport, line: 2},
		{name: "Cgo", files: map[string]string{"counter.go": "package counter\n\n// #include <stdio.h>\nimport \"C\"\n"}, rule: RuleCgo, line: 4},
		{name: "Net", files: map[string]string{"counter.go": "package counter\nimport _ \"net/http\"\n"}, rule: RuleImport, line: 2},
		{name: "Syscall", files: map[string]string{"counter.go": "package counter\nimport _ \"syscall\"\n"}, rule: RuleImport, line: 2},
		{name: "Flag", files: map[string]string{"counter.go": "package counter\nimport _ \"flag\"\n"}, rule: RuleImport, line: 2},
		{name: "Log", files: map[string]string{"counter.go": "package counter\nimport _ \"log\"\n"}, rule: RuleImport, line: 2},
		{name: "Testing", files: map[string]string{"counter.go": "package counter\nimport _ \"testing\"\n"}, rule: RuleImport, line: 2},
		{name: "RuntimeDebug", files: map[string]string{"counter.go": "package counter\nimport _ \"runtime/debug\"\n"}, rule: RuleImport, line: 2},
		{name: "Internal", files: map[string]string{"counter.go": "package counter\nimport _ \"internal/race\"\n"}, rule: RuleImport, line: 2},
		{name: "Embed", files: map[string]string{"counter.go": "package counter\nimport _ \"embed\"\n"}, rule: RuleImport, line: 2},
		{name: "Reflect", files: map[string]string{"counter.go": "package counter\nimport _ \"reflect\"\n"}, rule: RuleImport, line: 2},
		{name: "ReflectAllowed", allow: []string{"reflect"}, files: map[string]string{"counter.go": "package counter\nimport _ \"reflect\"\n"}},
		{name: "ThirdParty", files: map[string]string{"counter.go": "package counter\nimport _ \"golang.org/x/sync/errgroup\"\n"}, rule: RuleImport, line: 2},
		{name: "ThirdPartyAllowed", allow: []string{"golang.org/x/sync/errgroup"}, files: map[string]string{"counter.go": "package counter\nimport _ \"golang.org/x/sync/errgroup\"\n"}},
		{name: "TheReference", files: map[string]string{"counter.go": "package counter\nimport _ \"goprep.local/counter/internal/goprepref\"\n"}, rule: RuleImport, line: 2},
		{name: "Linkname", files: map[string]string{"counter.go": "package counter\n\n//go:linkname x runtime.x\nvar x int\n"}, rule: RuleDirective, line: 3},
		{name: "Norace", files: map[string]string{"counter.go": "package counter\n\n//go:norace\nfunc f() {}\n"}, rule: RuleDirective, line: 3},
		{name: "BuildConstraint", files: map[string]string{"counter.go": "//go:build !race\n\npackage counter\n"}, rule: RuleDirective, line: 1},
		{name: "PlusBuild", files: map[string]string{"counter.go": "// +build !race\n\npackage counter\n"}, rule: RuleDirective, line: 1},
		{name: "LineDirective", files: map[string]string{"counter.go": "package counter\n//line hidden_test.go:1\nvar x int\n"}, rule: RuleDirective, line: 2},
		{name: "BlockLineDirective", files: map[string]string{"counter.go": "package counter\nvar x = /*line a.go:1*/ 1\n"}, rule: RuleDirective, line: 2},
		{name: "EmbedDirective", files: map[string]string{"counter.go": "package counter\n\n//go:embed hidden_test.go\nvar s string\n"}, rule: RuleDirective, line: 3},
		{name: "DirectiveInBrokenFile", files: map[string]string{"counter.go": "package counter\n//go:linkname a b\nfunc (\n"}, rule: RuleDirective, line: 2},
		{name: "NotUTF8", files: map[string]string{"counter.go": "package counter\nvar s = \"\xff\"\n"}, rule: RuleEncoding},
		{name: "NUL", files: map[string]string{"counter.go": "package counter\x00\n"}, rule: RuleEncoding},
		{name: "TooBig", files: map[string]string{"counter.go": "package counter\n//" + strings.Repeat("x", 300<<10) + "\n"}, rule: RuleFileSize},
		{name: "None", files: map[string]string{}, rule: RuleFileCount},
		{name: "SyntaxError", files: map[string]string{"counter.go": "package counter\nfunc f( {\n"}, syntax: true},
		{name: "OrdinaryComment", files: map[string]string{"counter.go": "package counter\n// go: is fine with a space, and so is a go:generate mention\nvar x int\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rej, syntax := Gate(gateSpec(tc.allow...), tc.files)
			if tc.syntax {
				if len(syntax) == 0 || syntax[0].Line == 0 || len(rej) != 0 {
					t.Fatalf("want a syntax error with a line; got rejections %v, syntax %v", rej, syntax)
				}
				return
			}
			if len(syntax) > 0 && tc.rule != RuleDirective {
				t.Fatalf("unexpected syntax errors %v", syntax)
			}
			if tc.rule == "" {
				if len(rej) > 0 {
					t.Fatalf("rejected: %v", rej)
				}
				return
			}
			if len(rej) == 0 {
				t.Fatalf("accepted; want rule %s", tc.rule)
			}
			if rej[0].Rule != tc.rule || rej[0].Line != tc.line || rej[0].Message == "" {
				t.Errorf("rejection = %+v, want rule %s at line %d", rej[0], tc.rule, tc.line)
			}
		})
	}
}

func FuzzGate(f *testing.F) {
	f.Add("counter.go", "package counter\nimport \"sync\"\nvar m sync.Mutex\n")
	f.Add("x.go", "//go:build ignore\npackage counter\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		rej, syntax := Gate(gateSpec(), map[string]string{name: src})
		if len(rej) > 0 || len(syntax) > 0 {
			return
		}
		// Accepted code parses, has the right package, imports only allowed
		// paths and carries no directive.
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments)
		if err != nil {
			t.Fatalf("accepted but does not parse: %v", err)
		}
		if f.Name.Name != "counter" {
			t.Fatalf("accepted package %s", f.Name.Name)
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line ") {
					t.Fatalf("accepted directive %q", c.Text)
				}
			}
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, "\"`")
			if p == "os" || p == "unsafe" || p == "C" || strings.HasPrefix(p, "net") || p == "syscall" {
				t.Fatalf("accepted import %s", p)
			}
		}
	})
}

func TestInstrumentTest(t *testing.T) {
	src := "package x_test\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {\n\tt.Log(1)\n}\n\nfunc TestB(*testing.T) {}\n\nfunc TestC(_ *testing.T) {}\n\nfunc helper(t *testing.T) {}\n\nfunc Testlower(t *testing.T) {}\n"
	out, err := instrumentTest("x_test.go", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"func TestA(t *testing.T) { goprepTrack(t);\n\tt.Log(1)",
		"func TestB(goprepT *testing.T) { goprepTrack(goprepT);}",
		"func TestC(goprepT *testing.T) { goprepTrack(goprepT);}",
		"func helper(t *testing.T) {}",
		"func Testlower(t *testing.T) {}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Count(out, "\n") != strings.Count(src, "\n") {
		t.Error("line numbers moved")
	}
}

func TestRefCopy(t *testing.T) {
	src := `package counter_test

import (
	"testing"

	"goprep.local/counter"
)

var keys = []string{"a"}

type helper struct{ c *counter.Counter }

func BenchmarkInc(b *testing.B) {
	h := helper{c: counter.New()}
	for b.Loop() {
		h.c.Inc(keys[0])
	}
}
`
	out, renamed, err := refCopy(src, "goprep.local/counter")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`counter "goprep.local/counter/internal/goprepref"`,
		"var keys_goprepRef = ",
		"type helper_goprepRef struct",
		"func BenchmarkInc_goprepRef(b *testing.B)",
		"h := helper_goprepRef{c: counter.New()}",
		"h.c.Inc(keys_goprepRef[0])",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if renamed["BenchmarkInc"] != "BenchmarkInc_goprepRef" || len(renamed) != 1 {
		t.Errorf("renamed = %v", renamed)
	}
}

func TestParseRace(t *testing.T) {
	stderr := `==================
WARNING: DATA RACE
Read at 0x00c000014118 by goroutine 8:
  goprep.local/counter.(*Counter).Get()
      goprep.local/counter/counter.go:44 +0x44
  goprep.local/counter_test.TestX.func2()
      goprep.local/counter/hidden_test.go:12 +0x10

Previous write at 0x00c000014118 by goroutine 7:
  sync/atomic.AddInt64()
      src/runtime/race_amd64.s:289 +0xb
  goprep.local/counter.(*Counter).Inc()
      goprep.local/counter/counter.go:31 +0x2e

Goroutine 8 (running) created at:
  goprep.local/counter_test.TestX()
      goprep.local/counter/hidden_test.go:10 +0x1
==================
`
	rep := parseRace(stderr, "goprep.local/counter", map[string]string{"counter.go": ""})
	if rep == nil || len(rep.Accesses) != 3 {
		t.Fatalf("report = %+v", rep)
	}
	if rep.Accesses[0].Location != "counter.go:44" || rep.Accesses[1].Location != "counter.go:31" {
		t.Errorf("locations %q %q", rep.Accesses[0].Location, rep.Accesses[1].Location)
	}
	if !strings.HasPrefix(rep.Accesses[1].Header, "Previous write at") || strings.Contains(rep.Text, "goprep.local") {
		t.Errorf("header %q, text %q", rep.Accesses[1].Header, rep.Text)
	}
}

func TestLooksDeadlocked(t *testing.T) {
	cand := map[string]string{"x.go": ""}
	blocked := `goroutine 1 [chan receive]:
testing.(*T).Run(0x1)
	testing/testing.go:1 +0x1

goroutine 7 [sync.Mutex.Lock]:
x.(*T).Do()
	x.go:12 +0x1
x_test.TestA()
	hidden_test.go:5 +0x1
`
	if !looksDeadlocked(parseGoroutines(blocked, cand), cand) {
		t.Error("a test stuck on a mutex is not a deadlock")
	}
	sleeping := strings.Replace(blocked, "[sync.Mutex.Lock]", "[sleep]", 1)
	if looksDeadlocked(parseGoroutines(sleeping, cand), cand) {
		t.Error("a sleeping test is a deadlock")
	}
	busy := blocked + "\ngoroutine 9 [running]:\n\tgoroutine running on other thread; stack unavailable\n"
	if looksDeadlocked(parseGoroutines(busy, cand), cand) {
		t.Error("a busy goroutine is a deadlock")
	}
}
