package judge

import (
	"regexp"
	"strconv"
	"strings"
)

// shortenPaths rewrites the module paths a -trimpath build prints into what
// the candidate knows: "goprep.local/counter/counter.go" -> "counter.go",
// the reference subpackage -> "reference/...".
func shortenPaths(s, modPath string) string {
	s = strings.ReplaceAll(s, modPath+"/"+refDir, "reference")
	s = strings.ReplaceAll(s, modPath+"/"+harnessDir, "harness")
	s = strings.ReplaceAll(s, modPath+"/", "")
	s = strings.ReplaceAll(s, "goprep.local/", "")
	s = strings.ReplaceAll(s, refSuffix, "")
	return s
}

// goroutineDump is one goroutine of a traceback.
type goroutineDump struct {
	ID     int
	State  string // e.g. "chan receive" (the part before any comma)
	Frames []Frame
	Text   string
}

var goroutineHeadRE = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:`)
var frameFileRE = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)

// parseGoroutines extracts every goroutine block of a Go traceback, paths
// already shortened.
func parseGoroutines(text string, cand map[string]string) []goroutineDump {
	var out []goroutineDump
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		m := goroutineHeadRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		id, _ := strconv.Atoi(m[1])
		state, _, _ := strings.Cut(m[2], ",")
		g := goroutineDump{ID: id, State: strings.TrimSpace(state)}
		var b strings.Builder
		b.WriteString(lines[i])
		var fn string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			if goroutineHeadRE.MatchString(lines[i]) {
				i--
				break
			}
			b.WriteString("\n" + lines[i])
			if fm := frameFileRE.FindStringSubmatch(lines[i]); fm != nil {
				ln, _ := strconv.Atoi(fm[2])
				_, isCand := cand[fm[1]]
				g.Frames = append(g.Frames, Frame{Func: fn, File: fm[1], Line: ln, Candidate: isCand})
			} else {
				fn = strings.TrimSpace(lines[i])
			}
		}
		g.Text = b.String()
		out = append(out, g)
	}
	return out
}

// candidateLocation returns "file:line" of the innermost candidate frame.
func candidateLocation(frames []Frame) string {
	for _, f := range frames {
		if f.Candidate {
			return f.File + ":" + strconv.Itoa(f.Line)
		}
	}
	return ""
}

// inModule reports whether a frame is in the candidate's code or the tests
// (anything of the work module but the reference).
func inModule(f Frame, cand map[string]string) bool {
	if f.Candidate {
		return true
	}
	return !strings.Contains(f.File, "/") && strings.HasSuffix(f.File, "_test.go")
}

// blockedStates are goroutine states of a goroutine waiting on another one.
var blockedStates = map[string]bool{
	"chan receive": true, "chan send": true, "chan receive (nil chan)": true, "chan send (nil chan)": true,
	"select": true, "select (no cases)": true, "sync.Mutex.Lock": true, "sync.RWMutex.Lock": true,
	"sync.RWMutex.RLock": true, "sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
	"synctest.Wait": true,
}

// looksDeadlocked decides from a timeout dump whether the tests were stuck
// waiting on each other (DEADLOCK) rather than working or sleeping (TLE):
// some goroutine of the module is blocked in a channel or lock operation and
// none of them is running, runnable, sleeping or in a system call.
func looksDeadlocked(gs []goroutineDump, cand map[string]string) bool {
	blocked := false
	for _, g := range gs {
		mine := false
		for _, f := range g.Frames {
			if inModule(f, cand) {
				mine = true
				break
			}
		}
		if g.State == "running" && len(g.Frames) == 0 {
			// "goroutine running on other thread; stack unavailable": busy.
			return false
		}
		if !mine {
			continue
		}
		if blockedStates[g.State] {
			blocked = true
			continue
		}
		switch g.State {
		case "running", "runnable", "sleep", "syscall", "preempted":
			return false
		}
	}
	return blocked
}

// testMessages attributes the unframed output lines of a -test.v=test2json
// stream to the top-level test that was running. It is for display only:
// pass/fail never comes from here.
func testMessages(stdout, modPath string) map[string]string {
	const marker = "\x16"
	out := map[string]*strings.Builder{}
	cur := ""
	for _, line := range strings.Split(string(stdout), "\n") {
		if rest, ok := strings.CutPrefix(line, marker); ok {
			for _, p := range []string{"=== RUN", "=== CONT", "=== NAME", "=== PAUSE", "--- FAIL:", "--- PASS:", "--- SKIP:"} {
				if name, ok := strings.CutPrefix(rest, p); ok {
					name = strings.TrimSpace(name)
					name, _, _ = strings.Cut(name, " ")
					top, _, _ := strings.Cut(name, "/")
					cur = top
				}
			}
			continue
		}
		if cur == "" || strings.TrimSpace(line) == "" {
			continue
		}
		b := out[cur]
		if b == nil {
			b = &strings.Builder{}
			out[cur] = b
		}
		if b.Len() < 4096 {
			b.WriteString(strings.TrimPrefix(line, "    ") + "\n")
		}
	}
	res := map[string]string{}
	for k, b := range out {
		res[k] = shortenPaths(strings.TrimRight(b.String(), "\n"), modPath)
	}
	return res
}

// parseRace extracts the first data race report from stderr.
func parseRace(stderr, modPath string, cand map[string]string) *RaceReport {
	const start = "WARNING: DATA RACE"
	i := strings.Index(stderr, start)
	if i < 0 {
		return nil
	}
	text := stderr[i:]
	if j := strings.Index(text, "=================="); j >= 0 {
		text = text[:j]
	}
	text = shortenPaths(strings.TrimRight(text, "\n"), modPath)
	rep := &RaceReport{Text: text}
	var cur *RaceAccess
	var fn string
	for _, line := range strings.Split(text, "\n")[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			rep.Accesses = append(rep.Accesses, RaceAccess{Header: strings.TrimSuffix(strings.TrimSpace(line), ":")})
			cur = &rep.Accesses[len(rep.Accesses)-1]
			continue
		}
		if cur == nil {
			continue
		}
		if fm := frameFileRE.FindStringSubmatch(line); fm != nil {
			ln, _ := strconv.Atoi(fm[2])
			_, isCand := cand[fm[1]]
			cur.Frames = append(cur.Frames, Frame{Func: fn, File: fm[1], Line: ln, Candidate: isCand})
		} else {
			fn = strings.TrimSpace(line)
		}
	}
	for k := range rep.Accesses {
		rep.Accesses[k].Location = candidateLocation(rep.Accesses[k].Frames)
	}
	return rep
}

// tail returns at most n bytes from the end of s, cut at a line start.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	return "…\n" + s
}

// firstLineWith returns the first line of s that contains sub.
func firstLineWith(s, sub string) string {
	i := strings.Index(s, sub)
	if i < 0 {
		return ""
	}
	line := s[i:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return line
}
