package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Tokens are the credentials of a session. Access alone (an API key or an
// access token) is a static credential; with Refresh, the client renews
// Access when it expires or the server refuses it.
type Tokens struct {
	Access  string    `json:"access_token,omitempty"`
	Refresh string    `json:"refresh_token,omitempty"`
	Expiry  time.Time `json:"expires_at,omitzero"`
}

// Client calls one GoPrep server. Its methods are safe for concurrent use.
type Client struct {
	base string // scheme://host[:port][/prefix], without /api/v1
	http *http.Client

	// OnTokens, when set, is called with the new tokens after a login or a
	// refresh (refresh tokens rotate: the old one is now spent). An error
	// from it is returned by the call that refreshed.
	OnTokens func(Tokens) error
	// StaticTokenHint, when set, is the advice given when the server
	// refuses a static token (one without a refresh token), e.g. which
	// environment variable it came from.
	StaticTokenHint string

	// refreshing serializes refreshes: a refresh token is good once, so
	// two calls that find the access token stale must not both spend it.
	refreshing sync.Mutex
	mu         sync.Mutex
	tokens     Tokens
	now        func() time.Time
}

// New returns a client of the server at base (e.g. http://localhost:8080)
// with the given credentials (zero Tokens: anonymous).
func New(base string, t Tokens) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server URL %q: want http://host[:port] or https://host", base)
	}
	u.RawQuery, u.Fragment = "", ""
	return &Client{base: strings.TrimSuffix(u.String(), "/"), http: &http.Client{}, tokens: t, now: time.Now}, nil
}

// BaseURL is the server's URL.
func (c *Client) BaseURL() string { return c.base }

// Tokens returns the current credentials.
func (c *Client) Tokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// requestTimeout bounds one ordinary call (not an event stream).
const requestTimeout = 30 * time.Second

// call is one request: its method, path under /api/v1, JSON body, and
// whether it carries the credentials.
type call struct {
	method, path string
	body         any
	auth         bool
}

// do sends the call and decodes a 2xx JSON answer into out (nil: discard).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	res, err := c.send(ctx, cl, "")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if out == nil || res.StatusCode == http.StatusNoContent {
		io.Copy(io.Discard, io.LimitReader(res.Body, maxErrorBody))
		return nil
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer from %s: %w", cl.method, cl.path, c.base, err)
	}
	return nil
}

// send makes the request; on a 401 with a refresh token at hand it renews
// the access token once and sends again. It returns 2xx responses (the
// caller closes the body) and turns the rest into *Error.
func (c *Client) send(ctx context.Context, cl call, accept string) (*http.Response, error) {
	var body []byte
	if cl.body != nil {
		var err error
		if body, err = json.Marshal(cl.body); err != nil {
			return nil, err
		}
	}
	refreshed := false
	if cl.auth {
		t := c.Tokens()
		if t.Refresh != "" && (t.Access == "" || (!t.Expiry.IsZero() && c.now().After(t.Expiry.Add(-10*time.Second)))) {
			if err := c.refresh(ctx, t.Refresh); err != nil {
				return nil, err
			}
			refreshed = true
		}
	}
	for {
		req, err := http.NewRequestWithContext(ctx, cl.method, c.base+"/api/v1"+cl.path, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if accept == "" {
			accept = "application/json"
		}
		req.Header.Set("Accept", accept)
		req.Header.Set("User-Agent", "goprep-cli")
		var t Tokens
		if cl.auth {
			t = c.Tokens()
			if t.Access != "" {
				req.Header.Set("Authorization", "Bearer "+t.Access)
			}
		}
		res, err := c.http.Do(req)
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil, ctx.Err()
			}
			return nil, &ConnError{URL: c.base, Err: unwrapURLError(err)}
		}
		if res.StatusCode >= 200 && res.StatusCode < 300 {
			return res, nil
		}
		e := readError(res)
		res.Body.Close()
		if e.Status == http.StatusUnauthorized && cl.auth && t.Refresh != "" && !refreshed {
			if err := c.refresh(ctx, t.Refresh); err != nil {
				return nil, err
			}
			refreshed = true
			continue
		}
		switch {
		case e.Status != http.StatusUnauthorized || !cl.auth:
		case t.Access == "":
			e.Hint = "You are not signed in: run `goprep login`, or set GOPREP_TOKEN to an API key."
		case t.Refresh == "" && c.StaticTokenHint != "":
			e.Hint = c.StaticTokenHint
		}
		return nil, e
	}
}

// unwrapURLError drops the "Get "http://…":" prefix a *url.Error adds.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// tokenResponse is the answer of /auth/login and /auth/refresh.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
}

func (c *Client) setTokens(r *tokenResponse) error {
	t := Tokens{Access: r.AccessToken, Refresh: r.RefreshToken}
	if r.ExpiresIn > 0 {
		t.Expiry = c.now().Add(time.Duration(r.ExpiresIn) * time.Second)
	}
	c.mu.Lock()
	c.tokens = t
	c.mu.Unlock()
	if c.OnTokens != nil {
		return c.OnTokens(t)
	}
	return nil
}

// refresh trades the refresh token seen for a new pair, unless another call
// did so meanwhile.
func (c *Client) refresh(ctx context.Context, seen string) error {
	c.refreshing.Lock()
	defer c.refreshing.Unlock()
	if c.Tokens().Refresh != seen {
		return nil
	}
	var r tokenResponse
	err := c.do(ctx, call{method: "POST", path: "/auth/refresh", body: map[string]string{"refresh_token": seen}}, &r)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusUnauthorized {
		e.Hint = "Your session expired or was revoked: run `goprep login` again."
		return e
	}
	if err != nil {
		return err
	}
	return c.setTokens(&r)
}

// Login signs in with a password and keeps the session's tokens.
func (c *Client) Login(ctx context.Context, email, password string) (Tokens, error) {
	var r tokenResponse
	err := c.do(ctx, call{method: "POST", path: "/auth/login", body: map[string]string{"email": email, "password": password}}, &r)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusUnauthorized {
		e.Hint = "Check the email and password and try again (`goprep login --email …`)."
	}
	if err != nil {
		return Tokens{}, err
	}
	if err := c.setTokens(&r); err != nil {
		return Tokens{}, err
	}
	return c.Tokens(), nil
}

// Logout revokes the session of the refresh token (and every token rotated
// from it) and forgets the tokens.
func (c *Client) Logout(ctx context.Context) error {
	t := c.Tokens()
	if t.Refresh == "" {
		return nil
	}
	if err := c.do(ctx, call{method: "POST", path: "/auth/logout", body: map[string]string{"refresh_token": t.Refresh}}, nil); err != nil {
		return err
	}
	c.mu.Lock()
	c.tokens = Tokens{}
	c.mu.Unlock()
	return nil
}
