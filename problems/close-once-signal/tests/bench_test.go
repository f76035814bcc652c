package signal_test

import (
	"testing"

	"goprep.local/signal"
)

func BenchmarkFiredBeforeFire(b *testing.B) {
	var s signal.Signal
	_ = s.Done()
	for b.Loop() {
		if s.Fired() {
			b.Fatal("fired")
		}
	}
}

func BenchmarkFiredAfterFire(b *testing.B) {
	var s signal.Signal
	s.Fire()
	for b.Loop() {
		if !s.Fired() {
			b.Fatal("not fired")
		}
	}
}

func BenchmarkDoneAfterFire(b *testing.B) {
	var s signal.Signal
	s.Fire()
	for b.Loop() {
		<-s.Done()
	}
}

func BenchmarkFireAgain(b *testing.B) {
	var s signal.Signal
	s.Fire()
	for b.Loop() {
		s.Fire()
	}
}
