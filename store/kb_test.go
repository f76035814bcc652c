package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
)

// kbFixture is a small knowledge base whose right answers are obvious.
func kbFixture() []*goprep.KBEntry {
	return []*goprep.KBEntry{
		{
			Slug: "close-channel", Topic: "channel-internals", Difficulty: goprep.DifficultyEasy,
			Tags: []string{"channel", "close"},
			EN: goprep.KBText{
				Question:    "Who should close a channel, and what happens when you send on a closed channel?",
				ShortAnswer: "The sender closes it, once. Sending on a closed channel panics; receiving returns the zero value and ok=false.",
				Answer:      "Only the goroutine that sends should call close(ch). Receivers use `v, ok := <-ch` to detect it.",
			},
			ZH: goprep.KBText{
				Question:    "谁应该关闭通道？向已关闭的通道发送数据会怎样？",
				ShortAnswer: "由发送方关闭，且只关闭一次。向已关闭的通道发送会 panic；接收会得到零值和 ok=false。",
				Answer:      "只有负责发送的 goroutine 才应调用 close(ch)。接收方用 `v, ok := <-ch` 判断。",
			},
		},
		{
			Slug: "waitgroup-add-race", Topic: "waitgroup-channel", Difficulty: goprep.DifficultyMedium,
			Tags: []string{"sync.WaitGroup", "race"},
			EN: goprep.KBText{
				Question:    "Why must wg.Add be called before the go statement of a WaitGroup?",
				ShortAnswer: "Calling Add inside the goroutine races with Wait: Wait may return before Add ran. It is a data race, not a deadlock.",
				Answer:      "Since Go 1.25 prefer wg.Go(f), which calls Add(1) for you. <script>alert(1)</script> is not Go; a < b && c > d is.",
			},
			ZH: goprep.KBText{
				Question:    "为什么 WaitGroup 的 wg.Add 必须在 go 语句之前调用？",
				ShortAnswer: "在 goroutine 里调用 Add 会与 Wait 竞争：Wait 可能在 Add 之前返回。这是数据竞争，不是死锁。",
				Answer:      "Go 1.25 起推荐使用 wg.Go(f)。",
			},
		},
		{
			Slug: "errgroup-setlimit", Topic: "errgroup", Difficulty: goprep.DifficultyMedium,
			Tags: []string{"errgroup", "concurrency"},
			EN: goprep.KBText{
				Question:    "How do you bound concurrency with errgroup?",
				ShortAnswer: "Call g.SetLimit(n) before g.Go: Go blocks while n goroutines are active; TryGo does not block.",
				Answer:      "errgroup.WithContext cancels the context on the first error; SetLimit bounds the number of goroutines.",
			},
			ZH: goprep.KBText{
				Question:    "如何用 errgroup 限制并发数？",
				ShortAnswer: "在 g.Go 之前调用 g.SetLimit(n)：活动的 goroutine 达到 n 个时 Go 会阻塞。",
				Answer:      "errgroup.WithContext 在第一个错误时取消 context。",
			},
		},
		{
			Slug: "syncmap-vs-map", Topic: "map-syncmap", Difficulty: goprep.DifficultyHard,
			Tags: []string{"sync.Map", "mutex"},
			EN: goprep.KBText{
				Question:    "When is sync.Map faster than a map guarded by a mutex?",
				ShortAnswer: "When keys are written once and read many times, or goroutines touch disjoint keys.",
				Answer:      "Measure it: for a mixed workload a map with sync.RWMutex is often as fast.",
			},
			ZH: goprep.KBText{
				Question:    "sync.Map 什么时候比加锁的 map 更快？",
				ShortAnswer: "键写入一次、读取多次，或各 goroutine 访问互不相交的键时。",
				Answer:      "要实测：混合读写时用 sync.RWMutex 保护的 map 往往一样快。",
			},
		},
		{
			Slug: "timer-go123", Topic: "timers", Difficulty: goprep.DifficultyMedium,
			Tags: []string{"time.Timer"},
			EN: goprep.KBText{
				Question:    "What changed about time.Timer in Go 1.23?",
				ShortAnswer: "Timers are collected when unreferenced even if not stopped, and their channel is unbuffered: Reset and Stop discard stale values.",
			},
			ZH: goprep.KBText{
				Question:    "Go 1.23 对定时器做了哪些改变？",
				ShortAnswer: "未被引用的定时器即使没有 Stop 也会被回收；其通道变为无缓冲，Reset 和 Stop 后不会再收到旧值。",
			},
		},
	}
}

