package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// config is every setting of the subcommands. Each comes from its default,
// then its GOPREP_* environment variable, then its flag: the later wins.
type config struct {
	Addr              string
	DB                string
	DataDir           string
	JWTSecret         string
	CORSOrigins       []string
	TrustedProxies    []string
	PublicURL         string
	LogLevel          slog.Level
	Workers           int
	ProblemsDir       string
	KBDir             string
	JudgeData         string
	InsecureNoSandbox bool
}

// option is one setting: its flag, its environment variable, its default
// (as the text a user would type) and how to store a value.
type option struct {
	flag, env, def, usage string
	isBool                bool
	set                   func(c *config, v string) error
}

// options lists every setting; a command picks the ones it uses by flag name.
var options = []option{
	{flag: "addr", env: "GOPREP_ADDR", def: ":8080", usage: "listen address of the HTTP server",
		set: func(c *config, v string) error { c.Addr = v; return nonEmpty(v) }},
	{flag: "db", env: "GOPREP_DB", def: "./data/goprep.db", usage: "database: a SQLite file path, or postgres://user:pass@host/db",
		set: func(c *config, v string) error { c.DB = v; return nonEmpty(v) }},
	{flag: "data-dir", env: "GOPREP_DATA_DIR", def: "", usage: "directory for generated state (the JWT secret when none is given); empty: the SQLite file's directory, or ./data",
		set: func(c *config, v string) error { c.DataDir = v; return nil }},
	{flag: "jwt-secret", env: "GOPREP_JWT_SECRET", def: "", usage: "HS256 secret for access tokens, at least 32 bytes; empty: generate one into the data dir",
		set: func(c *config, v string) error { c.JWTSecret = v; return nil }},
	{flag: "cors-origins", env: "GOPREP_CORS_ORIGINS", def: "", usage: "comma-separated origins allowed to call the API from a browser (* for any)",
		set: func(c *config, v string) error { c.CORSOrigins = splitList(v); return nil }},
	{flag: "trusted-proxies", env: "GOPREP_TRUSTED_PROXIES", def: "", usage: "comma-separated proxy IPs/CIDRs whose X-Forwarded-For is believed",
		set: func(c *config, v string) error { c.TrustedProxies = splitList(v); return nil }},
	{flag: "public-url", env: "GOPREP_PUBLIC_URL", def: "", usage: "base URL people open the web UI at, for links the API hands out (invitations); empty: the request's scheme and host",
		set: func(c *config, v string) error { c.PublicURL = v; return checkPublicURL(v) }},
	{flag: "log-level", env: "GOPREP_LOG_LEVEL", def: "info", usage: "log level: debug, info, warn or error",
		set: func(c *config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
	{flag: "workers", env: "GOPREP_WORKERS", def: "0", usage: "judge workers; 0 means one per CPU, -1 runs no judge in this process (run goprep judge elsewhere)",
		set: func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < -1 {
				return errors.New("must be an integer, -1 or more")
			}
			c.Workers = n
			return nil
		}},
	{flag: "problems-dir", env: "GOPREP_PROBLEMS_DIR", def: "./problems", usage: "the problem catalog directory",
		set: func(c *config, v string) error { c.ProblemsDir = v; return nonEmpty(v) }},
	{flag: "kb-dir", env: "GOPREP_KB_DIR", def: "./kb", usage: "the knowledge-base directory",
		set: func(c *config, v string) error { c.KBDir = v; return nonEmpty(v) }},
	{flag: "judge-data", env: "GOPREP_JUDGE_DATA", def: "", usage: "the judge's build cache, module cache and work dirs; empty: judge/ in the data dir",
		set: func(c *config, v string) error { c.JudgeData = v; return nil }},
	{flag: "insecure-no-sandbox", env: "GOPREP_INSECURE_NO_SANDBOX", def: "false", isBool: true,
		usage: "run submissions without isolation where the host cannot sandbox (never on a shared server)",
		set: func(c *config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("must be true or false")
			}
			c.InsecureNoSandbox = b
			return nil
		}},
}

func nonEmpty(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("must not be empty")
	}
	return nil
}

