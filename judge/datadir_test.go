package judge_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/judge/sandbox"
)

// TestNewFencesDataDir: the data dir becomes a module of its own, so a
// module cache under ./data/judge never breaks `go vet ./...` of the project.
func TestNewFencesDataDir(t *testing.T) {
	runner, err := sandbox.New(sandbox.Options{Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer runner.Close()
	dir := filepath.Join(t.TempDir(), "judge")
	if _, err := judge.New(judge.Config{DataDir: dir, Runner: runner}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatalf("no go.mod marker in the data dir: %v", err)
	}
	if len(data) == 0 {
		t.Fatal("empty go.mod marker")
	}
}
