package fetch_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"goprep.local/fetch"
)

func TestExample(t *testing.T) {
	ctx := context.Background()
	ok := func(ctx context.Context, url string) ([]byte, error) {
		return []byte("body of " + url), nil
	}
	bodies, err := fetch.FetchAll(ctx, []string{"a", "b", "c"}, 2, ok)
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	want := []string{"body of a", "body of b", "body of c"}
	var got []string
	for _, b := range bodies {
		got = append(got, string(b))
	}
	if !slices.Equal(got, want) {
		t.Errorf("bodies = %q, want %q", got, want)
	}

	boom := errors.New("boom")
	failing := func(ctx context.Context, url string) ([]byte, error) {
		if url == "b" {
			return nil, boom
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if _, err := fetch.FetchAll(cctx, []string{"a", "b", "c"}, 3, failing); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
}
