package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/goprep/goprep"
)

// The fixed claims and lifetimes of access tokens.
const (
	TokenIssuer    = "goprep"
	TokenAudience  = "goprep-api"
	AccessTokenTTL = 15 * time.Minute
	// RefreshTokenTTL is how long a refresh token stays usable.
	RefreshTokenTTL = 30 * 24 * time.Hour
	// tokenLeeway tolerates small clock skew on exp, nbf and iat.
	tokenLeeway = 30 * time.Second
	// MinJWTSecretLen is the shortest HS256 secret accepted (256 bits).
	MinJWTSecretLen = 32
)

// accessClaims are the claims of an access token.
type accessClaims struct {
	Role goprep.Role `json:"role"`
	jwt.RegisteredClaims
}

// tokens issues and verifies access tokens with one HS256 secret.
type tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

func newTokens(secret []byte, ttl time.Duration, now func() time.Time) *tokens {
	return &tokens{
		secret: secret,
		ttl:    ttl,
		now:    now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(TokenIssuer),
			jwt.WithAudience(TokenAudience),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithLeeway(tokenLeeway),
			jwt.WithTimeFunc(now),
		),
	}
}

// issue signs an access token for u.
func (t *tokens) issue(u *goprep.User) (string, error) {
	now := t.now()
	claims := accessClaims{
		Role: u.Role,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    TokenIssuer,
			Subject:   strconv.FormatInt(u.ID, 10),
			Audience:  jwt.ClaimStrings{TokenAudience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
			ID:        randomHex(16),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return s, nil
}

// verify checks an access token's signature, algorithm and claims and
// returns the user id it names. Every failure is EUNAUTHORIZED with a message
// that says which kind of failure it was, never the token's content.
func (t *tokens) verify(raw string) (int64, error) {
	var claims accessClaims
	_, err := t.parser.ParseWithClaims(raw, &claims, func(tok *jwt.Token) (any, error) {
		// WithValidMethods already pins HS256; this is a second lock.
		if tok.Method != jwt.SigningMethodHS256 {
			return nil, errors.New("unexpected signing method")
		}
		return t.secret, nil
	})
	if err != nil {
		msg := "The access token is invalid."
		if errors.Is(err, jwt.ErrTokenExpired) {
			msg = "The access token has expired."
		}
		return 0, goprep.Errorf(goprep.EUNAUTHORIZED, "%s", msg)
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || id <= 0 {
		return 0, goprep.Errorf(goprep.EUNAUTHORIZED, "The access token is invalid.")
	}
	return id, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomToken returns 32 random bytes in unpadded base64url.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is the stored form of a refresh token or API key: hex SHA-256.
// The inputs carry 256 bits of randomness, so a fast hash is enough.
func hashToken(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// secretFileName is the file in the data directory that holds a generated
// JWT secret.
const secretFileName = "jwt-secret"

// LoadOrCreateSecret returns the JWT signing secret kept in dir, creating a
// random one (0600, in a 0700 directory) when there is none. created reports
// whether it was generated now. A secret file readable by others is an error.
func LoadOrCreateSecret(dir string) (secret []byte, created bool, err error) {
	path := filepath.Join(dir, secretFileName)
	if b, err := os.ReadFile(path); err == nil {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, false, err
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("jwt secret %s is accessible by other users (mode %v); chmod 600 it", path, fi.Mode().Perm())
		}
		s := strings.TrimSpace(string(b))
		if len(s) < MinJWTSecretLen {
			return nil, false, fmt.Errorf("jwt secret %s is shorter than %d bytes", path, MinJWTSecretLen)
		}
		return []byte(s), false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("read jwt secret: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create data dir: %w", err)
	}
	// Write the secret to a temporary file, then link it into place: the link
	// fails if another process got there first, and nobody ever reads a
	// half-written secret.
	s := randomToken() + randomToken()
	tmp, err := os.CreateTemp(dir, ".jwt-secret-*")
	if err != nil {
		return nil, false, fmt.Errorf("create jwt secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("create jwt secret: %w", err)
	}
	if _, err := tmp.WriteString(s + "\n"); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("write jwt secret: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, fmt.Errorf("write jwt secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return LoadOrCreateSecret(dir)
		}
		return nil, false, fmt.Errorf("install jwt secret: %w", err)
	}
	return []byte(s), true, nil
}
