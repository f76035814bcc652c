package judge

import (
	"bytes"
	"fmt"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/goprep/goprep"
)

// Defaults for problem.yaml fields that may be omitted.
const (
	DefaultTimeLimit   = 10 * time.Second
	DefaultMemoryLimit = 256 << 20
	DefaultOutputLimit = 1 << 20
	DefaultBenchRatio  = 1.5
	DefaultBenchPairs  = 10
	DefaultBenchProcs  = 2
	// MinMutants is how many mutants every problem must prove itself with.
	MinMutants = 3
)

// Spec is problem.yaml, typed. See problems/FORMAT.md.
type Spec struct {
	Slug       string      `yaml:"slug" json:"slug"`
	Package    string      `yaml:"package" json:"package"`
	Title      Title       `yaml:"title" json:"title"`
	Topics     []string    `yaml:"topics" json:"topics"`
	Difficulty string      `yaml:"difficulty" json:"difficulty"`
	Kind       string      `yaml:"kind" json:"kind"`
	Files      []string    `yaml:"files" json:"files"`
	Imports    ImportsSpec `yaml:"imports" json:"imports"`
	Limits     LimitsSpec  `yaml:"limits" json:"limits"`
	Checks     ChecksSpec  `yaml:"checks" json:"checks"`
	Scoring    Scoring     `yaml:"scoring" json:"scoring"`
	Mutants    []Mutant    `yaml:"mutants" json:"mutants"`
}

// Title is a problem's title in both languages.
type Title struct {
	EN string `yaml:"en" json:"en"`
	ZH string `yaml:"zh" json:"zh"`
}

// ImportsSpec widens the default import allow-list.
type ImportsSpec struct {
	Allow []string `yaml:"allow" json:"allow"`
}

// LimitsSpec bounds one test run.
type LimitsSpec struct {
	Time   Duration `yaml:"time" json:"time"`
	Memory Size     `yaml:"memory" json:"memory"`
	Output Size     `yaml:"output" json:"output"`
}

// ChecksSpec lists the enabled checks; a nil field is a disabled check. The
// test stage always runs.
type ChecksSpec struct {
	Race  *RaceSpec  `yaml:"race" json:"race,omitempty"`
	Leak  *LeakSpec  `yaml:"leak" json:"leak,omitempty"`
	Bench *BenchSpec `yaml:"bench" json:"bench,omitempty"`
}

// RaceSpec configures the race stage.
type RaceSpec struct {
	CPU   []int `yaml:"cpu" json:"cpu"`
	Count int   `yaml:"count" json:"count"`
}

// LeakSpec configures the leak stage (nothing to configure yet).
type LeakSpec struct{}

// BenchSpec configures the bench stage.
type BenchSpec struct {
	Ratio      float64 `yaml:"ratio" json:"ratio"`
	AllocSlack int64   `yaml:"alloc_slack" json:"alloc_slack"`
	Pairs      int     `yaml:"pairs" json:"pairs"`
	GOMAXPROCS int     `yaml:"gomaxprocs" json:"gomaxprocs"`
}

// Scoring gives the points of each stage.
type Scoring struct {
	Tests float64 `yaml:"tests" json:"tests"`
	Race  float64 `yaml:"race" json:"race"`
	Leak  float64 `yaml:"leak" json:"leak"`
	Bench float64 `yaml:"bench" json:"bench"`
}

// Total is the most a submission can score.
func (s Scoring) Total() float64 { return s.Tests + s.Race + s.Leak + s.Bench }

// Mutant is a known-wrong solution and the verdict it must get.
type Mutant struct {
	Name    string         `yaml:"name" json:"name"`
	Verdict goprep.Verdict `yaml:"verdict" json:"verdict"`
	Note    string         `yaml:"note" json:"note"`
}

// Duration is a time.Duration written like "10s" in YAML.
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: bad duration %q (want e.g. 10s)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(time.Duration(d).String())), nil
}

// Size is a byte count written like "256MiB" in YAML.
type Size int64

var sizeRE = regexp.MustCompile(`^([0-9]+)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$`)

// ParseSize parses "256MiB", "1MiB", "64KiB", "1GiB" or a plain byte count.
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("bad size %q (want e.g. 256MiB)", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad size %q", s)
	}
	mult := map[string]int64{"": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "KB": 1e3, "MB": 1e6, "GB": 1e9}[m[2]]
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("size %q too large", s)
	}
	return n * mult, nil
}

