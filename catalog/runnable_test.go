package catalog_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/judge/sandbox"
)

// TestKBRunnableExamples builds every "go run" example of the knowledge base
// and runs it in the judge's sandbox: an entry whose example no longer prints
// what the entry claims fails the build.
func TestKBRunnableExamples(t *testing.T) {
	entries, err := catalog.LoadKB(os.DirFS("../kb"))
	if err != nil {
		t.Fatal(err)
	}
	var examples []catalog.Example
	for _, e := range entries {
		xs, err := catalog.Examples(e)
		if err != nil {
			t.Error(err)
			continue
		}
		examples = append(examples, xs...)
	}
	if len(examples) == 0 {
		t.Fatal("the knowledge base has no runnable examples")
	}
	// The examples are our own code, so a host without isolation may run them
	// unisolated; where isolation exists they run exactly as a submission would.
	runner, err := sandbox.New(sandbox.Options{Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { runner.Close() })
	t.Logf("%d runnable examples, sandbox level %s", len(examples), runner.Level())

	for _, x := range examples {
		t.Run(x.Name(), func(t *testing.T) {
			t.Parallel()
			src := t.TempDir()
			write(t, filepath.Join(src, "go.mod"), "module example\n\ngo 1.26\n")
			write(t, filepath.Join(src, "main.go"), x.Code)
			work := t.TempDir()
			build := exec.Command("go", "build", "-o", filepath.Join(work, "prog"), ".")
			build.Dir = src
			build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			res, err := runner.Run(ctx, sandbox.Spec{
				Path:    filepath.Join(work, "prog"),
				WorkDir: work,
				Limits:  sandbox.Limits{WallTime: 20 * time.Second, CPUTime: 20 * time.Second},
			})
			if err != nil {
				t.Fatalf("sandbox: %v", err)
			}
			if res.Status != sandbox.StatusOK {
				t.Fatalf("run ended %s (exit %d)\nstderr:\n%s", res.Status, res.ExitCode, res.Stderr)
			}
			if got := string(res.Stdout); got != x.Output {
				t.Errorf("output differs from the entry's claim\n--- entry says:\n%s--- program printed:\n%s", x.Output, got)
			}
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
