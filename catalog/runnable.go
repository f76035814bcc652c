package catalog

import (
	"fmt"
	"strings"

	"github.com/goprep/goprep"
)

// Example is a runnable program in an entry: a fenced block with info string
// "go run" followed directly by an "output" block holding what it prints.
type Example struct {
	Entry  string // slug
	Lang   string // "en" or "zh"
	Index  int    // 1-based among the entry's examples in that language
	Code   string
	Output string
}

// Name identifies the example in test names and error messages.
func (x Example) Name() string { return fmt.Sprintf("%s/%s/%d", x.Entry, x.Lang, x.Index) }

// Examples returns the runnable examples of e in both languages. A "go run"
// block without an output block right after it is an error: the claim would
// go unchecked.
func Examples(e *goprep.KBEntry) ([]Example, error) {
	var out []Example
	for _, l := range []struct {
		lang string
		t    goprep.KBText
	}{{"en", e.EN}, {"zh", e.ZH}} {
		blocks := fencedBlocks(strings.Join([]string{l.t.Question, l.t.ShortAnswer, l.t.Answer, l.t.FollowUps, l.t.Pitfalls}, "\n\n"))
		n := 0
		for i, b := range blocks {
			if b.info != "go run" {
				continue
			}
			n++
			if i+1 >= len(blocks) || blocks[i+1].info != "output" || !blocks[i+1].adjacent {
				return nil, fmt.Errorf("%s: %s example %d: a ```go run block must be followed directly by an ```output block", e.Slug, l.lang, n)
			}
			out = append(out, Example{Entry: e.Slug, Lang: l.lang, Index: n, Code: b.body, Output: blocks[i+1].body})
		}
	}
	return out, nil
}

type fenced struct {
	info     string
	body     string
	adjacent bool // only blank lines between the previous block and this one
}

func fencedBlocks(text string) []fenced {
	var blocks []fenced
	var cur *fenced
	var fence string
	var body strings.Builder
	sawText := true
	for line := range strings.Lines(text) {
		trimmed := strings.TrimRight(line, "\n")
		if cur == nil {
			t := strings.TrimLeft(trimmed, " ")
			if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
				fence = t[:3]
				cur = &fenced{info: strings.TrimSpace(t[3:]), adjacent: !sawText}
				body.Reset()
				continue
			}
			if strings.TrimSpace(trimmed) != "" {
				sawText = true
			}
			continue
		}
		if strings.TrimSpace(trimmed) == fence {
			cur.body = body.String()
			blocks = append(blocks, *cur)
			cur = nil
			sawText = false
			continue
		}
		body.WriteString(line)
	}
	return blocks
}
