package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goprep/goprep/internal/client"
)

// The commands that talk to a running server (login, logout, list, fetch,
// submit, submissions) find it and their credentials here: --server, else
// GOPREP_SERVER, else the server of the saved login, else defaultServer; and
// GOPREP_TOKEN (an API key gp_… or an access token), else the saved session
// when it is of that server.

// defaultServer is the server a client command uses when nothing names one.
const defaultServer = "http://localhost:8080"

// credentials is what `goprep login` saves: the server and the session's
// tokens (the refresh token rotates on every refresh, and is saved again).
type credentials struct {
	Server string `json:"server"`
	Email  string `json:"email,omitempty"`
	client.Tokens
}

// userConfigDir is os.UserConfigDir (tests point XDG_CONFIG_HOME elsewhere).
var userConfigDir = os.UserConfigDir

// credentialsPath is <user config dir>/goprep/credentials.json.
func credentialsPath() (string, error) {
	dir, err := userConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config directory: %w", err)
	}
	return filepath.Join(dir, "goprep", "credentials.json"), nil
}

// loadCredentials reads the saved login; (nil, nil) when there is none.
func loadCredentials() (*credentials, error) {
	path, err := credentialsPath()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v): run `goprep login` again", path, err)
	}
	return &c, nil
}

// saveCredentials writes c, readable by the user only (dir 0700, file
// 0600), replacing the file atomically.
func saveCredentials(c *credentials) (string, error) {
	path, err := credentialsPath()
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".credentials-*.json")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp.Name(), path)
}

// removeCredentials deletes the saved login; no file is not an error.
func removeCredentials() (string, error) {
	path, err := credentialsPath()
	if err != nil {
		return "", err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return path, err
	}
	return path, nil
}

// serverURL picks the server: the flag, GOPREP_SERVER, the saved login's,
// the default.
func serverURL(flagValue string, saved *credentials) string {
	if flagValue != "" {
		return flagValue
	}
	if v, ok := lookupEnv("GOPREP_SERVER"); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	if saved != nil && saved.Server != "" {
		return saved.Server
	}
	return defaultServer
}

// sameServer compares server URLs, ignoring a trailing slash.
func sameServer(a, b string) bool {
	return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}

// remote is a client of the chosen server with the credentials that apply
// to it.
type remote struct {
	*client.Client
	// signedIn says whether the client carries credentials; how says
	// which ("GOPREP_TOKEN" or the credentials file).
	signedIn bool
	how      string
}

// newRemote makes the client of a command. The saved session's refresh
// token is only ever sent to the server it came from; when it rotates, the
// new tokens are saved.
func newRemote(flagServer string) (*remote, error) {
	saved, err := loadCredentials()
	if err != nil {
		return nil, err
	}
	server := serverURL(flagServer, saved)
	var tok client.Tokens
	r := &remote{}
	if v, ok := lookupEnv("GOPREP_TOKEN"); ok && strings.TrimSpace(v) != "" {
		tok = client.Tokens{Access: strings.TrimSpace(v)}
		r.signedIn, r.how = true, "GOPREP_TOKEN"
	} else if saved != nil && sameServer(saved.Server, server) && saved.Refresh != "" {
		tok = saved.Tokens
		r.signedIn, r.how = true, "the saved login"
	}
	c, err := client.New(server, tok)
	if err != nil {
		return nil, usageError{err}
	}
	if r.how == "GOPREP_TOKEN" {
		c.StaticTokenHint = "GOPREP_TOKEN was refused: set it to a valid API key (gp_…) or access token, or unset it to use your `goprep login` session."
	}
	if r.how == "the saved login" {
		c.OnTokens = func(t client.Tokens) error {
			saved.Tokens = t
			_, err := saveCredentials(saved)
			return err
		}
	}
	r.Client = c
	return r, nil
}

// usageError marks an error of the command line or the local files: exit 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// clientExit reports err on stderr as "goprep <cmd>: …" and returns the
// exit code: 2 for usage errors and servers that cannot be reached, 1 for
// what the server refused.
func clientExit(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "goprep %s: %v\n", cmd, err)
	var ue usageError
	var ce *client.ConnError
	if errors.As(err, &ue) || errors.As(err, &ce) {
		return 2
	}
	return 1
}
