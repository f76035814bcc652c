package goprep_test

import (
	"testing"
	"time"

	"github.com/goprep/goprep"
)

func TestAssignmentStateAndEnd(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	tests := []struct {
		name    string
		a       goprep.Assignment
		wantEnd time.Time
		state   string
	}{
		{"not started", goprep.Assignment{Deadline: now.Add(time.Hour), TimeLimitS: 600}, now.Add(time.Hour), goprep.AssignmentNotStarted},
		{"started, the limit ends it", goprep.Assignment{Deadline: now.Add(time.Hour), TimeLimitS: 600, StartedAt: at(-time.Minute)},
			now.Add(9 * time.Minute), goprep.AssignmentOpen},
		{"started, the deadline comes first", goprep.Assignment{Deadline: now.Add(time.Minute), TimeLimitS: 600, StartedAt: at(-time.Minute)},
			now.Add(time.Minute), goprep.AssignmentOpen},
		{"no limit", goprep.Assignment{Deadline: now.Add(time.Hour), StartedAt: at(-time.Minute)}, now.Add(time.Hour), goprep.AssignmentOpen},
		{"time is up", goprep.Assignment{Deadline: now.Add(time.Hour), TimeLimitS: 60, StartedAt: at(-time.Minute)}, now, goprep.AssignmentClosed},
		{"never started, deadline passed", goprep.Assignment{Deadline: now.Add(-time.Second)}, now.Add(-time.Second), goprep.AssignmentClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.EndsAt(); !got.Equal(tt.wantEnd) {
				t.Errorf("EndsAt = %v, want %v", got, tt.wantEnd)
			}
			if got := tt.a.State(now); got != tt.state {
				t.Errorf("State = %s, want %s", got, tt.state)
			}
		})
	}
}

func TestValidateAssignmentTerms(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		deadline time.Time
		limit    int
		bad      []string
	}{
		{"ok", now.Add(time.Hour), 3600, nil},
		{"ok without limit", now.Add(time.Hour), 0, nil},
		{"zero deadline", time.Time{}, 0, []string{"deadline"}},
		{"deadline now", now, 0, []string{"deadline"}},
		{"deadline too far", now.Add(400 * 24 * time.Hour), 0, []string{"deadline"}},
		{"limit too short", now.Add(time.Hour), 59, []string{"time_limit_seconds"}},
		{"limit too long", now.Add(time.Hour), goprep.MaxAssignmentTimeLimit + 1, []string{"time_limit_seconds"}},
		{"both", now.Add(-time.Hour), -5, []string{"deadline", "time_limit_seconds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := goprep.ValidateAssignmentTerms(tt.deadline, tt.limit, now)
			if len(tt.bad) == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			ge, ok := err.(*goprep.Error)
			if !ok || ge.Code != goprep.EINVALID || len(ge.Fields) != len(tt.bad) {
				t.Fatalf("error %#v, want fields %v", err, tt.bad)
			}
			for _, f := range tt.bad {
				if ge.Fields[f] == "" {
					t.Errorf("field %s not named: %v", f, ge.Fields)
				}
			}
		})
	}
}

func TestReportProblems(t *testing.T) {
	sub := func(id int64, slug, status string, v goprep.Verdict, score float64) *goprep.Submission {
		return &goprep.Submission{ID: id, ProblemSlug: slug, Status: status, Verdict: v, Score: score}
	}
	got := goprep.ReportProblems([]string{"b", "a", "c"}, []*goprep.Submission{
		sub(1, "a", goprep.StatusDone, goprep.VerdictWA, 40),
		sub(2, "a", goprep.StatusDone, goprep.VerdictAC, 100),
		sub(3, "a", goprep.StatusDone, goprep.VerdictAC, 100), // equal: the earlier stays best
		sub(4, "b", goprep.StatusFailed, goprep.VerdictIE, 0),
		sub(5, "b", goprep.StatusDone, goprep.VerdictIE, 100), // IE never counts
		sub(6, "b", goprep.StatusQueued, "", 0),
		sub(7, "zzz", goprep.StatusDone, goprep.VerdictAC, 100), // not in the set
		sub(8, "c", goprep.StatusDone, goprep.VerdictCE, 0),
	})
	if len(got) != 3 || got[0].Problem != "b" || got[1].Problem != "a" || got[2].Problem != "c" {
		t.Fatalf("order: %+v", got)
	}
	if b := got[0]; b.BestSubmissionID != nil || b.BestVerdict != "" || len(b.SubmissionIDs) != 3 {
		t.Errorf("b: %+v", b)
	}
	if a := got[1]; a.BestSubmissionID == nil || *a.BestSubmissionID != 2 || a.BestVerdict != goprep.VerdictAC || a.BestScore != 100 || len(a.SubmissionIDs) != 3 {
		t.Errorf("a: %+v", a)
	}
	if c := got[2]; c.BestSubmissionID == nil || *c.BestSubmissionID != 8 || c.BestVerdict != goprep.VerdictCE || c.BestScore != 0 {
		t.Errorf("c: %+v", c)
	}
}
