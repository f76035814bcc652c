package judge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A build plan is what `go test -c` did for one kind of work module, recorded
// from its -x trace: the compiler and linker command lines, the import
// configurations and the generated test main. Submissions of the same kind
// (same problem, mode, file names and imports) differ only in the contents
// of the candidate's files, so a later build replays the plan: it runs the
// compiler and linker directly and skips the go command's package loading,
// build-cache checks and tool-version probes, about 0.4 s of CPU per build
// on a 2-core machine. Anything unexpected (a failed step, a trace the parser
// does not know) falls back to `go test -c`, which stays the reference.
//
// A plan is only kept when the trace compiled every package that holds the
// candidate's code (the candidate package, its external tests and the test
// main) from the work dir: a trace that took one of them from the build
// cache, as it does for a resubmission of identical code, would replay old
// code.

// planKey identifies the work modules a plan is valid for.
type planKey struct {
	problem    string // Package.Hash: tests, reference, spec
	race       bool
	publicOnly bool
	bench      bool
	files      string // the candidate's file names, sorted
	imports    string // the candidate's imports, sorted
}

// maxPlanAge bounds how long a plan is replayed before a real build records
// it again; real builds keep the go command's cache entries that plans
// point at fresh, so its trimming never removes them.
const maxPlanAge = 30 * time.Minute

type buildPlan struct {
	root    string // the recorded workspace root, replaced by each replay's
	steps   []planStep
	created time.Time
}

type stepKind int

const (
	stepMkdir stepKind = iota
	stepWrite
	stepChdir
	stepExec
	stepMove
	stepRemove
)

type planStep struct {
	kind    stepKind
	path    string   // mkdir, write, cd, move source, remove
	dst     string   // move destination
	content string   // write
	env     []string // exec: NAME=value assignments before the tool
	argv    []string // exec
}

// plans caches the build plans of one judge.
type plans struct {
	mu       sync.Mutex
	m        map[planKey]*buildPlan
	replayed atomic.Int64 // builds done by a replay
}

func (ps *plans) get(k planKey) *buildPlan {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p := ps.m[k]
	if p != nil && time.Since(p.created) > maxPlanAge {
		delete(ps.m, k)
		return nil
	}
	return p
}

func (ps *plans) put(k planKey, p *buildPlan) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.m == nil {
		ps.m = map[planKey]*buildPlan{}
	}
	ps.m[k] = p
}

func (ps *plans) drop(k planKey) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.m, k)
}

// planKeyFor computes the key of a workspace's plain build (set race for the
// other mode). ok is false when the candidate's imports cannot be read (the
// build then reports why).
func planKeyFor(w *workspace) (planKey, bool) {
	names := make([]string, 0, len(w.files))
	imports := map[string]bool{}
	fset := token.NewFileSet()
	for name, src := range w.files {
		names = append(names, name)
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			return planKey{}, false
		}
		for _, im := range f.Imports {
			path, err := strconv.Unquote(im.Path.Value)
			if err != nil {
				return planKey{}, false
			}
			imports[path] = true
		}
	}
	slices.Sort(names)
	ims := make([]string, 0, len(imports))
	for p := range imports {
		ims = append(ims, p)
	}
	slices.Sort(ims)
	return planKey{problem: w.pkg.Hash, publicOnly: w.publicOnly, bench: len(w.pairs) > 0,
		files: strings.Join(names, "\n"), imports: strings.Join(ims, "\n")}, true
}

// Placeholders for the paths that differ between builds.
const (
	workVar = "$WORK"
	rootVar = "$GOPREP_ROOT"
)

var errNoPlan = errors.New("the build trace cannot be replayed")

