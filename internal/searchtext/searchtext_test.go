package searchtext

import (
	"strings"
	"testing"
)

func TestBigrams(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"关闭通道", "关闭 闭通 通道"},
		{"用 close(ch) 关闭", "用 close(ch) 关闭"},
		{"谁应该关闭通道？", "谁应 应该 该关 关闭 闭通 通道 ？"},
		{"WaitGroup 的 Add", "WaitGroup 的 Add"},
		{"", ""},
	} {
		if got := strings.Join(strings.Fields(Bigrams(c.in)), " "); got != c.want {
			t.Errorf("Bigrams(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestQuestionWords(t *testing.T) {
	got := strings.Join(strings.Fields(QuestionWords("How does append grow?", "切片如何扩容？", "slice-growth", "slices",
		[]string{"append", "切片扩容"})), " ")
	want := "How does append grow? 切片 片如 如何 何扩 扩容 ？ slice-growth slices append 切片 片扩 扩容"
	if got != want {
		t.Errorf("QuestionWords = %q, want %q", got, want)
	}
}
