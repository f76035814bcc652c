package once_test

import (
	"errors"
	"testing"

	"goprep.local/once"
)

func TestOnceOKCachesSuccess(t *testing.T) {
	calls := 0
	get := once.OnceOK(func() (string, error) {
		calls++
		return "config", nil
	})
	for range 3 {
		if v, err := get(); v != "config" || err != nil {
			t.Fatalf("get() = %q, %v; want config, nil", v, err)
		}
	}
	if calls != 1 {
		t.Fatalf("f called %d times, want 1", calls)
	}
}

func TestOnceOKRetriesErrors(t *testing.T) {
	calls := 0
	get := once.OnceOK(func() (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("not yet")
		}
		return 42, nil
	})
	if _, err := get(); err == nil {
		t.Fatal("first get() succeeded, want the error from f")
	}
	if v, err := get(); v != 42 || err != nil {
		t.Fatalf("second get() = %d, %v; want 42, nil", v, err)
	}
}
