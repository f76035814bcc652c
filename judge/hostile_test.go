package judge

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

// hostileSpec is a problem that allows what the gate normally refuses, so
// that the sandbox itself is what stops the probes below.
const hostileSpec = `slug: hostile
package: probe
title: {en: "Hostile probes", zh: "恶意探测"}
topics: [sync]
difficulty: easy
kind: implement
files: [probe.go]
imports:
  allow: [os, os/exec, net, syscall, path/filepath, flag]
limits: {time: 3s, memory: 128MiB, output: 1MiB}
scoring: {tests: 100}
`

// memPackage builds a problem package in memory (no mutants needed).
func memPackage(t *testing.T, spec string, tests map[string]string) *Package {
	t.Helper()
	s, err := ParseSpec([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	p := &Package{Spec: *s, Tests: tests, Hash: hashFiles(tests)}
	if err := p.scanTests(); err != nil {
		t.Fatal(err)
	}
	return p
}

func hostilePackage(t *testing.T) *Package {
	return memPackage(t, hostileSpec, map[string]string{
		"public_test.go": "package probe_test\n\nimport \"testing\"\n\nfunc TestPublic(t *testing.T) {}\n",
		"hidden_test.go": `package probe_test

import (
	"testing"

	"goprep.local/probe"
)

func TestProbe(t *testing.T) {
	if got := probe.Run(); got != "blocked" {
		t.Errorf("the probe got through: %s", got)
	}
}
`,
	})
}

func probeSource(imports []string, body string) map[string]string {
	var b strings.Builder
	b.WriteString("package probe\n\nimport (\n")
	for _, i := range imports {
		b.WriteString("\t\"" + i + "\"\n")
	}
	b.WriteString(")\n\n" + body + "\n")
	return map[string]string{"probe.go": b.String()}
}

func TestHostileSubmissions(t *testing.T) {
	j := testJudge(t)
	full := j.Level() == sandbox.LevelFull
	p := hostilePackage(t)
	secretDir := t.TempDir()
	secretDB := filepath.Join(secretDir, "goprep.db")
	if err := os.WriteFile(secretDB, []byte("SECRET ROWS"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(secretDir, "pwned")
	for _, tc := range []struct {
		name     string
		imports  []string
		body     string
		want     []goprep.Verdict
		needFull bool
		after    func(t *testing.T, res *Result)
	}{
		{name: "BusyLoop", body: "func Run() string {\n\tfor {\n\t}\n}", want: []goprep.Verdict{goprep.VerdictTLE}},
		{name: "SleepForever", imports: []string{"time"}, body: "func Run() string {\n\ttime.Sleep(time.Hour)\n\treturn \"\"\n}",
			want: []goprep.Verdict{goprep.VerdictTLE}},
		{name: "Deadlock", body: "func Run() string {\n\tch := make(chan int)\n\tch <- 1\n\treturn \"\"\n}",
			want: []goprep.Verdict{goprep.VerdictDeadlock}},
		{name: "DeadlockBehindATimer", imports: []string{"sync", "time"},
			body: "func Run() string {\n\ttime.AfterFunc(time.Hour, func() {})\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tmu.Lock()\n\treturn \"\"\n}",
			want: []goprep.Verdict{goprep.VerdictDeadlock}, after: func(t *testing.T, res *Result) {
				if res.Crash == nil || res.Crash.Location != "probe.go:12" {
					t.Errorf("deadlock evidence %+v", res.Crash)
				}
			}},
		{name: "PanicInGoroutine", body: "func Run() string {\n\tdone := make(chan bool)\n\tgo func() { panic(\"boom in a goroutine\") }()\n\t<-done\n\treturn \"\"\n}",
			want: []goprep.Verdict{goprep.VerdictRE}, after: func(t *testing.T, res *Result) {
				if res.Crash == nil || res.Crash.Location != "probe.go:8" || !strings.Contains(res.Message, "boom in a goroutine") {
					t.Errorf("panic evidence %+v / %s", res.Crash, res.Message)
				}
			}},
		{name: "HundredMegabytesOfOutput", imports: []string{"fmt", "strings"},
			body: "func Run() string {\n\ts := strings.Repeat(\"x\", 1<<20)\n\tfor range 100 {\n\t\tfmt.Print(s)\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictOLE}},
		{name: "MemoryBomb", needFull: true,
			body: "var keep [][]byte\n\nfunc Run() string {\n\tfor {\n\t\tb := make([]byte, 8<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n}",
			want: []goprep.Verdict{goprep.VerdictMLE}},
		{name: "GoroutineBomb", needFull: true, imports: []string{"time"},
			body: "func Run() string {\n\tfor {\n\t\tgo func() { time.Sleep(time.Hour) }()\n\t}\n}",
			want: []goprep.Verdict{goprep.VerdictMLE, goprep.VerdictTLE}},
		{name: "ForkBomb", needFull: true, imports: []string{"os/exec"},
			body: "func Run() string {\n\tfor {\n\t\tcmd := exec.Command(\"/proc/self/exe\", \"-test.run=TestProbe\")\n\t\t_ = cmd.Start()\n\t}\n}",
			want: []goprep.Verdict{goprep.VerdictTLE, goprep.VerdictMLE, goprep.VerdictRE}},
		{name: "NetworkDial", needFull: true, imports: []string{"net", "time"},
			body: "func Run() string {\n\tfor _, a := range []string{\"127.0.0.1:5432\", \"1.1.1.1:53\", \"[::1]:5432\"} {\n\t\tif c, err := net.DialTimeout(\"tcp\", a, time.Second); err == nil {\n\t\t\tc.Close()\n\t\t\treturn \"connected to \" + a\n\t\t}\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictAC}},
		{name: "ReadEtcPasswd", needFull: true, imports: []string{"os", "strings"},
			body: "func Run() string {\n\tb, err := os.ReadFile(\"/etc/passwd\")\n\tif err == nil && strings.Contains(string(b), \"root:\") {\n\t\treturn \"read /etc/passwd\"\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictAC}},
		{name: "ReadTheDatabase", needFull: true, imports: []string{"os"},
			body: "func Run() string {\n\tif b, err := os.ReadFile(" + quote(secretDB) + "); err == nil {\n\t\treturn \"read \" + string(b)\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictAC}},
		{name: "ReadTheHiddenTests", needFull: true, imports: []string{"os", "path/filepath"},
			body: "func Run() string {\n\tpaths, _ := filepath.Glob(" + quote(filepath.Join(j.dataDir, "work", "*", "mod", "*_test.go")) + ")\n\tpaths = append(paths, \"../mod/hidden_test.go\", \"hidden_test.go\")\n\tfor _, p := range paths {\n\t\tif _, err := os.ReadFile(p); err == nil {\n\t\t\treturn \"read \" + p\n\t\t}\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictAC}},
		{name: "WriteOutsideTheWorkDir", needFull: true, imports: []string{"os"},
			body: "func Run() string {\n\tfor _, p := range []string{" + quote(outside) + ", \"../pwned\", \"/pwned\"} {\n\t\tif err := os.WriteFile(p, []byte(\"x\"), 0o644); err == nil {\n\t\t\tif p != \"../pwned\" && p != \"/pwned\" {\n\t\t\t\treturn \"wrote \" + p\n\t\t\t}\n\t\t}\n\t}\n\treturn \"blocked\"\n}",
			want: []goprep.Verdict{goprep.VerdictAC}, after: func(t *testing.T, res *Result) {
				for _, p := range []string{outside, "/pwned"} {
					if _, err := os.Stat(p); err == nil {
						t.Errorf("%s was written on the host", p)
					}
				}
			}},
		{name: "ForgedPassThenFlagExit", imports: []string{"flag", "fmt"},
			body: "func init() {\n\tfmt.Println(\"\\x16=== RUN   TestProbe\")\n\tfmt.Println(\"\\x16--- PASS: TestProbe (0.00s)\")\n\tfmt.Println(\"PASS\")\n\tfs := flag.NewFlagSet(\"x\", flag.ExitOnError)\n\tfs.SetOutput(nil)\n\t_ = fs.Parse([]string{\"-help\"})\n}\n\nfunc Run() string { return \"not blocked\" }",
			want: []goprep.Verdict{goprep.VerdictRE}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needFull && !full {
				t.Skipf("needs sandbox level full, have %s", j.Level())
			}
			res, err := j.Run(t.Context(), p, probeSource(tc.imports, tc.body), RunOptions{})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !slices.Contains(tc.want, res.Verdict) {
				t.Errorf("verdict %s (%s), want one of %v; tests %+v; memory %d time %d cpu %d", res.Verdict, res.Message, tc.want, res.Tests, res.MemoryBytes, res.TimeMS, res.CPUTimeMS)
			}
			if tc.after != nil {
				tc.after(t, res)
			}
		})
	}
	// The judge and the host are unaffected: the next submission is judged normally.
	sc := loadFixture(t, "safe-counter")
	if res := judgeFiles(t, sc, sc.Reference); res.Verdict != goprep.VerdictAC {
		t.Fatalf("the next submission got %s: %s", res.Verdict, res.Message)
	}
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

// TestForgeries: the attacks that fooled plain `go test` do not fool the judge.
func TestForgeries(t *testing.T) {
	p := loadFixture(t, "safe-counter")
	ref := p.Reference["counter.go"]
	wrongGet := strings.Replace(ref, "return c.m[key]", "return c.m[key] + 1", 1)
	var fake strings.Builder
	for _, n := range append(append([]string{}, p.testNames...), "TestNotEvenThere") {
		fake.WriteString(`	fmt.Println("\x16=== RUN   ` + n + `")` + "\n")
		fake.WriteString(`	fmt.Println("\x16--- PASS: ` + n + ` (0.00s)")` + "\n")
	}
	forgedPass := strings.Replace(wrongGet, `import "sync"`, "import (\n\t\"fmt\"\n\t\"sync\"\n)\n\nfunc init() {\n"+fake.String()+"\tfmt.Println(\"PASS\")\n\tfmt.Println(\"ok\")\n}", 1)
	racy := p.Mutants["racy-snapshot"]["counter.go"]
	norace := strings.Replace(racy, "// Snapshot returns a copy of every count.\n", "// Snapshot returns a copy of every count.\n//\n//go:norace\n", 1)
	if norace == racy {
		t.Fatal("the racy mutant no longer has the comment the //go:norace test attaches to")
	}
	embed := strings.Replace(ref, `import "sync"`, "import (\n\t_ \"embed\"\n\t\"sync\"\n)\n\n//go:embed hidden_test.go\nvar hidden string", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  goprep.Verdict
	}{
		{"FramedPassLinesFromInit", map[string]string{"counter.go": forgedPass}, goprep.VerdictWA},
		{"GoNorace", map[string]string{"counter.go": norace}, goprep.VerdictRejected},
		{"BuildTagTwin", map[string]string{"counter.go": "//go:build !race\n\n" + racy, "counter_race.go": "//go:build race\n\n" + ref}, goprep.VerdictRejected},
		{"EmbedHiddenTests", map[string]string{"counter.go": embed}, goprep.VerdictRejected},
		{"FlagExitOnError", map[string]string{"counter.go": strings.Replace(wrongGet, `import "sync"`, "import (\n\t\"flag\"\n\t\"sync\"\n)\n\nfunc init() { flag.NewFlagSet(\"x\", flag.ExitOnError).Parse([]string{\"-help\"}) }", 1)}, goprep.VerdictRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := judgeFiles(t, p, tc.files)
			if res.Verdict != tc.want {
				t.Fatalf("verdict %s (%s), want %s", res.Verdict, res.Message, tc.want)
			}
			if tc.want == goprep.VerdictWA {
				for _, tr := range res.Tests {
					if tr.Name == "TestNotEvenThere" {
						t.Error("a test that does not exist was reported")
					}
				}
			}
		})
	}
}