func loadKB(t *testing.T, db *store.DB) map[string]*goprep.KBEntry {
	t.Helper()
	out := map[string]*goprep.KBEntry{}
	for _, e := range kbFixture() {
		changed, err := db.UpsertKBEntry(context.Background(), e)
		if err != nil {
			t.Fatalf("upsert %s: %v", e.Slug, err)
		}
		if !changed {
			t.Fatalf("upsert %s: changed=false on insert", e.Slug)
		}
		out[e.Slug] = e
	}
	return out
}

func TestKBUpsert(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		entries := loadKB(t, db)
		orig := entries["close-channel"]
		if orig.ID == 0 || orig.Version != 1 || orig.ContentHash == "" {
			t.Fatalf("inserted = %+v", orig)
		}
		got, err := db.KBEntryBySlug(ctx, "close-channel")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(orig, got); diff != "" {
			t.Errorf("KBEntryBySlug (-want +got):\n%s", diff)
		}
		if byID, err := db.KBEntryByID(ctx, orig.ID); err != nil || byID.Slug != "close-channel" {
			t.Errorf("KBEntryByID = %+v, %v", byID, err)
		}

		// Loading the same file again changes nothing.
		same := kbFixture()[0]
		changed, err := db.UpsertKBEntry(ctx, same)
		if err != nil || changed {
			t.Fatalf("re-upsert: changed=%v err=%v, want false, nil", changed, err)
		}
		if same.ID != orig.ID || same.Version != 1 {
			t.Errorf("re-upsert filled %+v", same)
		}

		// An edited file updates the row and the search index.
		edited := kbFixture()[0]
		edited.EN.Pitfalls = "Closing a nil channel panics too."
		changed, err = db.UpsertKBEntry(ctx, edited)
		if err != nil || !changed || edited.Version != 2 {
			t.Fatalf("edited upsert: changed=%v version=%d err=%v", changed, edited.Version, err)
		}
		hits, _, _, err := db.SearchKB(ctx, goprep.KBQuery{Q: "nil channel panics"}, goprep.Page{})
		if err != nil || len(hits) != 1 || hits[0].Entry.Slug != "close-channel" {
			t.Errorf("search after edit = %v, %v", slugs(hits), err)
		}

		// An author edits it through the API...
		api := kbFixture()[0]
		api.EN.Pitfalls = "Closing a nil channel panics; closing twice panics."
		api.EditedViaAPI, api.Source, api.Version = true, "api", 2
		changed, err = db.UpsertKBEntry(ctx, api)
		if err != nil || !changed || api.Version != 3 {
			t.Fatalf("API edit: changed=%v version=%d err=%v", changed, api.Version, err)
		}
		// ...so a stale API edit and a differing catalog file are both refused.
		stale := kbFixture()[0]
		stale.EditedViaAPI, stale.Version = true, 2
		_, err = db.UpsertKBEntry(ctx, stale)
		wantCode(t, err, goprep.ECONFLICT)
		_, err = db.UpsertKBEntry(ctx, kbFixture()[0])
		wantCode(t, err, goprep.ECONFLICT)
		if !strings.Contains(goprep.ErrorMessage(err), "edited through the API") {
			t.Errorf("conflict message %q does not say why", goprep.ErrorMessage(err))
		}
		got, err = db.KBEntryBySlug(ctx, "close-channel")
		if err != nil {
			t.Fatal(err)
		}
		if got.EN.Pitfalls != api.EN.Pitfalls || got.Version != 3 || !got.EditedViaAPI {
			t.Errorf("API edit was overwritten: %+v", got)
		}
		// A file identical to the API version is no conflict.
		match := kbFixture()[0]
		match.EN.Pitfalls = api.EN.Pitfalls
		if changed, err := db.UpsertKBEntry(ctx, match); err != nil || changed {
			t.Errorf("file equal to the API edit: changed=%v err=%v", changed, err)
		}

		_, err = db.UpsertKBEntry(ctx, &goprep.KBEntry{Slug: "x", Topic: "sync", Difficulty: "trivial"})
		wantCode(t, err, goprep.EINVALID)

		topics, err := db.KBTopics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"channel-internals": 1, "waitgroup-channel": 1, "errgroup": 1, "map-syncmap": 1, "timers": 1}
		if diff := cmp.Diff(want, topics); diff != "" {
			t.Errorf("KBTopics (-want +got):\n%s", diff)
		}

		if err := db.DeleteKBEntry(ctx, orig.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteKBEntry(ctx, orig.ID), goprep.ENOTFOUND)
		_, err = db.KBEntryByID(ctx, orig.ID)
		wantCode(t, err, goprep.ENOTFOUND)
		hits, _, _, err = db.SearchKB(ctx, goprep.KBQuery{Q: "通道 关闭"}, goprep.Page{})
		if err != nil || slices.Contains(slugs(hits), "close-channel") {
			t.Errorf("search after delete: %v err=%v", slugs(hits), err)
		}
	})
}

