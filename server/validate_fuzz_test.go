package server

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goprep/goprep"
)

// FuzzValidateFiles: whatever a client sends, the check never panics, and
// what it accepts is a set of plain, non-test Go file names with UTF-8 code
// within the size bound.
func FuzzValidateFiles(f *testing.F) {
	f.Add("counter.go", "package counter\n", "helpers.go", "")
	f.Add("../x.go", "x", "x_test.go", "y")
	f.Add("a.go", "\xff", "", "")
	f.Fuzz(func(t *testing.T, n1, c1, n2, c2 string) {
		files := map[string]string{n1: c1}
		if n2 != "" {
			files[n2] = c2
		}
		err := validateFiles(files)
		if err == nil {
			total := 0
			for n, c := range files {
				if !submissionFileName.MatchString(n) || strings.HasSuffix(n, "_test.go") || strings.Contains(n, "/") || !utf8.ValidString(c) {
					t.Fatalf("accepted %q", n)
				}
				total += len(c)
			}
			if total > goprep.MaxSubmissionBytes {
				t.Fatalf("accepted %d bytes", total)
			}
			return
		}
		if c := goprep.ErrorCode(err); c != goprep.EINVALID && c != goprep.ETOOLARGE {
			t.Fatalf("error code %q: %v", c, err)
		}
	})
}

// FuzzKBEntryRequest: an accepted entry has a well-formed slug, a known
// topic, a difficulty and a question, and is marked as authored here.
func FuzzKBEntryRequest(f *testing.F) {
	f.Add("slice-growth", "slices", "medium", "How?", "怎么？", "tag")
	f.Add("Bad Slug", "cooking", "x", "", "", "")
	f.Fuzz(func(t *testing.T, slug, topic, difficulty, qEN, qZH, tag string) {
		r := kbEntryRequest{Slug: slug, Topic: topic, Difficulty: difficulty, Tags: []string{tag},
			EN: goprep.KBText{Question: qEN}, ZH: goprep.KBText{Question: qZH}}
		e, err := r.validate()
		if err != nil {
			if goprep.ErrorCode(err) != goprep.EINVALID {
				t.Fatalf("error code: %v", err)
			}
			return
		}
		if _, ok := goprep.TopicBySlug(e.Topic); !ok || !slugPattern.MatchString(e.Slug) || checkDifficulty(e.Difficulty) != nil || e.Difficulty == "" {
			t.Fatalf("accepted %+v", e)
		}
		if strings.TrimSpace(e.EN.Question) == "" && strings.TrimSpace(e.ZH.Question) == "" {
			t.Fatalf("accepted an entry without a question")
		}
		if !e.EditedViaAPI || e.Source != "api" {
			t.Fatalf("not marked as authored through the API: %+v", e)
		}
	})
}

// FuzzWebhookURL: an accepted webhook URL is an absolute http(s) URL with a
// host, no credentials, within the length bound.
func FuzzWebhookURL(f *testing.F) {
	f.Add("https://lms.example.com/hook?x=1")
	f.Add("javascript:alert(1)")
	f.Add("http://user:pw@example.com/")
	f.Add("HTTP://[::1]:80/")
	f.Fuzz(func(t *testing.T, raw string) {
		err := goprep.ValidateWebhookURL(raw)
		if err != nil {
			if goprep.ErrorCode(err) != goprep.EINVALID {
				t.Fatalf("error code: %v", err)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || len(raw) > goprep.MaxWebhookURLLen {
			t.Fatalf("accepted %q", raw)
		}
	})
}

// FuzzSetCreateRequest: an accepted set has a trimmed title within its
// bound and 1 to MaxSetProblems distinct, well-formed slugs.
func FuzzSetCreateRequest(f *testing.F) {
	f.Add("  Round 1 ", "desc", "safe-counter", "ring-buffer")
	f.Add("", "", "Bad Slug", "Bad Slug")
	f.Fuzz(func(t *testing.T, title, desc, p1, p2 string) {
		r := setCreateRequest{Title: title, Description: desc, Problems: []string{p1, p2}}
		if err := r.validate(); err != nil {
			if goprep.ErrorCode(err) != goprep.EINVALID {
				t.Fatalf("error code: %v", err)
			}
			return
		}
		if r.Title == "" || r.Title != strings.TrimSpace(r.Title) || utf8.RuneCountInString(r.Title) > goprep.MaxSetTitleLen {
			t.Fatalf("accepted title %q", r.Title)
		}
		if p1 == p2 || !slugPattern.MatchString(p1) || !slugPattern.MatchString(p2) {
			t.Fatalf("accepted problems %q", r.Problems)
		}
	})
}
