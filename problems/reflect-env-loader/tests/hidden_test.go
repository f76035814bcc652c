package envload_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"goprep.local/envload"
)

type Level string

type base struct {
	Debug   bool          `env:"DEBUG"`
	Timeout time.Duration `env:"TIMEOUT"`
}

type Common struct {
	Region string `env:"REGION"`
}

type DB struct {
	Host  string `env:"DB_HOST,required"`
	Port  int    `env:"DB_PORT"`
	Inner struct {
		Pool uint8 `env:"DB_POOL"`
	}
}

type Config struct {
	base
	Common
	Name    string   `env:"NAME"`
	Level   Level    `env:"LEVEL"`
	Small   int8     `env:"SMALL"`
	Big     int64    `env:"BIG"`
	Workers uint16   `env:"WORKERS"`
	Ratio   float64  `env:"RATIO"`
	Ratio32 float32  `env:"RATIO32"`
	Tags    []string `env:"TAGS"`
	DB      DB
	secret  string `env:"SECRET"`
	Note    string
	Ptr     *int
}

var full = map[string]string{
	"DEBUG": "true", "TIMEOUT": "1m30s", "REGION": "eu", "NAME": "shop", "LEVEL": "warn",
	"SMALL": "-128", "BIG": "9223372036854775807", "WORKERS": "65535", "RATIO": "0.25",
	"RATIO32": "1.5", "TAGS": " a, b ,,c ", "DB_HOST": "db.local", "DB_PORT": "5432",
	"DB_POOL": "255", "SECRET": "hunter2",
}

func with(changes map[string]string, drop ...string) func(string) (string, bool) {
	m := make(map[string]string)
	for k, v := range full {
		m[k] = v
	}
	for k, v := range changes {
		m[k] = v
	}
	for _, k := range drop {
		delete(m, k)
	}
	return env(m)
}

func TestHiddenFullLoad(t *testing.T) {
	n := 7
	cfg := Config{Note: "kept", Ptr: &n}
	if err := envload.Load(&cfg, with(nil)); err != nil {
		t.Fatal(err)
	}
	want := Config{
		base:   base{Debug: true, Timeout: 90 * time.Second},
		Common: Common{Region: "eu"},
		Name:   "shop", Level: "warn", Small: -128, Big: 1<<63 - 1, Workers: 65535,
		Ratio: 0.25, Ratio32: 1.5, Tags: []string{"a", "b", "c"},
		DB:   DB{Host: "db.local", Port: 5432},
		Note: "kept", Ptr: &n,
	}
	want.DB.Inner.Pool = 255
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got  %+v\nwant %+v", cfg, want)
	}
}

func TestHiddenDefaultsKept(t *testing.T) {
	cfg := Config{Name: "default", Small: 3, Tags: []string{"x"}}
	cfg.Timeout = time.Second
	if err := envload.Load(&cfg, env(map[string]string{"DB_HOST": "h"})); err != nil {
		t.Fatal(err)
	}
	if cfg.Name != "default" || cfg.Small != 3 || cfg.Timeout != time.Second || len(cfg.Tags) != 1 || cfg.DB.Host != "h" {
		t.Fatalf("unset variables must leave fields alone; got %+v", cfg)
	}
}

func TestHiddenEmptyValues(t *testing.T) {
	cfg := Config{Name: "default", Tags: []string{"x"}}
	if err := envload.Load(&cfg, env(map[string]string{"DB_HOST": "h", "NAME": "", "TAGS": ""})); err != nil {
		t.Fatal(err)
	}
	if cfg.Name != "" || len(cfg.Tags) != 0 {
		t.Fatalf("a variable set to \"\" must set the field: Name=%q Tags=%q", cfg.Name, cfg.Tags)
	}
}

