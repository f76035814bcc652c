package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func envFrom(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Defaults, then the environment, then flags: the later wins.
func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want config
	}{
		{"Defaults", nil, nil, config{Addr: ":8080", DB: "./data/goprep.db", LogLevel: slog.LevelInfo,
			ProblemsDir: "./problems", KBDir: "./kb"}},
		{"Env", map[string]string{"GOPREP_ADDR": "127.0.0.1:9000", "GOPREP_DB": "postgres://u@h/db", "GOPREP_WORKERS": "3",
			"GOPREP_CORS_ORIGINS": "https://a.example, https://b.example,", "GOPREP_LOG_LEVEL": "debug", "GOPREP_INSECURE_NO_SANDBOX": "true", "GOPREP_JUDGE_DATA": "/env/judge",
			"GOPREP_PUBLIC_URL": "https://goprep.example.com/"}, nil,
			config{Addr: "127.0.0.1:9000", DB: "postgres://u@h/db", Workers: 3, CORSOrigins: []string{"https://a.example", "https://b.example"},
				LogLevel: slog.LevelDebug, InsecureNoSandbox: true, ProblemsDir: "./problems", KBDir: "./kb", JudgeData: "/env/judge",
				PublicURL: "https://goprep.example.com/"}},
		{"FlagsBeatEnv", map[string]string{"GOPREP_ADDR": "127.0.0.1:9000", "GOPREP_KB_DIR": "/env/kb", "GOPREP_INSECURE_NO_SANDBOX": "true", "GOPREP_JUDGE_DATA": "/env/judge"},
			[]string{"--addr", ":7000", "-kb-dir=/flag/kb", "--insecure-no-sandbox=false", "--jwt-secret", "s", "--judge-data", "/flag/judge", "--public-url", "http://127.0.0.1:8080"},
			config{Addr: ":7000", DB: "./data/goprep.db", KBDir: "/flag/kb", ProblemsDir: "./problems", JWTSecret: "s", LogLevel: slog.LevelInfo, JudgeData: "/flag/judge",
				PublicURL: "http://127.0.0.1:8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cf, err := newCmdFlags("serve", "goprep serve", envFrom(tt.env), serveOptions...)
			if err != nil {
				t.Fatal(err)
			}
			if err := cf.parse(tt.args, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, *cf.cfg); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := newCmdFlags("serve", "goprep serve", envFrom(map[string]string{"GOPREP_WORKERS": "many"}), serveOptions...); err == nil ||
		!strings.Contains(err.Error(), "GOPREP_WORKERS") {
		t.Errorf("bad env value: %v", err)
	}
	for _, args := range [][]string{{"--workers", "-2"}, {"--log-level", "loud"}, {"--addr", ""}, {"--nope"},
		{"--public-url", "goprep.example.com"}, {"--public-url", "ftp://h/x"}, {"--public-url", "https://h/?q=1"}} {
		cf, _ := newCmdFlags("serve", "goprep serve", envFrom(nil), serveOptions...)
		var stderr bytes.Buffer
		err := cf.parse(args, &bytes.Buffer{}, &stderr)
		if err == nil || exitCode(err) != 2 || !strings.Contains(stderr.String(), "Usage:") {
			t.Errorf("%v: err %v, stderr %q", args, err, stderr.String())
		}
	}
}

// serve --help names every flag with its environment variable and default.
func TestServeHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"serve", "--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	help := stdout.String()
	for _, o := range serveOptions {
		opt := findOption(o)
		if !strings.Contains(help, "--"+opt.flag) || !strings.Contains(help, "env "+opt.env+", default ") {
			t.Errorf("help lacks --%s / %s", opt.flag, opt.env)
		}
	}
	for _, want := range []string{"default :8080", "default ./data/goprep.db", "GOPREP_ADMIN_EMAIL"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestDataDir(t *testing.T) {
	for _, tt := range []struct{ dataDir, db, want string }{
		{"/srv/state", "/x/y.db", "/srv/state"},
		{"", "/var/lib/goprep/goprep.db", "/var/lib/goprep"},
		{"", "sqlite:///tmp/a/b.db?_x=1", "/tmp/a"},
		{"", "file:rel/dir/g.db", "rel/dir"},
		{"", "postgres://u@h/db", "./data"},
	} {
		c := config{DataDir: tt.dataDir, DB: tt.db}
		if got := c.dataDir(); got != tt.want {
			t.Errorf("dataDir(%q, %q) = %q, want %q", tt.dataDir, tt.db, got, tt.want)
		}
	}
}
