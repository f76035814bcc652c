package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateUpStatusDown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	goprep := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), args, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, out, errOut := goprep("migrate", "status", "--db", db)
	// Nothing applied yet: every row is pending, none has an RFC 3339 time.
	if code != 0 || !strings.Contains(out, "pending") || strings.Contains(out, "Z\n") {
		t.Fatalf("status before: %d %q %q", code, out, errOut)
	}
	pending := strings.Count(out, "pending")

	code, out, errOut = goprep("migrate", "up", "--db", db)
	if code != 0 || strings.Count(out, "applied ") != pending {
		t.Fatalf("up: %d %q %q (want %d applied)", code, out, errOut, pending)
	}
	// Flags first works too, and a second up has nothing to do.
	if code, out, _ = goprep("migrate", "--db", db, "up"); code != 0 || !strings.Contains(out, "no pending migrations") {
		t.Fatalf("second up: %d %q", code, out)
	}
	if code, out, _ = goprep("migrate", "status", "--db", db); code != 0 || strings.Contains(out, "pending") {
		t.Fatalf("status after up: %d %q", code, out)
	}
	code, out, _ = goprep("migrate", "down", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "rolled back ") {
		t.Fatalf("down: %d %q", code, out)
	}
	if _, out, _ = goprep("migrate", "status", "--db", db); strings.Count(out, "pending") != 1 {
		t.Fatalf("status after down, want one pending:\n%s", out)
	}
	for _, bad := range [][]string{{"migrate"}, {"migrate", "sideways"}, {"migrate", "up", "extra", "--db", db}} {
		if code, _, _ := goprep(bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
