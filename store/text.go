package store

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goprep/goprep/internal/searchtext"
)

// MaxSearchTerms and maxTermRunes bound what one search may ask for.
const (
	MaxSearchTerms = 8
	maxTermRunes   = 64
)

// searchTerms splits a query into distinct terms by white space, keeping at
// most MaxSearchTerms of at most maxTermRunes runes each.
func searchTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(q) {
		if !utf8.ValidString(f) {
			f = strings.ToValidUTF8(f, "")
		}
		if r := []rune(f); len(r) > maxTermRunes {
			f = string(r[:maxTermRunes])
		}
		k := strings.ToLower(f)
		if f == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
		if len(out) == MaxSearchTerms {
			break
		}
	}
	return out
}

// termKind says which index can answer a term.
type termKind int

const (
	termTrigram termKind = iota // 3+ characters: the trigram index (substring)
	termWord                    // 2 characters: the word/bigram index
	termScan                    // anything else: a substring scan
)

func classifyTerm(t string) termKind {
	r := []rune(t)
	switch {
	case len(r) >= 3:
		return termTrigram
	case len(r) == 2 && searchtext.IsCJK(r[0]) && searchtext.IsCJK(r[1]):
		return termWord
	case len(r) == 2 && isWordRune(r[0]) && isWordRune(r[1]) && !searchtext.IsCJK(r[0]) && !searchtext.IsCJK(r[1]):
		return termWord
	}
	return termScan
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// snippetRunes is the length of a snippet, in characters; maxSnippetSource
// bounds the bytes of text searched for it.
const (
	snippetRunes     = 180
	maxSnippetSource = 6000
)

// snippet cuts a window of text around the first occurrence of any term
// (case-insensitive), collapses white space, HTML-escapes it and wraps every
// occurrence of a term in <mark>…</mark>. Without an occurrence it returns the
// start of the text.
func snippet(text string, terms []string) string {
	// Look in the first part of the text only: a snippet is for the eye, and
	// long answers would make every search pay for scanning them.
	if len(text) > maxSnippetSource {
		text = strings.ToValidUTF8(text[:maxSnippetSource], "")
	}
	text, cutStart, cutEnd := snippetSource(text, terms)
	src := []rune(strings.Join(strings.Fields(text), " "))
	low := make([]rune, len(src))
	for i, r := range src {
		low[i] = unicode.ToLower(r)
	}
	needles := make([][]rune, 0, len(terms))
	for _, t := range terms {
		if n := []rune(strings.ToLower(t)); len(n) > 0 {
			needles = append(needles, n)
		}
	}
	// Longest first, so "errgroup" wins over "err" where both match.
	sort.Slice(needles, func(i, j int) bool { return len(needles[i]) > len(needles[j]) })

	first := -1
	for _, n := range needles {
		if i := indexRunes(low, n, 0); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	start := 0
	if first > snippetRunes/3 {
		start = first - snippetRunes/3
		// Start at a word boundary when one is near.
		for k := start; k < first && k < start+15; k++ {
			if src[k] == ' ' {
				start = k + 1
				break
			}
		}
	}
	end := min(start+snippetRunes, len(src))

	// Mark every occurrence inside the window.
	marked := make([]bool, end-start)
	for _, n := range needles {
		for i := start; ; {
			j := indexRunes(low[:end], n, i)
			if j < 0 {
				break
			}
			for k := j; k < j+len(n) && k < end; k++ {
				marked[k-start] = true
			}
			i = j + 1
		}
	}
	var b strings.Builder
	if start > 0 || cutStart {
		b.WriteString("…")
	}
	for i := start; i < end; {
		m := marked[i-start]
		j := i
		for j < end && marked[j-start] == m {
			j++
		}
		seg := html.EscapeString(string(src[i:j]))
		if m {
			b.WriteString("<mark>")
			b.WriteString(seg)
			b.WriteString("</mark>")
		} else {
			b.WriteString(seg)
		}
		i = j
	}
	if end < len(src) || cutEnd {
		b.WriteString("…")
	}
	return b.String()
}

// snippetSource narrows text to a stretch around the first occurrence of a
// term, found with a byte search, so that the rune-by-rune work of snippet
// is done on a few hundred characters, not on the whole answer. The stretch
// is wider than a snippet (white space collapses, and the window starts
// before the match). It leaves text whole when lower-casing changes its
// length, which the byte offsets could not follow.
func snippetSource(text string, terms []string) (string, bool, bool) {
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		return text, false, false
	}
	first := -1
	for _, t := range terms {
		if i := strings.Index(lower, strings.ToLower(t)); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	cutStart, cutEnd := false, false
	if first > 0 {
		// Back up twice as many characters as snippet keeps before a match.
		from := first
		for n := 0; from > 0 && n < 2*snippetRunes/3; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:from])
			from -= size
		}
		if from > 0 {
			text, cutStart = text[from:], true
		}
	}
	// Keep three snippets' worth of characters.
	to, n := 0, 0
	for to < len(text) && n < 3*snippetRunes {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
		n++
	}
	if to < len(text) {
		text, cutEnd = text[:to], true
	}
	return text, cutStart, cutEnd
}

// indexRunes returns the index of needle in hay at or after from, or -1.
func indexRunes(hay, needle []rune, from int) int {
	if len(needle) == 0 {
		return -1
	}
outer:
	for i := from; i+len(needle) <= len(hay); i++ {
		for k, r := range needle {
			if hay[i+k] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}