// checkPublicURL accepts "" or an absolute http(s) URL with no query or
// fragment.
func checkPublicURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("must be an http(s) URL such as https://goprep.example.com")
	}
	return nil
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func findOption(name string) option {
	for _, o := range options {
		if o.flag == name {
			return o
		}
	}
	panic("goprep: no option " + name)
}

// errHelp is returned by parseConfig after printing the help.
var errHelp = flag.ErrHelp

// cmdFlags is a command's flag set over a config.
type cmdFlags struct {
	fs   *flag.FlagSet
	cfg  *config
	opts []option
	// synopsis is the first line of the help; notes follow it (the
	// command's own arguments and flags).
	synopsis string
	notes    []string
}

// newCmdFlags makes the flag set of command name with the shared options
// named in use. The config holds the defaults overridden by the environment
// (lookupEnv) already; parse applies the flags on top.
func newCmdFlags(name, synopsis string, lookupEnv func(string) (string, bool), use ...string) (*cmdFlags, error) {
	cf := &cmdFlags{fs: flag.NewFlagSet(name, flag.ContinueOnError), cfg: &config{}}
	cf.fs.SetOutput(io.Discard)
	for _, n := range use {
		o := findOption(n)
		cf.opts = append(cf.opts, o)
		if err := o.set(cf.cfg, o.def); err != nil && o.def != "" {
			panic(fmt.Sprintf("goprep: default of --%s: %v", o.flag, err))
		}
		if v, ok := lookupEnv(o.env); ok {
			if err := o.set(cf.cfg, v); err != nil {
				return nil, fmt.Errorf("%s=%q: %v", o.env, v, err)
			}
		}
		set := func(v string) error { return o.set(cf.cfg, v) }
		if o.isBool {
			cf.fs.BoolFunc(o.flag, o.usage, set)
		} else {
			cf.fs.Func(o.flag, o.usage, set)
		}
	}
	cf.fs.Usage = func() {}
	cf.synopsis = synopsis
	return cf, nil
}

// usage writes the command's help: the synopsis, then every flag with its
// environment variable and default.
func (cf *cmdFlags) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n", cf.synopsis)
	if len(cf.notes) > 0 {
		fmt.Fprintln(w)
		for _, l := range cf.notes {
			fmt.Fprintln(w, l)
		}
	}
	if len(cf.opts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags (each can also be set by its environment variable; a flag wins):")
	for _, o := range cf.opts {
		arg := " VALUE"
		if o.isBool {
			arg = ""
		}
		def := o.def
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(w, "  --%s%s\n      %s\n      env %s, default %s\n", o.flag, arg, o.usage, o.env, def)
	}
}

// parse applies the flags in args. On --help it writes the usage to stdout
// and returns errHelp; on a bad flag it writes the error and the usage to
// stderr.
func (cf *cmdFlags) parse(args []string, stdout, stderr io.Writer) error {
	err := cf.fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		cf.usage(stdout)
		return errHelp
	case err != nil:
		fmt.Fprintf(stderr, "goprep %s: %v\n\n", cf.fs.Name(), err)
		cf.usage(stderr)
		return err
	}
	return nil
}

// exitCode turns a parse error into the command's exit code.
func exitCode(err error) int {
	if errors.Is(err, errHelp) {
		return 0
	}
	return 2
}

// newLogger makes the JSON logger every command writes to.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// lookupEnv is how commands read the environment (tests use t.Setenv).
var lookupEnv = os.LookupEnv

// dataDir is the directory for generated state: --data-dir, else the
// directory of the SQLite database, else ./data.
func (c *config) dataDir() string {
	if c.DataDir != "" {
		return c.DataDir
	}
	dsn := c.DB
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "./data"
	}
	dsn = strings.TrimPrefix(dsn, "sqlite://")
	dsn = strings.TrimPrefix(strings.TrimPrefix(dsn, "file:"), "//")
	dsn, _, _ = strings.Cut(dsn, "?")
	if dsn == "" {
		return "./data"
	}
	return filepath.Dir(dsn)
}
