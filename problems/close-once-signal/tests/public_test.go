package signal_test

import (
	"testing"

	"goprep.local/signal"
)

func TestExample(t *testing.T) {
	var s signal.Signal // the zero value is ready to use
	if s.Fired() {
		t.Fatal("a new Signal reports Fired")
	}
	select {
	case <-s.Done():
		t.Fatal("Done is closed before Fire")
	default:
	}
	s.Fire()
	s.Fire() // idempotent
	<-s.Done()
	if !s.Fired() {
		t.Fatal("Fired is false after Fire")
	}
}
