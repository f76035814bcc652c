package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWordPhrase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"WaitGroup", `"waitgroup"*`},
		{"errgroup.SetLimit", `"errgroup setlimit"*`},
		{"sync.Map", `"sync map"*`},
		{"go", `"go"`},
		{"通道", `"通道"`},
		{"关闭通道", `"关闭 闭通 通道"`},
		{"锁", ""},
		{`"%_`, ""},
	} {
		if got := wordPhrase(c.in); got != c.want {
			t.Errorf("wordPhrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 30)
	for _, c := range []struct {
		text  string
		terms []string
		want  string
	}{
		{"Use a WaitGroup <here>", []string{"waitgroup"}, "Use a <mark>WaitGroup</mark> &lt;here&gt;"},
		{"谁应该关闭通道？", []string{"通道", "关闭"}, "谁应该<mark>关闭通道</mark>？"},
		{"errgroup and err", []string{"err", "errgroup"}, "<mark>errgroup</mark> and <mark>err</mark>"},
		{"no match & more", []string{"zzz"}, "no match &amp; more"},
	} {
		if got := snippet(c.text, c.terms); got != c.want {
			t.Errorf("snippet(%q, %q) = %q, want %q", c.text, c.terms, got, c.want)
		}
	}
	got := snippet(long+"the needle is here "+long, []string{"needle"})
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<mark>needle</mark>") {
		t.Errorf("windowed snippet = %q", got)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("a <b> c", "b")
	f.Add("谁应该关闭通道？", "通道")
	f.Add("İstanbul ǅ", "i")
	f.Fuzz(func(t *testing.T, text, q string) {
		terms := searchTerms(q)
		s := snippet(text, terms)
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %q", s)
		}
		rest := strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(rest, "<>") {
			t.Fatalf("unescaped markup in %q", s)
		}
		for _, term := range terms {
			wordPhrase(term) // must not panic
			classifyTerm(term)
		}
	})
}