// UnmarshalYAML parses a size.
func (z *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	*z = Size(v)
	return nil
}

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	pkgNameRE  = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	goFileRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*\.go$`)
	mutantRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	importPath = regexp.MustCompile(`^[A-Za-z0-9_.~/-]+$`)
)

// ParseSpec decodes problem.yaml strictly (unknown fields are errors), fills
// defaults and validates. Errors are EINVALID and say which field is wrong.
func ParseSpec(data []byte) (*Spec, error) {
	var s Spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, goprep.Errorf(goprep.EINVALID, "problem.yaml: %v", err)
	}
	s.fillDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Spec) fillDefaults() {
	if s.Limits.Time == 0 {
		s.Limits.Time = Duration(DefaultTimeLimit)
	}
	if s.Limits.Memory == 0 {
		s.Limits.Memory = DefaultMemoryLimit
	}
	if s.Limits.Output == 0 {
		s.Limits.Output = DefaultOutputLimit
	}
	if r := s.Checks.Race; r != nil {
		if len(r.CPU) == 0 {
			r.CPU = []int{1, 2}
		}
		if r.Count == 0 {
			r.Count = 1
		}
	}
	if b := s.Checks.Bench; b != nil {
		if b.Ratio == 0 {
			b.Ratio = DefaultBenchRatio
		}
		if b.Pairs == 0 {
			b.Pairs = DefaultBenchPairs
		}
		if b.GOMAXPROCS == 0 {
			b.GOMAXPROCS = DefaultBenchProcs
		}
	}
}

// Validate checks every field; the error names the first bad one.
func (s *Spec) Validate() error {
	bad := func(field, format string, args ...any) error {
		e := goprep.Errorf(goprep.EINVALID, "problem.yaml: %s: %s", field, fmt.Sprintf(format, args...))
		e.Fields = map[string]string{field: fmt.Sprintf(format, args...)}
		return e
	}
	if !slugRE.MatchString(s.Slug) || len(s.Slug) > 64 {
		return bad("slug", "%q is not [a-z0-9-]+", s.Slug)
	}
	if !pkgNameRE.MatchString(s.Package) || token.IsKeyword(s.Package) || s.Package == "main" {
		return bad("package", "%q is not a lower-case Go package name", s.Package)
	}
	if strings.TrimSpace(s.Title.EN) == "" || strings.TrimSpace(s.Title.ZH) == "" {
		return bad("title", "both en and zh are required")
	}
	if len(s.Topics) == 0 {
		return bad("topics", "at least one topic is required")
	}
	for _, t := range s.Topics {
		if _, ok := goprep.TopicBySlug(t); !ok {
			return bad("topics", "unknown topic %q", t)
		}
	}
	switch s.Difficulty {
	case goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard:
	default:
		return bad("difficulty", "%q is not easy, medium or hard", s.Difficulty)
	}
	switch s.Kind {
	case "implement", "fix":
	default:
		return bad("kind", "%q is not implement or fix", s.Kind)
	}
	if len(s.Files) == 0 || len(s.Files) > goprep.MaxSubmissionFiles {
		return bad("files", "between 1 and %d file names are required", goprep.MaxSubmissionFiles)
	}
	seen := map[string]bool{}
	for _, f := range s.Files {
		if reason := fileNameProblem(f); reason != "" {
			return bad("files", "%q: %s", f, reason)
		}
		if seen[f] {
			return bad("files", "%q listed twice", f)
		}
		seen[f] = true
	}
	for _, p := range s.Imports.Allow {
		if !importPath.MatchString(p) || p == "C" || p == "unsafe" || strings.HasPrefix(p, "internal/") || strings.Contains(p, "/internal/") {
			return bad("imports.allow", "%q may not be allowed", p)
		}
	}
	if s.Limits.Time < Duration(100*time.Millisecond) || s.Limits.Time > Duration(5*time.Minute) {
		return bad("limits.time", "%v is outside 100ms..5m", time.Duration(s.Limits.Time))
	}
	if s.Limits.Memory < 16<<20 || s.Limits.Memory > 8<<30 {
		return bad("limits.memory", "%d bytes is outside 16MiB..8GiB", s.Limits.Memory)
	}
	if s.Limits.Output < 1<<10 || s.Limits.Output > 256<<20 {
		return bad("limits.output", "%d bytes is outside 1KiB..256MiB", s.Limits.Output)
	}
	if r := s.Checks.Race; r != nil {
		if len(r.CPU) > 8 {
			return bad("checks.race.cpu", "at most 8 values")
		}
		for _, c := range r.CPU {
			if c < 1 || c > 64 {
				return bad("checks.race.cpu", "%d is outside 1..64", c)
			}
		}
		if r.Count < 1 || r.Count > 20 {
			return bad("checks.race.count", "%d is outside 1..20", r.Count)
		}
	}
	if b := s.Checks.Bench; b != nil {
		if b.Ratio < 1 || b.Ratio > 100 {
			return bad("checks.bench.ratio", "%v is outside 1..100", b.Ratio)
		}
		if b.AllocSlack < 0 {
			return bad("checks.bench.alloc_slack", "must not be negative")
		}
		if b.Pairs < 3 || b.Pairs > 100 {
			return bad("checks.bench.pairs", "%d is outside 3..100", b.Pairs)
		}
		if b.GOMAXPROCS < 1 || b.GOMAXPROCS > 64 {
			return bad("checks.bench.gomaxprocs", "%d is outside 1..64", b.GOMAXPROCS)
		}
	}
	sc := s.Scoring
	for name, v := range map[string]float64{"tests": sc.Tests, "race": sc.Race, "leak": sc.Leak, "bench": sc.Bench} {
		if v < 0 {
			return bad("scoring."+name, "must not be negative")
		}
	}
	if sc.Total() <= 0 {
		return bad("scoring", "the points must add up to more than 0")
	}
	if sc.Race > 0 && s.Checks.Race == nil || sc.Leak > 0 && s.Checks.Leak == nil || sc.Bench > 0 && s.Checks.Bench == nil {
		return bad("scoring", "points for a check that is not enabled")
	}
	names := map[string]bool{}
	for i, m := range s.Mutants {
		field := fmt.Sprintf("mutants[%d]", i)
		if !mutantRE.MatchString(m.Name) {
			return bad(field+".name", "%q is not a folder name", m.Name)
		}
		if names[m.Name] {
			return bad(field+".name", "%q used twice", m.Name)
		}
		names[m.Name] = true
		if !m.Verdict.Valid() || m.Verdict == goprep.VerdictAC || m.Verdict == goprep.VerdictIE {
			return bad(field+".verdict", "%q is not a verdict a wrong solution can get", m.Verdict)
		}
	}
	return nil
}

// CheckNames lists the enabled stages among tests, race, leak and bench.
func (s *Spec) CheckNames() []string {
	out := []string{"tests"}
	if s.Checks.Race != nil {
		out = append(out, "race")
	}
	if s.Checks.Leak != nil {
		out = append(out, "leak")
	}
	if s.Checks.Bench != nil {
		out = append(out, "bench")
	}
	return out
}

// knownOS and knownArch are the GOOS and GOARCH values that make the go
// command build a file only for one platform when they end its name.
var (
	knownOS = map[string]bool{"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true,
		"hurd": true, "illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true,
		"openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true}
	knownArch = map[string]bool{"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true,
		"arm64": true, "arm64be": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true,
		"mips64le": true, "mips64p32": true, "mips64p32le": true, "ppc": true, "ppc64": true, "ppc64le": true,
		"riscv": true, "riscv64": true, "s390": true, "s390x": true, "sparc": true, "sparc64": true, "wasm": true}
)

// fileNameProblem says why name cannot be a solution file, or "".
func fileNameProblem(name string) string {
	if !goFileRE.MatchString(name) || len(name) > 64 {
		return "only lower-case names like solution.go are allowed"
	}
	base := strings.TrimSuffix(name, ".go")
	if strings.HasSuffix(base, "_test") {
		return "test files cannot be submitted"
	}
	parts := strings.Split(base, "_")
	if n := len(parts); n >= 2 {
		last := parts[n-1]
		if knownOS[last] || knownArch[last] {
			return "a _GOOS or _GOARCH suffix would make the file platform-specific"
		}
	}
	return ""
}
