package process_test

import (
	"errors"
	"strings"
	"testing"

	"goprep.local/process"
)

func upper(it process.Item) (process.Result, error) {
	if it.Payload == "" {
		return process.Result{}, errors.New("empty payload")
	}
	return process.Result{ID: it.ID, Value: strings.ToUpper(it.Payload)}, nil
}

func TestExample(t *testing.T) {
	ws := []process.Item{{1, "a"}, {2, "b"}, {3, "c"}}
	got, err := process.ProcessAll(ws, upper)
	if err != nil {
		t.Fatalf("ProcessAll returned error %v", err)
	}
	want := []process.Result{{1, "A"}, {2, "B"}, {3, "C"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := process.ProcessAll([]process.Item{{7, ""}}, upper); err == nil {
		t.Fatal("ProcessAll with a failing item returned no error")
	}
}
