package catalog_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

	// One module, one go build for all examples: a package per example.
	src, bin := t.TempDir(), t.TempDir()
	write(t, filepath.Join(src, "go.mod"), "module examples\n\ngo 1.26\n")
	for i, x := range examples {
		dir := filepath.Join(src, fmt.Sprintf("x%03d", i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "main.go"), x.Code)
	}
	build := exec.Command("go", "build", "-o", bin+"/", "./...")
	build.Dir = src
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		msg := string(out)
		for i, x := range examples {
			msg = strings.ReplaceAll(msg, fmt.Sprintf("x%03d/", i), x.Name()+": ")
		}
		t.Fatalf("building the examples failed: %v\n%s", err, msg)
	}
	for i, x := range examples {
		t.Run(x.Name(), func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			data, err := os.ReadFile(filepath.Join(bin, fmt.Sprintf("x%03d", i)))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(work, "prog"), string(data))
			if err := os.Chmod(filepath.Join(work, "prog"), 0o755); err != nil {
				t.Fatal(err)
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
