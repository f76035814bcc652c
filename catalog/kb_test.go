package catalog_test

import (
	"os"
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
)

const goodEntry = "---\nslug: nil-map-write\ntopic: map-syncmap\ndifficulty: easy\ntags: [map]\ngo_version: \"1.24\"\nrelated_problems: [fix-map-writes]\nrelated_entries: []\n---\n\n" +
	"# English\n\n## Question\nWhat happens on a write to a nil map?\n\n## Short answer\nIt panics.\n\n## Answer\nReads work:\n\n```go\n# not a heading inside a fence\nvar m map[string]int\n_ = m[\"a\"]\n```\n\n## Follow-ups\n- Delete? Fine.\n\n## Pitfalls\n- Forgetting make.\n\n" +
	"# 中文\n\n## Question\n向 nil map 写入会怎样？\n\n## Short answer\n会 panic。\n\n## Answer\n读是安全的。\n\n## Follow-ups\n- delete 呢？没问题。\n\n## Pitfalls\n- 忘了 make。\n"

func TestParseKBEntry(t *testing.T) {
	e, err := catalog.ParseKBEntry("map-syncmap/nil-map-write.md", []byte(goodEntry))
	if err != nil {
		t.Fatal(err)
	}
	if e.Slug != "nil-map-write" || e.Topic != "map-syncmap" || e.GoVersion != "1.24" {
		t.Errorf("meta = %+v", e)
	}
	if e.EN.ShortAnswer != "It panics." || e.ZH.ShortAnswer != "会 panic。" {
		t.Errorf("short answers = %q / %q", e.EN.ShortAnswer, e.ZH.ShortAnswer)
	}
	if !strings.Contains(e.EN.Answer, "# not a heading inside a fence") {
		t.Errorf("fenced code lost: %q", e.EN.Answer)
	}
	if len(e.ContentHash) != 64 {
		t.Errorf("content hash %q", e.ContentHash)
	}
}

func TestParseKBEntryErrors(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"NoFrontMatter", "map-syncmap/nil-map-write.md", "# English\n", "missing front matter"},
		{"WrongDir", "slices/nil-map-write.md", goodEntry, "is in \"slices\""},
		{"WrongName", "map-syncmap/other.md", goodEntry, "does not match the file name"},
		{"UnknownTopic", "nope/nil-map-write.md", strings.Replace(goodEntry, "topic: map-syncmap", "topic: nope", 1), "unknown topic"},
		{"BadDifficulty", "map-syncmap/nil-map-write.md", strings.Replace(goodEntry, "difficulty: easy", "difficulty: trivial", 1), "difficulty"},
		{"UnknownField", "map-syncmap/nil-map-write.md", strings.Replace(goodEntry, "tags: [map]", "tagz: [map]", 1), "front matter"},
		{"MissingChinese", "map-syncmap/nil-map-write.md", goodEntry[:strings.Index(goodEntry, "# 中文")], "both # English and # 中文"},
		{"MissingSection", "map-syncmap/nil-map-write.md", strings.Replace(goodEntry, "## Pitfalls\n- 忘了 make。\n", "", 1), "\"Pitfalls\" is missing"},
		{"UnknownSection", "map-syncmap/nil-map-write.md", strings.Replace(goodEntry, "## Pitfalls\n- Forgetting", "## Traps\n- Forgetting", 1), "unknown section"},
		{"OpenFence", "map-syncmap/nil-map-write.md", goodEntry + "```go\n", "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.ParseKBEntry(tt.file, []byte(tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// TestKBContent loads the real knowledge base: every file must parse, slugs
// are unique, related entries exist, and every seed topic keeps its floor.
func TestKBContent(t *testing.T) {
	entries, err := catalog.LoadKB(os.DirFS("../kb"))
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]bool{}
	perTopic := map[string]int{}
	for _, e := range entries {
		bySlug[e.Slug] = true
		perTopic[e.Topic]++
	}
	for _, e := range entries {
		for _, r := range e.RelatedEntries {
			if !bySlug[r] {
				t.Errorf("%s: related entry %q does not exist", e.Slug, r)
			}
		}
	}
	for _, topic := range goprep.Topics {
		if topic.Seed && perTopic[topic.Slug] < goprep.MinEntriesPerSeedTopic {
			t.Errorf("seed topic %s has %d entries, want at least %d", topic.Slug, perTopic[topic.Slug], goprep.MinEntriesPerSeedTopic)
		}
	}
	if len(entries) < 120 {
		t.Errorf("the knowledge base has %d entries, want at least 120", len(entries))
	}
}
