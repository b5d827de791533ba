// Package token issues and verifies the platform's short-lived access tokens:
// EdDSA (Ed25519) JWTs signed with a keyring kept in MongoDB, rotated on a
// schedule, and published as a JWKS so other services can verify them too.
package token

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/kit/apperr"
)

// Defaults applied by NewKeyring to a zero Config field.
const (
	DefaultTTL         = 15 * time.Minute
	DefaultRotateAfter = 30 * 24 * time.Hour
)

// leeway tolerates clock skew between the issuing and the verifying process.
const leeway = 30 * time.Second

// signingAlg is the only JWS algorithm issued and accepted.
const signingAlg = "EdDSA"

// invalidTokenMessage is the one answer clients get, whatever the reason, so a
// failed verification reveals nothing about the keyring.
const invalidTokenMessage = "the access token is invalid or expired"

// Config sets the claims every token carries and how long tokens and keys live.
type Config struct {
	Issuer      string        // the iss claim, required
	Audience    string        // the aud claim, required
	TTL         time.Duration // access token lifetime; 0 means DefaultTTL
	RotateAfter time.Duration // age at which the signing key is replaced; 0 means DefaultRotateAfter
}

func (c Config) withDefaults() (Config, error) {
	if c.Issuer == "" || c.Audience == "" {
		return c, errors.New("token config: issuer and audience are required")
	}
	if c.TTL < 0 || c.RotateAfter < 0 {
		return c, errors.New("token config: TTL and RotateAfter must not be negative")
	}
	if c.TTL == 0 {
		c.TTL = DefaultTTL
	}
	if c.RotateAfter == 0 {
		c.RotateAfter = DefaultRotateAfter
	}
	return c, nil
}

// Claims are the verified contents of an access token.
type Claims struct {
	Subject   string // the user id
	Admin     bool   // a platform administrator
	SessionID string // the session (sid) the token belongs to; empty in tokens issued outside a session
	ID        string // the token's unique id (jti)
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// accessClaims is the JWT payload: the registered claims plus adm and sid
// (the session, as in OpenID Connect's sid claim).
type accessClaims struct {
	jwt.RegisteredClaims
	Admin     bool   `json:"adm,omitempty"`
	SessionID string `json:"sid,omitempty"`
}

var (
	errNoKeyID    = errors.New("token header has no kid")
	errUnknownKey = errors.New("no signing key with this kid")
	errKeyExpired = errors.New("signing key is no longer verifiable")
)

// invalidToken wraps the precise reason a token was refused in the one public
// Unauthorized answer.
func invalidToken(reason error) error {
	return &apperr.Error{
		Kind:   apperr.Unauthorized,
		Code:   "invalid-token",
		Detail: invalidTokenMessage,
		Err:    fmt.Errorf("verify access token: %w", reason),
	}
}
