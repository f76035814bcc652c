package goprep

// Verdict is the outcome of judging a submission. The strings are stable in
// the API, the database and the CLI's JSON.
type Verdict string

// The verdicts, from DESIGN.md.
const (
	VerdictAC       Verdict = "AC"       // accepted
	VerdictWA       Verdict = "WA"       // wrong answer: a test failed
	VerdictCE       Verdict = "CE"       // compile error
	VerdictRE       Verdict = "RE"       // runtime error: panic, crash, missing report
	VerdictTLE      Verdict = "TLE"      // time limit
	VerdictMLE      Verdict = "MLE"      // memory limit
	VerdictOLE      Verdict = "OLE"      // output limit
	VerdictDeadlock Verdict = "DEADLOCK" // every goroutine blocked, or a timeout with goroutines blocked in channel/lock ops
	VerdictRace     Verdict = "RACE"     // the race detector reported a race
	VerdictLeak     Verdict = "LEAK"     // goroutines outlived the code that started them
	VerdictSlow     Verdict = "SLOW"     // benchmark slower (or allocating more) than the reference allows
	VerdictRejected Verdict = "REJECTED" // the static policy refused the code
	VerdictIE       Verdict = "IE"       // internal error: the judge's fault, retried, never scored
)

// AllVerdicts lists every verdict.
var AllVerdicts = []Verdict{VerdictAC, VerdictWA, VerdictCE, VerdictRE, VerdictTLE, VerdictMLE, VerdictOLE,
	VerdictDeadlock, VerdictRace, VerdictLeak, VerdictSlow, VerdictRejected, VerdictIE}

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	for _, x := range AllVerdicts {
		if v == x {
			return true
		}
	}
	return false
}
