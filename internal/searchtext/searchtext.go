// Package searchtext prepares knowledge-base text for a word index that knows
// nothing of Chinese: runs of CJK characters become overlapping bigrams, so a
// two-character word such as 通道 is a whole-word lookup. The store writes
// these forms, and a migration that backfills them uses the same code.
package searchtext

import (
	"strings"
	"unicode"
)

// IsCJK reports whether r is a Chinese, Japanese or Korean character, which
// are written without spaces between words.
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Bigrams rewrites s for a word index: every run of CJK characters becomes its
// overlapping bigrams separated by spaces ("关闭通道" -> "关闭 闭通 通道"; a lone
// character stays as it is); everything else is kept.
func Bigrams(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	var run []rune
	flush := func() {
		switch len(run) {
		case 0:
			return
		case 1:
			b.WriteString(" ")
			b.WriteRune(run[0])
			b.WriteString(" ")
		default:
			b.WriteString(" ")
			for i := 0; i+1 < len(run); i++ {
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteRune(run[i])
				b.WriteRune(run[i+1])
			}
			b.WriteString(" ")
		}
		run = run[:0]
	}
	for _, r := range s {
		if IsCJK(r) {
			run = append(run, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// QuestionWords is what names an entry, for the word index: its questions in
// both languages, slug, topic and tags, Chinese as bigrams. Search ranks the
// entries whose QuestionWords hold a query's terms first.
func QuestionWords(enQuestion, zhQuestion, slug, topic string, tags []string) string {
	return Bigrams(enQuestion + "\n" + zhQuestion + "\n" + slug + " " + topic + "\n" + strings.Join(tags, "\n"))
}
