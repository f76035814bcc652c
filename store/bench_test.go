package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
)

// The generated knowledge base mimics real entries: most words come from a
// large general vocabulary with a Zipf-like distribution, and each entry
// mentions a handful of technical terms, so a technical query matches a few
// percent of the entries, as it does in the real catalog.
var (
	benchTermsEN = strings.Fields(`goroutine channel buffered unbuffered close select mutex RWMutex WaitGroup
		errgroup SetLimit context cancel deadline timeout timer ticker scheduler GMP processor thread stack
		heap escape analysis garbage collector pacer barrier interface itab dynamic nil slice
		append capacity backing array map bucket hash growth sync.Map atomic CompareAndSwap false sharing
		cache line memory model happens-before race detector leak profile pprof trace benchmark testing
		generics constraint iterator range defer panic recover error wrapping errors.Is reflect struct
		embedding method receiver pointer once singleton init worker pool pipeline fan-out fan-in
		semaphore backpressure`)
	benchTermsZH = strings.Fields(`协程 通道 缓冲 无缓冲 关闭 选择 互斥锁 读写锁 等待组 错误组 上下文 取消
		截止时间 超时 定时器 调度器 处理器 线程 栈 堆 逃逸分析 垃圾回收 写屏障 接口 动态类型 切片 追加 容量
		底层数组 哈希表 扩容 原子操作 伪共享 缓存行 内存模型 先行发生 数据竞争 泄漏 性能分析 追踪 基准测试 泛型
		约束 迭代器 延迟调用 恐慌 恢复 错误包装 反射 结构体 嵌入 方法 接收者 指针 单例 初始化 工作池 流水线
		信号量 背压 死锁 阻塞 发送 接收`)
)

// benchLexicon makes a deterministic vocabulary of n English-like words and
// n Chinese words of two to four characters.
func benchLexicon(r *rand.Rand, n int) (en, zh []string) {
	syl := strings.Fields("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu st tr pl gr ch sh th")
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		en = append(en, b.String())
		var z strings.Builder
		for range 2 + r.IntN(3) {
			z.WriteRune(rune(0x4E00 + r.IntN(3000)))
		}
		zh = append(zh, z.String())
	}
	return en, zh
}

// benchText writes n words: mostly lexicon words (Zipf-distributed), with the
// entry's technical terms mixed in.
func benchText(r *rand.Rand, z *rand.Zipf, lex, terms []string, n int, sep string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		if r.IntN(8) == 0 {
			b.WriteString(terms[r.IntN(len(terms))])
		} else {
			b.WriteString(lex[z.Uint64()])
		}
		if i%12 == 11 {
			b.WriteString(". ")
		}
	}
	return b.String()
}

func pick(r *rand.Rand, from []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = from[r.IntN(len(from))]
	}
	return out
}

