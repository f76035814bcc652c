package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery", DefaultPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("hash %q is not PHC argon2id", h)
	}
	h2, _ := HashPassword("correct horse battery", DefaultPasswordParams)
	if h == h2 {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"correct horse batterY", false}, {"", false}} {
		ok, err := CheckPassword(tt.pw, h)
		if err != nil || ok != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	// Parameters are read from the hash, so old hashes keep working when the
	// defaults change.
	cheap, _ := HashPassword("pw", PasswordParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if ok, err := CheckPassword("pw", cheap); !ok || err != nil {
		t.Errorf("cheap hash: %v %v", ok, err)
	}
	for _, bad := range []string{
		"", "plain", "$2a$10$bcrypthash",
		"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$",
		"$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1,x=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5",
	} {
		if ok, err := CheckPassword("pw", bad); ok || err == nil {
			t.Errorf("CheckPassword(malformed %q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

func TestKeyedLimiterBoundedMemory(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newKeyedLimiter(RateLimit{Every: time.Minute, Burst: 2}, 3)
	for i := range 2 {
		if ok, _ := l.allow("a", now); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	ok, wait := l.allow("a", now)
	if ok || wait <= 0 || wait > time.Minute {
		t.Fatalf("third attempt: ok=%v wait=%v", ok, wait)
	}
	if got := retrySeconds(wait); got != 60 {
		t.Errorf("retrySeconds(%v) = %d, want 60", wait, got)
	}
	// A refused attempt does not push the wait further out.
	if _, wait2 := l.allow("a", now); wait2 != wait {
		t.Errorf("refusal consumed a token: wait %v then %v", wait, wait2)
	}
	// After the refill interval one more is allowed.
	if ok, _ := l.allow("a", now.Add(time.Minute)); !ok {
		t.Errorf("not refilled after a minute")
	}
	// Many keys: the map never grows past its bound, and a key still being
	// limited survives while others that refilled are dropped.
	for i := range 100 {
		l.allow(string(rune('A'+i)), now.Add(time.Duration(i)*time.Hour))
		if n := l.len(); n > 3 {
			t.Fatalf("limiter holds %d keys, bound is 3", n)
		}
	}
}

func TestLoadOrCreateSecret(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s1, created, err := LoadOrCreateSecret(dir)
	if err != nil || !created || len(s1) < MinJWTSecretLen {
		t.Fatalf("create: %q %v %v", s1, created, err)
	}
	fi, err := os.Stat(filepath.Join(dir, secretFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode: %v %v", fi, err)
	}
	s2, created, err := LoadOrCreateSecret(dir)
	if err != nil || created || string(s1) != string(s2) {
		t.Fatalf("reload: created=%v err=%v same=%v", created, err, string(s1) == string(s2))
	}
	if err := os.Chmod(filepath.Join(dir, secretFileName), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateSecret(dir); err == nil {
		t.Errorf("a world-readable secret was accepted")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