func TestHiddenFieldErrors(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]string
		drop    []string
		path    string
		varName string
		target  error
	}{
		{"missing nested required", nil, []string{"DB_HOST"}, "DB.Host", "DB_HOST", envload.ErrMissing},
		{"bad bool", map[string]string{"DEBUG": "maybe"}, nil, "Debug", "DEBUG", envload.ErrParse},
		{"bad duration", map[string]string{"TIMEOUT": "5"}, nil, "Timeout", "TIMEOUT", envload.ErrParse},
		{"int8 overflow", map[string]string{"SMALL": "200"}, nil, "Small", "SMALL", envload.ErrParse},
		{"int8 underflow", map[string]string{"SMALL": "-129"}, nil, "Small", "SMALL", envload.ErrParse},
		{"int64 overflow", map[string]string{"BIG": "9223372036854775808"}, nil, "Big", "BIG", envload.ErrParse},
		{"uint16 overflow", map[string]string{"WORKERS": "65536"}, nil, "Workers", "WORKERS", envload.ErrParse},
		{"negative uint", map[string]string{"WORKERS": "-1"}, nil, "Workers", "WORKERS", envload.ErrParse},
		{"bad float", map[string]string{"RATIO": "1/4"}, nil, "Ratio", "RATIO", envload.ErrParse},
		{"float32 overflow", map[string]string{"RATIO32": "1e39"}, nil, "Ratio32", "RATIO32", envload.ErrParse},
		{"bad nested int", map[string]string{"DB_PORT": "http"}, nil, "DB.Port", "DB_PORT", envload.ErrParse},
		{"uint8 overflow two levels down", map[string]string{"DB_POOL": "256"}, nil, "DB.Inner.Pool", "DB_POOL", envload.ErrParse},
		{"first error wins", map[string]string{"SMALL": "x", "DB_PORT": "y"}, nil, "Small", "SMALL", envload.ErrParse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg Config
			err := envload.Load(&cfg, with(tt.changes, tt.drop...))
			var fe *envload.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Load = %v, want a *FieldError", err)
			}
			if fe.Path != tt.path || fe.Var != tt.varName {
				t.Errorf("FieldError{Path: %q, Var: %q}, want {%q, %q}", fe.Path, fe.Var, tt.path, tt.varName)
			}
			if !errors.Is(err, tt.target) {
				t.Errorf("Load = %v, want errors.Is(err, %v)", err, tt.target)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("message %q does not name the path %q", err.Error(), tt.path)
			}
		})
	}
}

func TestHiddenUnsupported(t *testing.T) {
	var cfg struct {
		M map[string]int `env:"M"`
	}
	err := envload.Load(&cfg, env(map[string]string{"M": "a=1"}))
	var fe *envload.FieldError
	if !errors.Is(err, envload.ErrUnsupported) || !errors.As(err, &fe) || fe.Path != "M" {
		t.Fatalf("Load into a map field = %v, want a FieldError for M wrapping ErrUnsupported", err)
	}
	var ints struct {
		IDs []int `env:"IDS"`
	}
	if err := envload.Load(&ints, env(map[string]string{"IDS": "1,2"})); !errors.Is(err, envload.ErrUnsupported) {
		t.Fatalf("Load into []int = %v, want ErrUnsupported", err)
	}
}

func TestHiddenInvalidTargets(t *testing.T) {
	var nilCfg *Config
	n := 3
	for _, dst := range []any{nil, Config{}, &n, nilCfg, "x", &[]string{}} {
		if err := envload.Load(dst, env(full)); !errors.Is(err, envload.ErrInvalidTarget) {
			t.Errorf("Load(%T) = %v, want ErrInvalidTarget", dst, err)
		}
	}
}

func TestHiddenUnexportedIgnored(t *testing.T) {
	var cfg Config
	if err := envload.Load(&cfg, with(nil)); err != nil {
		t.Fatal(err)
	}
	if cfg.secret != "" {
		t.Fatalf("unexported field secret was set to %q", cfg.secret)
	}
}

func TestHiddenEmbeddedPaths(t *testing.T) {
	var cfg Config
	err := envload.Load(&cfg, with(map[string]string{"TIMEOUT": "soon"}))
	var fe *envload.FieldError
	if !errors.As(err, &fe) || fe.Path != "Timeout" {
		t.Fatalf("Load = %v, want a FieldError with Path \"Timeout\" (promoted from the embedded struct)", err)
	}
}