// parsePlan reads the -x -work trace of a successful `go test -c` run in
// workspace w. toolDir is the go command's GOTOOLDIR: every command of the
// plan must be one of its tools.
func parsePlan(trace []byte, w *workspace, toolDir string) (*buildPlan, error) {
	lines := strings.Split(string(trace), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "WORK=") {
		return nil, fmt.Errorf("%w: no WORK line", errNoPlan)
	}
	realWork := strings.TrimPrefix(lines[0], "WORK=")
	norm := func(s string) string {
		s = strings.ReplaceAll(s, realWork, workVar)
		return strings.ReplaceAll(s, w.root, rootVar)
	}
	p := &buildPlan{root: w.root, created: time.Now()}
	written := map[string]bool{}
	compiled := map[string]bool{}
	linked := false
	for i := 1; i < len(lines); i++ {
		line := strings.TrimSuffix(lines[i], " # internal")
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "cat >") && strings.HasSuffix(line, " << 'EOF'"):
			path := norm(strings.TrimSuffix(strings.TrimPrefix(line, "cat >"), " << 'EOF'"))
			var content strings.Builder
			for i++; i < len(lines) && lines[i] != "EOF"; i++ {
				content.WriteString(lines[i])
				content.WriteString("\n")
			}
			if i == len(lines) {
				return nil, fmt.Errorf("%w: unterminated here-document", errNoPlan)
			}
			c := norm(content.String())
			// Code of the candidate's packages must come from this build.
			for _, l := range strings.Split(c, "\n") {
				for _, pkg := range []string{w.modPath, w.modPath + "_test"} {
					if v, ok := strings.CutPrefix(l, "packagefile "+pkg+"="); ok && !strings.HasPrefix(v, workVar+"/") {
						return nil, fmt.Errorf("%w: %s comes from the build cache", errNoPlan, pkg)
					}
				}
			}
			p.steps = append(p.steps, planStep{kind: stepWrite, path: path, content: c})
			written[path] = true
			continue
		}
		words, err := shellWords(line)
		if err != nil || len(words) == 0 {
			return nil, fmt.Errorf("%w: %q", errNoPlan, line)
		}
		for k := range words {
			words[k] = norm(words[k])
		}
		switch {
		case words[0] == "mkdir" && len(words) == 3 && words[1] == "-p":
			p.steps = append(p.steps, planStep{kind: stepMkdir, path: words[2]})
		case words[0] == "cd" && len(words) == 2:
			p.steps = append(p.steps, planStep{kind: stepChdir, path: words[1]})
		case words[0] == "mv" && len(words) == 3:
			p.steps = append(p.steps, planStep{kind: stepMove, path: words[1], dst: words[2]})
		case words[0] == "rm" && len(words) == 3 && (words[1] == "-r" || words[1] == "-rf") && strings.HasPrefix(words[2], workVar+"/"):
			p.steps = append(p.steps, planStep{kind: stepRemove, path: words[2]})
		case words[0] == "cp" && len(words) == 3 && strings.HasPrefix(words[1], workVar+"/") && !strings.HasPrefix(words[2], workVar+"/") && !strings.HasPrefix(words[2], rootVar+"/"):
			// Saving a result to the build cache: a replay does not.
		case len(words) >= 3 && words[0] == "go" && words[1] == "tool" && words[2] == "buildid":
			// Rewrites build IDs for the cache; the binary runs the same without.
		default:
			st := planStep{kind: stepExec}
			for len(words) > 0 && isAssignment(words[0]) {
				st.env = append(st.env, words[0])
				words = words[1:]
			}
			if len(words) == 0 || filepath.Dir(words[0]) != toolDir {
				return nil, fmt.Errorf("%w: %q is not a Go tool", errNoPlan, line)
			}
			st.argv = words
			switch filepath.Base(words[0]) {
			case "compile":
				if k := slices.Index(words, "-p"); k > 0 && k+1 < len(words) {
					compiled[words[k+1]] = true
				}
				// Files the go command generated (the test main) are read now.
				for _, a := range words[1:] {
					if strings.HasPrefix(a, workVar+"/") && strings.HasSuffix(a, ".go") && !written[a] {
						src, err := os.ReadFile(strings.Replace(a, workVar, realWork, 1))
						if err != nil {
							return nil, fmt.Errorf("%w: %v", errNoPlan, err)
						}
						p.steps = append(p.steps, planStep{kind: stepWrite, path: a, content: string(src)})
						written[a] = true
					}
				}
			case "link":
				linked = true
			}
			p.steps = append(p.steps, st)
		}
	}
	// The candidate package and the test main must be compiled here; the
	// external test package, when there is one, was checked above (the link
	// names it, from the work dir).
	if !compiled[w.modPath] || !compiled["main"] || !linked {
		return nil, fmt.Errorf("%w: the trace did not compile every package of the candidate", errNoPlan)
	}
	return p, nil
}