// benchKB fills a fresh SQLite database with n generated entries, each about
// 2 KB of English and 1,500 characters of Chinese, as the catalog would hold.
//
// With GOPREP_BENCH_KB_DB=PATH the database is kept at PATH and reused by later
// runs (delete it after changing the generator or the schema).
func benchKB(b *testing.B, n int) *store.DB {
	b.Helper()
	ctx := context.Background()
	if path := os.Getenv("GOPREP_BENCH_KB_DB"); path != "" {
		_, statErr := os.Stat(path)
		db, err := store.Open(ctx, path, store.Options{Migrate: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if statErr == nil {
			return db
		}
		fillKB(b, db, n)
		return db
	}
	e := openSQLite(b)
	fillKB(b, e.db, n)
	return e.db
}

func fillKB(b *testing.B, db *store.DB, n int) {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	lexEN, lexZH := benchLexicon(r, 20_000)
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(lexEN)-1))
	ctx := context.Background()
	topics := goprep.Topics
	diffs := []string{goprep.DifficultyEasy, goprep.DifficultyMedium, goprep.DifficultyHard}
	for i := range n {
		en, zh := pick(r, benchTermsEN, 4), pick(r, benchTermsZH, 4)
		ent := &goprep.KBEntry{
			Slug: fmt.Sprintf("entry-%05d", i), Topic: topics[i%len(topics)].Slug, Difficulty: diffs[i%3],
			Tags: en[:2],
			EN: goprep.KBText{
				Question:    benchText(r, zipf, lexEN, en, 14, " ") + "?",
				ShortAnswer: benchText(r, zipf, lexEN, en, 40, " "),
				Answer:      benchText(r, zipf, lexEN, en, 220, " "),
				FollowUps:   benchText(r, zipf, lexEN, en, 30, " "),
				Pitfalls:    benchText(r, zipf, lexEN, en, 30, " "),
			},
			ZH: goprep.KBText{
				Question:    benchText(r, zipf, lexZH, zh, 8, "") + "？",
				ShortAnswer: benchText(r, zipf, lexZH, zh, 25, ""),
				Answer:      benchText(r, zipf, lexZH, zh, 160, ""),
				FollowUps:   benchText(r, zipf, lexZH, zh, 20, ""),
				Pitfalls:    benchText(r, zipf, lexZH, zh, 20, ""),
			},
		}
		if _, err := db.UpsertKBEntry(ctx, ent); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.OptimizeSearch(ctx); err != nil {
		b.Fatal(err)
	}
}

// benchQueries is a mix of what candidates type: English words, identifiers,
// Chinese words of two characters and longer phrases, with and without filters.
var benchQueries = []goprep.KBQuery{
	{Q: "goroutine leak"},
	{Q: "WaitGroup"},
	{Q: "errgroup SetLimit"},
	{Q: "通道 关闭"},
	{Q: "互斥锁"},
	{Q: "sync.Map"},
	{Q: "死锁 阻塞"},
	{Q: "内存 模型", Lang: "zh"},
	{Q: "false sharing", Lang: "en"},
	{Q: "race detector", Topic: "memory-model"},
	{Q: "channel close", Difficulty: goprep.DifficultyHard},
	{Q: "逃逸分析"},
	{Q: "context cancel deadline"},
	{Q: "pprof"},
	{Q: "定时器 超时"},
	{Q: "CompareAndSwap"},
}

// BenchmarkKBSearch measures SearchKB (first page of 20, snippets included)
// over 10,000 entries in both languages on SQLite and reports the p50, p95 and
// p99 wall-clock latency of single searches, and the process CPU time per
// search (which, unlike wall time, does not grow when other processes load the
// machine).
func BenchmarkKBSearch(b *testing.B) {
	db := benchKB(b, 10_000)
	ctx := context.Background()
	for _, q := range benchQueries { // warm the page cache
		if _, _, _, err := db.SearchKB(ctx, q, goprep.Page{Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	found := 0
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := benchQueries[i%len(benchQueries)]
		start := time.Now()
		hits, _, _, err := db.SearchKB(ctx, q, goprep.Page{Limit: 20})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		found += len(hits)
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := (ru1.Utime.Nano() + ru1.Stime.Nano()) - (ru0.Utime.Nano() + ru0.Stime.Nano())
	b.ReportMetric(float64(cpu)/float64(len(lat))/1e6, "cpu-ms/op")
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(found)/float64(len(lat)), "hits/op")
}

// BenchmarkClaim measures the judge queue: claim then finish, with the
// submissions enqueued outside the timer.
func BenchmarkClaim(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchClaim(b, openSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchClaim(b, openPostgres(b)) })
}

func benchClaim(b *testing.B, e *env) {
	ctx := context.Background()
	u := mustUser(b, e.db, "bench@example.com", goprep.RoleCandidate)
	mustProblem(b, e.db, "p")
	b.StopTimer()
	for range b.N {
		mustSubmit(b, e.db, u.ID, "p", goprep.KindSubmit)
	}
	b.StartTimer()
	b.RunParallel(func(pb *testing.PB) {
		owner := fmt.Sprintf("w-%d", rand.Int())
		for pb.Next() {
			s, err := e.db.ClaimSubmission(ctx, owner, time.Minute)
			if err != nil {
				b.Error(err)
				return
			}
			if err := e.db.FinishSubmission(ctx, s.ID, owner, goprep.StatusDone, goprep.VerdictAC, 100, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
}
