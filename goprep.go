// Package goprep holds GoPrep's domain: the types, their validation, the error
// codes and the service interfaces that the adapters implement. It imports the
// standard library only: Gin lives in server/, GORM in store/, process
// isolation in judge/sandbox/.
package goprep

import "time"

// Now is the clock used by domain code; tests replace it.
var Now = func() time.Time { return time.Now().UTC() }

// Page asks a list query for one page. Cursor is opaque to clients: the value
// of "next" from a previous answer.
type Page struct {
	Limit  int
	Cursor string
	// Offset skips rows of a ranked list (the leaderboard) when Cursor is
	// empty; keyset lists ignore it.
	Offset int
}

// MaxPageLimit caps Page.Limit.
const MaxPageLimit = 100

// Normalize clamps the limit into [1, MaxPageLimit], defaulting to 20.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = 20
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	return p
}
