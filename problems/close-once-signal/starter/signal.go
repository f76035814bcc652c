// Package signal provides a one-shot broadcast signal.
package signal

// Signal is a one-shot broadcast: Fire closes a channel that every Done
// caller receives. The zero value is ready to use. See the statement.
type Signal struct {
	// TODO: fields.
}

// Fire fires the signal. Calling it again has no effect.
func (s *Signal) Fire() {
	// TODO
}

// Done returns a channel that is closed once Fire has been called.
func (s *Signal) Done() <-chan struct{} {
	// TODO
	return nil
}

// Fired reports whether Fire has been called.
func (s *Signal) Fired() bool {
	// TODO
	return false
}