func isAssignment(s string) bool {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return false
	}
	for _, r := range s[:eq] {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// shellWords splits a line of the go command's -x trace into words. The go
// command quotes a word with strconv.Quote when it holds special characters
// and an environment value with single quotes.
func shellWords(line string) ([]string, error) {
	var out []string
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		var word strings.Builder
		for i < len(line) && line[i] != ' ' {
			switch line[i] {
			case '"':
				q, err := strconv.QuotedPrefix(line[i:])
				if err != nil {
					return nil, err
				}
				u, err := strconv.Unquote(q)
				if err != nil {
					return nil, err
				}
				word.WriteString(u)
				i += len(q)
			case '\'':
				end := strings.IndexByte(line[i+1:], '\'')
				if end < 0 {
					return nil, errors.New("unterminated quote")
				}
				word.WriteString(line[i+1 : i+1+end])
				i += end + 2
			case '\\', '$', '`', '(', ')', ';', '&', '|', '<', '>', '*', '?':
				if line[i] == '$' && strings.HasPrefix(line[i:], workVar) {
					word.WriteString(workVar)
					i += len(workVar)
					continue
				}
				return nil, fmt.Errorf("unexpected %q", line[i])
			default:
				word.WriteByte(line[i])
				i++
			}
		}
		out = append(out, word.String())
	}
	return out, nil
}

// replay runs the plan for workspace w with env, in a work dir of its own
// under w.root, and returns the tools' combined output.
func (p *buildPlan) replay(ctx context.Context, w *workspace, env []string) ([]byte, error) {
	work, err := os.MkdirTemp(w.root, "build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	subst := func(s string) string {
		s = strings.ReplaceAll(s, workVar, work)
		return strings.ReplaceAll(s, rootVar, w.root)
	}
	dir := w.mod
	var out bytes.Buffer
	for _, st := range p.steps {
		if err := ctx.Err(); err != nil {
			return out.Bytes(), err
		}
		switch st.kind {
		case stepMkdir:
			err = os.MkdirAll(subst(st.path), 0o755)
		case stepWrite:
			path := subst(st.path)
			if err = os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
				err = os.WriteFile(path, []byte(subst(st.content)), 0o644)
			}
		case stepChdir:
			d := subst(st.path)
			if !filepath.IsAbs(d) {
				d = filepath.Join(w.mod, d)
			}
			dir = d
		case stepMove:
			err = os.Rename(subst(st.path), subst(st.dst))
		case stepRemove:
			err = os.RemoveAll(subst(st.path))
		case stepExec:
			args := make([]string, len(st.argv))
			for i, a := range st.argv {
				args[i] = subst(a)
			}
			cmd := exec.CommandContext(ctx, args[0], args[1:]...)
			cmd.Dir = dir
			cmd.Env = append(slices.Clone(env), st.env...)
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.WaitDelay = 5 * time.Second
			err = cmd.Run()
		}
		if err != nil {
			return out.Bytes(), fmt.Errorf("replay build: %w", err)
		}
	}
	return out.Bytes(), nil
}

// stripTrace removes the -x trace from the go command's output, leaving what
// it would print without -x (compile errors, mostly).
func stripTrace(out []byte) []byte {
	var b bytes.Buffer
	lines := strings.Split(string(out), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "WORK="), strings.HasPrefix(l, "mkdir -p "), strings.HasPrefix(l, "cd "),
			strings.HasPrefix(l, "mv "), strings.HasPrefix(l, "cp "), strings.HasPrefix(l, "rm -r"),
			strings.HasPrefix(l, "go tool buildid"), strings.HasPrefix(l, "GOROOT="),
			strings.HasPrefix(l, "/") && strings.Contains(l, "/pkg/tool/"):
			continue
		case strings.HasPrefix(l, "cat >") && strings.HasSuffix(strings.TrimSuffix(l, " # internal"), " << 'EOF'"):
			for i++; i < len(lines) && lines[i] != "EOF"; i++ {
			}
			continue
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// toolDir returns the go command's GOTOOLDIR ("" if it cannot tell).
func (j *Judge) toolDir(ctx context.Context) string {
	j.toolDirOnce.Do(func() { j.toolDirPath = j.hostGoEnv(ctx, "GOTOOLDIR") })
	return j.toolDirPath
}
