package goprep

// Topic is a subject of the knowledge base and the problem catalog.
type Topic struct {
	Slug string `json:"slug"`
	EN   string `json:"en"`
	ZH   string `json:"zh"`
	// Seed is true for the topics of the original notes; each must keep at
	// least MinEntriesPerSeedTopic knowledge-base entries.
	Seed bool `json:"seed"`
}

// MinEntriesPerSeedTopic is the floor a test enforces for every seed topic.
const MinEntriesPerSeedTopic = 5

// Topics lists every topic, seed topics first, in the order of the notes.
var Topics = []Topic{
	{"waitgroup-channel", "WaitGroup vs channels", "WaitGroup 与 channel", true},
	{"map-syncmap", "map vs sync.Map", "map 与 sync.Map", true},
	{"slices", "Slices", "切片", true},
	{"interfaces", "Interface internals", "接口的内部实现", true},
	{"embedding", "Struct embedding", "结构体嵌入", true},
	{"timers", "Timers, time.After and context timeouts", "定时器、time.After 与超时", true},
	{"waitgroup-internals", "WaitGroup internals", "WaitGroup 的内部实现", true},
	{"channel-internals", "Channel internals", "channel 的内部实现", true},
	{"sync", "The sync package", "sync 包", true},
	{"errgroup", "errgroup", "errgroup", true},
	{"context", "context", "context", true},
	{"profiling", "Profiling and tracing", "性能分析与追踪", true},
	{"testing", "Testing and benchmarks", "测试与基准测试", true},
	{"singleton", "Singletons: sync.Once and init", "单例：sync.Once 与 init", true},
	{"reflect", "Reflection", "反射", true},
	{"memory-model", "The memory model", "内存模型", true},
	{"scheduler", "The GMP scheduler", "GMP 调度器", true},
	{"select", "select", "select 语句", false},
	{"mutex", "Mutexes and RWMutex", "互斥锁与读写锁", false},
	{"atomics", "Atomics and false sharing", "原子操作与伪共享", false},
	{"gc", "Garbage collection and escape analysis", "垃圾回收与逃逸分析", false},
	{"generics", "Generics and iterators", "泛型与迭代器", false},
	{"errors", "Errors, defer and recover", "错误处理、defer 与 recover", false},
	{"leaks", "Goroutine leaks and concurrency patterns", "goroutine 泄漏与并发模式", false},
}

// TopicBySlug returns the topic with slug s.
func TopicBySlug(s string) (Topic, bool) {
	for _, t := range Topics {
		if t.Slug == s {
			return t, true
		}
	}
	return Topic{}, false
}