func slugs(hits []goprep.KBHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Entry.Slug
	}
	return out
}

func TestKBSearch(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		db := e.db
		loadKB(t, db)

		// What a candidate would type, and the entry that must come first.
		for _, c := range []struct {
			q, lang, topic, difficulty string
			first                      string
			all                        []string // when set, exactly these (any order after first)
		}{
			{q: "WaitGroup", first: "waitgroup-add-race"},
			{q: "errgroup SetLimit", first: "errgroup-setlimit", all: []string{"errgroup-setlimit"}},
			{q: "通道 关闭", first: "close-channel", all: []string{"close-channel"}},
			{q: "关闭 通道", lang: "zh", first: "close-channel", all: []string{"close-channel"}},
			{q: "closed channel", first: "close-channel", all: []string{"close-channel"}},
			{q: "定时器", first: "timer-go123", all: []string{"timer-go123"}},
			{q: "sync.Map mutex", first: "syncmap-vs-map", all: []string{"syncmap-vs-map"}},
			{q: "数据竞争", first: "waitgroup-add-race", all: []string{"waitgroup-add-race"}},
			{q: "加锁", first: "syncmap-vs-map", all: []string{"syncmap-vs-map"}},
			{q: "锁", all: []string{"waitgroup-add-race", "syncmap-vs-map"}}, // one character: a scan (死锁, 加锁)
			{q: "Go 1.23", first: "timer-go123"},
			{q: "SetLim", first: "errgroup-setlimit", all: []string{"errgroup-setlimit"}},     // a word prefix
			{q: "Group", all: []string{"waitgroup-add-race", "errgroup-setlimit"}},            // inside identifiers: the trigram fallback
			{q: "roup", lang: "zh", all: []string{"waitgroup-add-race", "errgroup-setlimit"}}, // likewise, in the Chinese text
			{q: "goroutine", topic: "errgroup", first: "errgroup-setlimit", all: []string{"errgroup-setlimit"}},
			{q: "goroutine", difficulty: goprep.DifficultyEasy, first: "close-channel", all: []string{"close-channel"}},
			{q: "关闭", lang: "en", all: []string{}},
			{q: "deadlock", lang: "zh", all: []string{}},
			{q: "死锁", lang: "zh", first: "waitgroup-add-race", all: []string{"waitgroup-add-race"}},
			{q: "nothing-like-this", all: []string{}},
			{q: "加锁 饥饿模式", first: "syncmap-vs-map", all: []string{"syncmap-vs-map"}}, // no entry has both: any term
			{q: "closed channel starvation", first: "close-channel"},                 // likewise, in English
		} {
			name := fmt.Sprintf("%s/lang=%s/topic=%s/difficulty=%s", c.q, c.lang, c.topic, c.difficulty)
			t.Run(name, func(t *testing.T) {
				hits, _, total, err := db.SearchKB(ctx, goprep.KBQuery{Q: c.q, Lang: c.lang, Topic: c.topic, Difficulty: c.difficulty}, goprep.Page{})
				if err != nil {
					t.Fatal(err)
				}
				got := slugs(hits)
				if int(total) != len(got) {
					t.Errorf("total = %d, hits = %d", total, len(got))
				}
				if c.first != "" && (len(got) == 0 || got[0] != c.first) {
					t.Fatalf("hits = %v, want %s first", got, c.first)
				}
				if c.all != nil {
					want := slices.Sorted(slices.Values(c.all))
					if diff := cmp.Diff(want, slices.Sorted(slices.Values(got)), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("hits (-want +got):\n%s", diff)
					}
				}
				for _, h := range hits {
					if h.Snippet == "" {
						t.Errorf("%s: empty snippet", h.Entry.Slug)
					}
				}
			})
		}

		t.Run("Snippet", func(t *testing.T) {
			hits, _, _, err := db.SearchKB(ctx, goprep.KBQuery{Q: "WaitGroup", Lang: "en"}, goprep.Page{})
			if err != nil || len(hits) == 0 {
				t.Fatalf("hits %v err %v", slugs(hits), err)
			}
			s := hits[0].Snippet
			if !strings.Contains(s, "<mark>WaitGroup</mark>") {
				t.Errorf("snippet %q does not highlight WaitGroup", s)
			}
			hits, _, _, err = db.SearchKB(ctx, goprep.KBQuery{Q: "alert", Lang: "en"}, goprep.Page{})
			if err != nil || len(hits) != 1 {
				t.Fatalf("hits %v err %v", slugs(hits), err)
			}
			s = hits[0].Snippet
			if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;<mark>alert</mark>(1)") ||
				!strings.Contains(s, "a &lt; b &amp;&amp; c &gt; d") {
				t.Errorf("snippet %q is not escaped and highlighted", s)
			}
			hits, _, _, err = db.SearchKB(ctx, goprep.KBQuery{Q: "通道 关闭"}, goprep.Page{})
			if err != nil || len(hits) != 1 {
				t.Fatalf("hits %v err %v", slugs(hits), err)
			}
			if s := hits[0].Snippet; !strings.Contains(s, "<mark>关闭</mark><mark>通道</mark>") && !strings.Contains(s, "<mark>关闭通道</mark>") {
				if !strings.Contains(s, "<mark>通道</mark>") || !strings.Contains(s, "<mark>关闭</mark>") {
					t.Errorf("Chinese snippet %q does not highlight both words", s)
				}
			}
		})

		t.Run("Pagination", func(t *testing.T) {
			var seen []string
			cursor := ""
			for range 10 {
				hits, next, total, err := db.SearchKB(ctx, goprep.KBQuery{Q: "goroutine"}, goprep.Page{Limit: 2, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				if total != 4 {
					t.Errorf("total = %d, want 4", total)
				}
				seen = append(seen, slugs(hits)...)
				if next == "" {
					break
				}
				cursor = next
			}
			if len(seen) != 4 {
				t.Errorf("paged %v, want 4 distinct entries", seen)
			}
			uniq := map[string]bool{}
			for _, s := range seen {
				uniq[s] = true
			}
			if len(uniq) != len(seen) {
				t.Errorf("pages repeat entries: %v", seen)
			}
			_, _, _, err := db.SearchKB(ctx, goprep.KBQuery{Q: "goroutine"}, goprep.Page{Cursor: "%%%"})
			wantCode(t, err, goprep.EINVALID)
		})

		t.Run("Browse", func(t *testing.T) {
			hits, _, total, err := db.SearchKB(ctx, goprep.KBQuery{Topic: "timers"}, goprep.Page{})
			if err != nil || total != 1 || len(hits) != 1 || hits[0].Entry.Slug != "timer-go123" {
				t.Errorf("browse timers: %v total=%d err=%v", slugs(hits), total, err)
			}
			_, _, total, err = db.SearchKB(ctx, goprep.KBQuery{}, goprep.Page{})
			if err != nil || total != 5 {
				t.Errorf("browse all: total=%d err=%v", total, err)
			}
			_, _, _, err = db.SearchKB(ctx, goprep.KBQuery{Lang: "fr"}, goprep.Page{})
			wantCode(t, err, goprep.EINVALID)
		})

		t.Run("HostileQueries", func(t *testing.T) {
			for _, q := range []string{`"`, `" OR 1=1 --`, `NEAR(a b)`, `{en_head} : x`, `*`, `'); DROP TABLE kb_entries; --`, "\xff\xfe", "%_%", `\`} {
				if _, _, _, err := db.SearchKB(ctx, goprep.KBQuery{Q: q}, goprep.Page{}); err != nil {
					t.Errorf("query %q: %v", q, err)
				}
			}
			if _, _, total, err := db.SearchKB(ctx, goprep.KBQuery{}, goprep.Page{}); err != nil || total != 5 {
				t.Errorf("entries after hostile queries: %d, %v", total, err)
			}
		})
	})
}

// TestKBRanking: an entry that answers the question outranks one that only
// mentions the words in passing, on both dialects.
func TestKBRanking(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		filler := strings.Repeat("Some unrelated words about scheduling and memory. ", 20)
		for _, ent := range []*goprep.KBEntry{
			{Slug: "passing", Topic: "sync", Difficulty: goprep.DifficultyEasy,
				EN: goprep.KBText{Question: "What is a mutex?", Answer: filler + "A weighted semaphore is another tool."},
				ZH: goprep.KBText{Question: "什么是互斥锁？", Answer: "还有一种工具叫信号量。"}},
			{Slug: "answer", Topic: "sync", Difficulty: goprep.DifficultyEasy,
				EN: goprep.KBText{Question: "How does a weighted semaphore work?", ShortAnswer: "A semaphore counts permits.", Answer: filler},
				ZH: goprep.KBText{Question: "带权重的信号量如何工作？", ShortAnswer: "信号量统计许可数。"}},
			{Slug: "unrelated", Topic: "sync", Difficulty: goprep.DifficultyEasy,
				EN: goprep.KBText{Question: "What is a WaitGroup?", Answer: filler},
				ZH: goprep.KBText{Question: "什么是 WaitGroup？"}},
		} {
			if _, err := e.db.UpsertKBEntry(ctx, ent); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []goprep.KBQuery{{Q: "semaphore"}, {Q: "weighted semaphore"}, {Q: "信号量", Lang: "zh"}, {Q: "信号量"}} {
			hits, _, _, err := e.db.SearchKB(ctx, q, goprep.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"answer", "passing"}, slugs(hits)); diff != "" {
				t.Errorf("%q: order (-want +got):\n%s", q.Q, diff)
			}
			if len(hits) == 2 && !(hits[0].Rank > hits[1].Rank) {
				t.Errorf("%q: ranks %v, %v not decreasing", q.Q, hits[0].Rank, hits[1].Rank)
			}
		}
	})
}
