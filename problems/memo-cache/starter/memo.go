// Package memo caches the results of an expensive function.
package memo

// Memo caches f's result per key. See the statement for the rules.
type Memo[K comparable, V any] struct {
	// TODO: fields.
	f func(K) V
}

// NewMemo returns a Memo for f.
func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f}
}

// Get returns f(k), calling f at most once per key.
func (m *Memo[K, V]) Get(k K) V {
	// TODO: this calls f every time.
	return m.f(k)
}
