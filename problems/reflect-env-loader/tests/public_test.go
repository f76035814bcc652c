package envload_test

import (
	"errors"
	"testing"
	"time"

	"goprep.local/envload"
)

type ExampleConfig struct {
	Name    string        `env:"APP_NAME,required"`
	Port    int           `env:"PORT"`
	Timeout time.Duration `env:"TIMEOUT"`
	DB      struct {
		Host string `env:"DB_HOST"`
	}
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadExample(t *testing.T) {
	cfg := ExampleConfig{Port: 8080}
	err := envload.Load(&cfg, env(map[string]string{"APP_NAME": "shop", "TIMEOUT": "5s", "DB_HOST": "db"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Name != "shop" || cfg.Port != 8080 || cfg.Timeout != 5*time.Second || cfg.DB.Host != "db" {
		t.Fatalf("got %+v", cfg)
	}
}

func TestLoadMissingRequired(t *testing.T) {
	var cfg ExampleConfig
	err := envload.Load(&cfg, env(nil))
	var fe *envload.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, envload.ErrMissing) || fe.Path != "Name" || fe.Var != "APP_NAME" {
		t.Fatalf("Load = %v, want a *FieldError for Name/APP_NAME wrapping ErrMissing", err)
	}
}
