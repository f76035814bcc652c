package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// toJSON encodes v for a JSON column; nil slices and maps become [] and {}.
func toJSON[T any](v T, empty string) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return empty
	}
	return string(b)
}

// fromJSON decodes a JSON column into a T; an empty column gives the zero T.
func fromJSON[T any](s, column string) (T, error) {
	var v T
	if s == "" {
		return v, nil
	}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return v, fmt.Errorf("decode column %s: %w", column, err)
	}
	return v, nil
}

// utc normalizes a time read from either dialect.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// utcPtr normalizes an optional time.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// micro truncates a time to what both dialects store.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// microPtr truncates an optional time.
func microPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := micro(*t)
	return &u
}
