package token

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/kit/auth"
)

// Issue signs an access token for p with the active key.
func (k *Keyring) Issue(p auth.Principal) (string, Claims, error) {
	if !p.Authenticated() {
		return "", Claims{}, errors.New("issue access token: the principal has no user id")
	}
	active := k.keys.Signer()
	id, err := randomTokenID()
	if err != nil {
		return "", Claims{}, err
	}
	// Claims keep the precision of the JWT's numeric dates: whole seconds.
	issuedAt := k.now().UTC().Truncate(jwt.TimePrecision)
	c := Claims{
		Subject:   p.UserID,
		Admin:     p.Admin,
		SessionID: p.SessionID,
		ID:        id,
		IssuedAt:  issuedAt,
		ExpiresAt: issuedAt.Add(k.cfg.TTL).Truncate(jwt.TimePrecision),
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    k.cfg.Issuer,
			Subject:   c.Subject,
			Audience:  jwt.ClaimStrings{k.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(c.ExpiresAt),
			IssuedAt:  jwt.NewNumericDate(c.IssuedAt),
			ID:        c.ID,
		},
		Admin:     c.Admin,
		SessionID: c.SessionID,
	})
	t.Header["kid"] = active.ID
	signed, err := t.SignedString(active.Private)
	if err != nil {
		return "", Claims{}, fmt.Errorf("issue access token: %w", err)
	}
	return signed, c, nil
}

// Verify checks signed and returns the principal it names. Every failure is
// an apperr Unauthorized error with one public message; the wrapped error
// says why.
func (k *Keyring) Verify(signed string) (auth.Principal, Claims, error) {
	var ac accessClaims
	if _, err := k.parser.ParseWithClaims(signed, &ac, k.verificationKey); err != nil {
		return auth.Anonymous, Claims{}, invalidToken(err)
	}
	switch {
	case ac.Subject == "":
		return auth.Anonymous, Claims{}, invalidToken(fmt.Errorf("%w: sub", jwt.ErrTokenRequiredClaimMissing))
	case ac.ID == "":
		return auth.Anonymous, Claims{}, invalidToken(fmt.Errorf("%w: jti", jwt.ErrTokenRequiredClaimMissing))
	case ac.IssuedAt == nil:
		return auth.Anonymous, Claims{}, invalidToken(fmt.Errorf("%w: iat", jwt.ErrTokenRequiredClaimMissing))
	}
	c := Claims{
		Subject:   ac.Subject,
		Admin:     ac.Admin,
		SessionID: ac.SessionID,
		ID:        ac.ID,
		IssuedAt:  ac.IssuedAt.UTC(),
		ExpiresAt: ac.ExpiresAt.UTC(),
	}
	return auth.Principal{UserID: c.Subject, Admin: c.Admin, SessionID: c.SessionID}, c, nil
}

// verificationKey is the jwt.Keyfunc: the public key named by the token's kid,
// provided that key is still verifiable.
func (k *Keyring) verificationKey(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, errNoKeyID
	}
	found, ok, err := k.keys.Lookup(kid)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", errUnknownKey, kid, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w %q", errUnknownKey, kid)
	}
	if !found.VerifiableAt(k.now()) {
		return nil, fmt.Errorf("%w: %s expired at %s", errKeyExpired, kid, found.ExpiresAt.Format(time.RFC3339))
	}
	return found.Public, nil
}

// randomTokenID returns 128 random bits, base64url encoded, for the jti claim.
func randomTokenID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("issue access token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
